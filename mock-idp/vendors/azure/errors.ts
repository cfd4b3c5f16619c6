/**
 * Entra's error texts and headers (shared/reference/vendors.md §4): the AADSTS envelope of the token endpoints
 * and its HTML page for browsers, and Microsoft Graph's error envelope (§4.3).
 */
import type { Context, Next } from 'koa';
import type { Clock } from '../../core/clock';
import { BodyError } from '../../core/http';
import { uuid } from '../../core/ids';
import { AadstsError, InjectedStatus, markErrorRenderer } from '../../errors';
import { aadTimestamp } from '../../errors/render';
import { dialect } from '../kit';

// Headers of a recorded Entra token response (Azure SDK nock recording, vendors.md §4.1).
export const TOKEN_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store, no-cache',
  Pragma: 'no-cache',
  Expires: '-1',
  'X-Content-Type-Options': 'nosniff',
};
// Discovery headers from the same recordings (vendors.md §4.2).
export const DOCUMENT_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'max-age=86400, private',
  'Access-Control-Allow-Origin': '*',
};

/** The token endpoints' (and documents') dialect. */
export const TOKEN_DIALECT = dialect(TOKEN_HEADERS, {
  tooLarge: () => new AadstsError(413, 'invalid_request', 90004, 'Request is too large.'),
  // Entra reads only form bodies; anything it cannot parse reads as a body without parameters.
  malformed: () => missing('grant_type'),
  server: () => new AadstsError(500, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
});

export const invalidSecret = (clientId: string) =>
  new AadstsError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );

export const expiredSecret = (clientId: string) =>
  new AadstsError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${clientId}' are expired.`);

export function unknownApplication(directory: string, clientId: string): AadstsError {
  return new AadstsError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );
}

/** AADSTS900144: a required parameter is missing (vendors.md §4.1, PARTIAL). */
export function missing(parameter: string): AadstsError {
  return new AadstsError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${parameter}'.`,
  );
}

/** Entra's sign-in error page, for a browser's request. */
export function htmlError(ctx: Context, clock: Clock, code: number, message: string): void {
  const requestId = uuid();
  const timestamp = aadTimestamp(clock.now()).replace(' ', 'T');
  ctx.status = 400;
  ctx.set({ ...TOKEN_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'x-ms-request-id': requestId });
  ctx.body = `<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><h1>Sorry, but we're having trouble signing you in.</h1><p>Request Id: ${requestId}<br>Correlation Id: ${uuid()}<br>Timestamp: ${timestamp}<br>Message: AADSTS${code}: ${message}</p></body></html>`;
}

/**
 * A GET on either token endpoint: AADSTS900561. API callers get JSON with status 400 and the "POST, OPTIONS"
 * wording (a PowerShell caller reported "(400) Bad Request" with it: NunoFilipeMota/PublicScripts#5; also
 * BitySA/oauth2-auth-code-pkce#30); browsers get Entra's HTML page with the wording vendors.md §4.1 confirms.
 * OPTIONS (CORS preflight) is accepted, as the wording says.
 */
export function onlyPost(clock: Clock) {
  return function onlyPost(ctx: Context): void {
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      ctx.set('Allow', 'POST, OPTIONS');
      return;
    }
    if (ctx.accepts('json', 'html') === 'html') {
      htmlError(ctx, clock, 900561, `The endpoint only accepts POST requests. Received a ${ctx.method} request.`);
      return;
    }
    throw new AadstsError(
      400,
      'invalid_request',
      900561,
      `The endpoint only accepts POST, OPTIONS requests. Received a ${ctx.method} request.`,
    );
  };
}

export const GRAPH_HEADERS = {
  'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  'Cache-Control': 'no-cache',
};

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Graph's throttling answer: 429 `TooManyRequests` with Retry-After (learn.microsoft.com, "Microsoft Graph
 * throttling guidance"); 503 `serviceNotAvailable` and other 5xx `generalException` follow Graph's error codes.
 */
function injectedGraphError(status: number): GraphError {
  if (status === 429) return new GraphError(429, 'TooManyRequests', 'Too many requests.');
  if (status === 503) return new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable.');
  if (status >= 500) return new GraphError(status, 'generalException', 'General exception while processing.');
  return new GraphError(status, 'BadRequest', 'The request is invalid.');
}

export const denied = () =>
  new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
export const notFound = (id: string) =>
  new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

