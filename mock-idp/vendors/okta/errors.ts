/**
 * Okta's error texts and headers (shared/reference/vendors.md §3): RFC 6749 bodies on the token endpoint,
 * `{errorCode, errorSummary, …}` bodies (E0000…) on its APIs.
 */
import type { Context } from 'koa';
import { OAuthError, OktaApiError } from '../../errors';
import { oktaErrorBody } from '../../errors/render';
import { dialect, sendJson } from '../kit';

// The content type Okta's APIs answer with (okta-developer-docs, DCR reference: `application/json;charset=UTF-8`).
export const JSON_TYPE = 'application/json;charset=UTF-8';
// Cache headers as RFC 6749 §5.1 requires; Okta's exact set on /v1/token is UNCONFIRMED.
export const TOKEN_HEADERS = {
  'Content-Type': JSON_TYPE,
  'Cache-Control': 'no-cache, no-store',
  Pragma: 'no-cache',
  Expires: '0',
};
export const DOCUMENT_HEADERS = { 'Content-Type': JSON_TYPE, 'Cache-Control': 'max-age=86400, must-revalidate' };
export const API_HEADERS = { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache, no-store', Pragma: 'no-cache' };

// Okta's token endpoint descriptions, verbatim from the sources in vendors.md §3.1.
export const WRONG_SECRET = 'The client secret supplied for a confidential client is invalid.'; // CONFIRMED
export const UNKNOWN_CLIENT = "Invalid value for 'client_id' parameter."; // CONFIRMED (Okta DCR docs)
export const NO_DEFAULT_SCOPES =
  "The authorization server resource does not have any configured default scopes, 'scope' must be provided."; // requests-oauthlib#463
export const UNKNOWN_SCOPE = 'One or more scopes are not configured for the authorization server resource.'; // CONFIRMED
// UNCONFIRMED by an Okta source: quoted from real responses in third-party client code (see token.ts).
export const MULTIPLE_CREDENTIALS =
  'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.';
export const CUSTOM_SCOPES_ON_ORG = 'Custom scopes are not allowed for this request.'; // devforum.okta.com (org AS)

/**
 * Okta's rate-limit answer on every endpoint: 429 with E0000047 "API call exceeded rate limit due to too many
 * requests." (okta-developer-docs "Rate limits"; the text is seen in firezone/firezone#6735). Okta also sends
 * X-Rate-Limit-* headers, which the harness does not.
 */
export const rateLimited = () => new OktaApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');

// A known path asked with another method: 405 E0000022 "The endpoint does not support the provided HTTP method".
// Okta's error-code list (https://developer.okta.com/docs/reference/error-codes/#E0000022) gives the code and the
// summary but lists it under 404; a real answer seen on the wire is 405 with that summary and no final period
// (okta/okta-auth-java#61: "HTTP 405, Okta E0000022 (The endpoint does not support the provided HTTP method)"),
// so the harness answers 405 (PARTIAL: seen on /api/v1/authn, UNCONFIRMED on /v1/token and the other paths).
export const methodNotAllowed = () => new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');

/** The token endpoint's dialect (discovery and JWKS of custom servers use it too). */
export const TOKEN_DIALECT = dialect(TOKEN_HEADERS, {
  tooLarge: () => new OAuthError(413, 'invalid_request', 'The request body is too large.'),
  malformed: () => new OAuthError(400, 'invalid_request', 'The request body is malformed.'),
  server: () => new OAuthError(500, 'server_error', 'The server encountered an internal error.'),
  injected: (status) => (status === 429 ? rateLimited() : undefined),
});

/** The Dynamic Client Registration API's dialect. */
export const API_DIALECT = dialect(API_HEADERS, {
  tooLarge: () => new OktaApiError(413, 'E0000003', 'The request body was not well-formed.'),
  malformed: () => new OktaApiError(400, 'E0000003', 'The request body was not well-formed.'),
  server: () => new OktaApiError(500, 'E0000009', 'Internal Server Error'),
});

/**
 * A path no Okta route serves: 404 E0000008 "The requested path was not found." The code, summary and status are
 * Okta's error-code list (https://developer.okta.com/docs/reference/error-codes/#E0000008, PARTIAL: that Okta
 * answers an unknown path with this code, and the summary's final period, are UNCONFIRMED on the wire).
 */
export const pathNotFound = () => new OktaApiError(404, 'E0000008', 'The requested path was not found.');

/**
 * An unknown app id in the Apps API: 404 E0000007 "Not found: Resource not found: {id} (AppInstance)". The
 * envelope and status are the management spec's ErrorResourceNotFound404 (okta/okta-sdk-nodejs
 * oas-spec/management.yaml, `Not found: {0}`); the `(AppInstance)` text is quoted from an unknown app id in
 * okta/okta-sdk-dotnet's migration guide (PARTIAL).
 */
export const appNotFound = (id: string) =>
  new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (AppInstance)`);

/** An Okta error whose `errorCauses` are not empty (the error boundary renders `[]`), e.g. E0000056 and E0000001. */
export function sendOktaError(ctx: Context, error: OktaApiError, causes: string[]): void {
  sendJson(ctx, error.status, oktaErrorBody(error, causes), API_HEADERS);
}
