/**
 * One renderer per error dialect, and the boundary middleware that turns anything thrown below it into the
 * vendor's own error body. Unexpected errors become the dialect's server error and are logged without the
 * request (no parameters, so no secrets); a stack trace never reaches the client.
 */
import { STATUS_CODES } from 'node:http';
import type { Context, Next } from 'koa';
import type { Clock } from '../core/clock';
import { BodyError, type HeaderSet, sendJson } from '../core/http';
import { alphanumeric, uuid } from '../core/ids';
import {
  AadstsError,
  Auth0ApiError,
  InjectedStatus,
  isWireError,
  markErrorRenderer,
  OAuthError,
  OktaApiError,
  type WireError,
} from './index';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entra's timestamp format: `2023-02-20 07:21:29Z` (a space, no fraction). */
export function aadTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export interface RenderContext {
  clock: Clock;
  /** The headers the endpoint always sends (content type, cache control). */
  headers: HeaderSet;
}

/** Okta's error envelope; `errorId` is `oae` + 22 characters, `errorCauses` each `{errorSummary}`. */
export function oktaErrorBody(error: OktaApiError, causes: readonly string[] = []): Record<string, unknown> {
  return {
    errorCode: error.errorCode,
    errorSummary: error.summary,
    errorLink: error.errorCode,
    errorId: `oae${alphanumeric(22)}`,
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

export function renderError(ctx: Context, error: WireError, env: RenderContext): void {
  if (error instanceof OAuthError) {
    const body: Record<string, string> = { error: error.error };
    if (error.description !== undefined) body.error_description = error.description;
    Object.assign(body, error.extra);
    sendJson(ctx, error.status, body, env.headers);
    return;
  }
  if (error instanceof AadstsError) {
    const traceId = uuid();
    const requestId = ctx.get('client-request-id');
    // Entra uses the caller's client-request-id as the correlation id when it is a GUID (MSAL sends one).
    const correlationId = GUID.test(requestId) ? requestId.toLowerCase() : uuid();
    const timestamp = aadTimestamp(env.clock.now());
    sendJson(
      ctx,
      error.status,
      {
        error: error.error,
        error_description: `AADSTS${error.code}: ${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
        error_codes: [error.code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
      },
      { ...env.headers, 'x-ms-request-id': traceId },
    );
    return;
  }
  if (error instanceof Auth0ApiError) {
    const body: Record<string, unknown> = {
      statusCode: error.status,
      error: STATUS_CODES[error.status] ?? 'Error',
      message: error.message,
    };
    if (error.errorCode !== undefined) body.errorCode = error.errorCode;
    sendJson(ctx, error.status, body, env.headers);
    return;
  }
  if (error instanceof OktaApiError) {
    sendJson(ctx, error.status, oktaErrorBody(error), env.headers);
    return;
  }
  error satisfies never;
}

export interface Boundary extends RenderContext {
  /** Maps a request-body problem to the endpoint's own error. */
  bodyError: (problem: BodyError['problem']) => WireError;
  /** The dialect's answer to an unexpected failure. */
  serverError: () => WireError;
  /** The body for an injected status, where the vendor's own is known (else `injectedError` derives one). */
  injected?: (status: number) => WireError | undefined;
}

/**
 * An injected status in the boundary's dialect: the same error class as its server error, with the code the
 * dialect uses for that status. Vendor-specific bodies (Okta E0000047, …) come from `boundary.injected`.
 */
export function injectedError(boundary: Boundary, status: number): WireError {
  const known = boundary.injected?.(status);
  if (known) return known;
  const model = boundary.serverError();
  const reason = STATUS_CODES[status] ?? 'Error';
  if (status >= 500 && status !== 503) {
    // The dialect's own server error, at the injected status.
    if (model instanceof OAuthError) return new OAuthError(status, model.error, model.description, model.extra);
    if (model instanceof AadstsError) return new AadstsError(status, model.error, model.code, model.message);
    if (model instanceof Auth0ApiError) return new Auth0ApiError(status, model.message, model.errorCode);
    return new OktaApiError(status, model.errorCode, model.summary);
  }
  const code = status === 429 ? 'too_many_requests' : status === 503 ? 'temporarily_unavailable' : 'invalid_request';
  // A dialect without descriptions (Curity's bare bodies) stays without one.
  if (model instanceof OAuthError) return new OAuthError(status, code, model.description === undefined ? undefined : reason);
  // Entra answers throttled client-credentials calls with 429 and Retry-After (MSAL.NET "client and server
  // throttling"); the body is UNCONFIRMED: the AADSTS envelope with its transient-error code 90033.
  if (model instanceof AadstsError)
    return new AadstsError(status, code, 90033, 'A transient error has occurred. Please try again.');
  if (model instanceof Auth0ApiError) return new Auth0ApiError(status, reason, code);
  return new OktaApiError(
    status,
    status === 429 ? 'E0000047' : 'E0000009',
    status === 429 ? 'API call exceeded rate limit due to too many requests.' : reason,
  );
}

export function errorBoundary(boundary: Boundary) {
  return markErrorRenderer(async function renderVendorErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      if (error instanceof InjectedStatus) {
        renderError(ctx, injectedError(boundary, error.status), boundary);
        if (error.retryAfter !== undefined) ctx.set('Retry-After', String(error.retryAfter));
        return;
      }
      if (isWireError(error)) return renderError(ctx, error, boundary);
      if (error instanceof BodyError) return renderError(ctx, boundary.bodyError(error.problem), boundary);
      console.error(`mock-idp: unexpected error on ${ctx.method} ${ctx.path}:`, error);
      renderError(ctx, boundary.serverError(), boundary);
    }
  });
}
