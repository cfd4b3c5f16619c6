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
import { AadstsError, Auth0ApiError, isWireError, OAuthError, OktaApiError, type WireError } from './index';

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
    sendJson(
      ctx,
      error.status,
      {
        errorCode: error.errorCode,
        errorSummary: error.summary,
        errorLink: error.errorCode,
        errorId: `oae${alphanumeric(22)}`,
        errorCauses: [],
      },
      env.headers,
    );
    return;
  }
  error satisfies never;
}

export interface Boundary extends RenderContext {
  /** Maps a request-body problem to the endpoint's own error. */
  bodyError: (problem: BodyError['problem']) => WireError;
  /** The dialect's answer to an unexpected failure. */
  serverError: () => WireError;
}

export function errorBoundary(boundary: Boundary) {
  return async function renderVendorErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      if (isWireError(error)) return renderError(ctx, error, boundary);
      if (error instanceof BodyError) return renderError(ctx, boundary.bodyError(error.problem), boundary);
      console.error(`mock-idp: unexpected error on ${ctx.method} ${ctx.path}:`, error);
      renderError(ctx, boundary.serverError(), boundary);
    }
  };
}
