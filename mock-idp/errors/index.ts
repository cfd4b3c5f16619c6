/**
 * Errors are thrown anywhere as classes and rendered in one place per dialect (`render.ts`). Each class is one
 * vendor dialect's vocabulary; the renderer adds what the dialect needs from the request (Entra's trace ids).
 */

import type { Middleware } from 'koa';

/** Thrown by the fault step (faults/inject.ts); each error renderer turns it into its dialect's body for that status. */
export class InjectedStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: number | undefined,
  ) {
    super(`injected ${status}`);
  }
}

const RENDERER = Symbol('error renderer');

/** Marks a middleware that renders errors thrown below it (and understands InjectedStatus): faults go after it. */
export function markErrorRenderer<T extends Middleware>(middleware: T): T {
  return Object.assign(middleware, { [RENDERER]: true });
}

export function isErrorRenderer(step: Middleware): boolean {
  return (step as { [RENDERER]?: boolean })[RENDERER] === true;
}

/** RFC 6749 §5.2 shape: `{"error","error_description"?,…}`. Auth0, Okta and Curity token endpoints use it. */
export class OAuthError extends Error {
  readonly dialect = 'oauth';

  constructor(
    readonly status: number,
    readonly error: string,
    readonly description?: string,
    /** Fields after `error_description`, e.g. Auth0's `error_uri`. */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(description ? `${error}: ${description}` : error);
  }
}

/**
 * Microsoft Entra's AADSTS envelope. `message` is the text after `AADSTSnnnn: `; the renderer appends the
 * Trace ID, Correlation ID and Timestamp lines and the envelope fields.
 */
export class AadstsError extends Error {
  readonly dialect = 'aadsts';

  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** hapi/Boom shape used by Auth0's APIs: `{"statusCode","error","message","errorCode"?}`. */
export class Auth0ApiError extends Error {
  readonly dialect = 'auth0-api';

  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
  ) {
    super(message);
  }
}

/** Okta's core API shape: `{"errorCode","errorSummary","errorLink","errorId","errorCauses"}`. */
export class OktaApiError extends Error {
  readonly dialect = 'okta-api';

  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly summary: string,
  ) {
    super(summary);
  }
}

export type WireError = OAuthError | AadstsError | Auth0ApiError | OktaApiError;

export function isWireError(value: unknown): value is WireError {
  return (
    value instanceof OAuthError || value instanceof AadstsError || value instanceof Auth0ApiError || value instanceof OktaApiError
  );
}