// Query errors of the directory's collections. Code and wording CONFIRMED from errors users pasted:
// msgraph-sdk-dotnet#2552 ("Unsupported or invalid query filter clause specified for property 'description' of
// resource 'Application'.") and microsoft-graph-docs-contrib#1726 (Request_UnsupportedQuery, and "Unsupported
// property filter clause operator 'NotEqualsMatch'." for `ne` without advanced query parameters).
export const unsupportedFilterProperty = (property: string) =>
  new GraphError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource 'Application'.`,
  );
export const unsupportedFilterOperator = (operator: string) =>
  new GraphError(400, 'Request_UnsupportedQuery', `Unsupported property filter clause operator '${operator}'.`);
/** A $filter that does not parse: code and message as quoted in microsoft-graph-docs-contrib#4133 (PARTIAL). */
export const invalidFilter = () => new GraphError(400, 'BadRequest', 'Invalid filter clause');
/** A $select naming no property of application: OData's parser wording (UNCONFIRMED for Graph). */
export const unknownSelectProperty = (property: string) =>
  new GraphError(
    400,
    'BadRequest',
    `Parsing OData Select and Expand failed: Could not find a property named '${property}' on type 'microsoft.graph.application'.`,
  );
/** $top outside 1-999, the documented range for applications (application-list.md); the wording is UNCONFIRMED. */
export const invalidPageSize = (value: string) =>
  new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`);
/** A $skiptoken the directory cannot resume from (UNCONFIRMED wording; the code is the directory's). */
export const expiredPageToken = () =>
  new GraphError(
    400,
    'Directory_ExpiredPageToken',
    'The specified page token value has expired and can no longer be included in your request.',
  );
/** A PATCH naming a property application does not have: OData's validation wording (UNCONFIRMED for Graph). */
export const unknownProperty = (property: string) =>
  new GraphError(
    400,
    'Request_BadRequest',
    `The property '${property}' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
  );
/** A read-only property (id, appId, …) or passwordCredentials in a PATCH (UNCONFIRMED wording). */
export const readOnlyProperty = (property: string) =>
  new GraphError(400, 'Request_BadRequest', `Property '${property}' is read-only and cannot be set.`);
/** A property given a value of the wrong kind: the wording create already uses for displayName (PARTIAL). */
export const invalidValue = (property: string) =>
  new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource 'Application'.`);

/**
 * The ids Graph puts on every response: a `request-id` of its own and the caller's `client-request-id` echoed, or
 * the request-id again when the caller sent none. CONFIRMED: msgraph-sdk-javascript src/middleware/ChaosHandler.ts
 * (Microsoft's own imitation of a Graph answer sets both headers, client-request-id = request-id) and
 * TelemetryHandler.ts (the SDK sends a client-request-id on every Graph request); an error body's innerError with
 * client-request-id equal to request-id for a caller that sent none: microsoftgraph/microsoft-graph-docs-contrib#1726.
 */
export interface GraphRequestIds {
  requestId: string;
  clientRequestId: string;
}

export function graphRequestIds(ctx: Context): GraphRequestIds {
  const existing = ctx.state.graphRequestIds as GraphRequestIds | undefined;
  if (existing) return existing;
  const requestId = uuid();
  const ids = { requestId, clientRequestId: ctx.get('client-request-id') || requestId };
  ctx.state.graphRequestIds = ids;
  return ids;
}

/**
 * Graph's error envelope: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`
 * (learn.microsoft.com/graph/errors; the three innerError fields as in every error quoted in
 * microsoft-graph-docs-contrib#1726 and msgraph-sdk-design ErrorContent.md, CONFIRMED). It is also the first step of
 * every Graph route, so it is where the request-id and client-request-id headers are set, whatever the answer.
 */
export function graphErrorRenderer(clock: () => Clock | undefined) {
  return markErrorRenderer(async function renderErrors(ctx: Context, next: Next): Promise<void> {
    const ids = graphRequestIds(ctx);
    ctx.set({ 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId });
    try {
      await next();
    } catch (error) {
      if (error instanceof InjectedStatus && error.retryAfter !== undefined) ctx.set('Retry-After', String(error.retryAfter));
      const graph =
        error instanceof InjectedStatus
          ? injectedGraphError(error.status)
          : error instanceof GraphError
            ? error
            : error instanceof BodyError
              ? new GraphError(
                  error.problem === 'too_large' ? 413 : 400,
                  'BadRequest',
                  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
                )
              : undefined;
      if (!graph) {
        console.error(`mock-idp: unexpected error on ${ctx.method} ${ctx.path}:`, error);
      }
      const e = graph ?? new GraphError(500, 'generalException', 'General exception while processing.');
      ctx.status = e.status;
      ctx.set(GRAPH_HEADERS);
      ctx.body = JSON.stringify({
        error: {
          code: e.code,
          message: e.message,
          innerError: {
            date: new Date(clock()?.now() ?? Date.now()).toISOString().slice(0, 19),
            'request-id': ids.requestId,
            'client-request-id': ids.clientRequestId,
          },
        },
      });
    }
  });
}
