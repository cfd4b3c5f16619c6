/**
 * Auth0's error texts and headers: RFC 6749 bodies on the token endpoint and open registration, hapi/Boom bodies
 * `{statusCode, error, message, errorCode}` on the Management API (shared/reference/vendors.md §1).
 */
import { Auth0ApiError, OAuthError } from '../../errors';
import { dialect } from '../kit';

// Auth0 answers its token endpoint with these headers (captured responses show `cache-control: no-store` and
// `pragma: no-cache`; RFC 6749 §5.1 requires no-store).
export const TOKEN_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};
export const DOCUMENT_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=15' };
export const MANAGEMENT_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' };

// auth0/node-auth0#682 and #134: a wrong secret and an unknown client both get 401 access_denied "Unauthorized".
export const unauthorized = () => new OAuthError(401, 'access_denied', 'Unauthorized');
export const grantNotAllowed = () =>
  new OAuthError(403, 'unauthorized_client', "Grant type 'client_credentials' not allowed for the client.", {
    error_uri: 'https://auth0.com/docs/clients/client-grant-types',
  });

/** hapi's answer to an unknown route, and to a method a route does not serve: Boom's 404. */
export const notFound = () => new Auth0ApiError(404, 'Not Found');

// vendors.md §1.4: `{"statusCode":400,"error":"Bad Request","message":"Payload validation error: …","errorCode":"invalid_body"}`.
export const invalidBody = (detail: string) => new Auth0ApiError(400, `Payload validation error: ${detail}`, 'invalid_body');
export const noSuchClient = () => new Auth0ApiError(404, 'The client does not exist', 'inexistent_client');
export const noSuchGrant = () => new Auth0ApiError(404, 'The client grant does not exist', 'inexistent_client_grant');

/** The token endpoint's (and open registration's) dialect. */
export const TOKEN_DIALECT = dialect(TOKEN_HEADERS, {
  tooLarge: () => new OAuthError(413, 'invalid_request', 'Payload content length greater than maximum allowed: 65536'),
  malformed: () => new OAuthError(400, 'invalid_request', 'Invalid request body'),
  server: () => new OAuthError(500, 'server_error', 'Internal Server Error'),
});

/** The Management API's dialect. */
export const MANAGEMENT_DIALECT = dialect(MANAGEMENT_HEADERS, {
  tooLarge: () => new Auth0ApiError(413, 'Payload content length greater than maximum allowed: 65536'),
  malformed: (problem) => invalidBody(problem === 'not_an_object' ? "'Expected type object'." : "'Invalid JSON'."),
  server: () => new Auth0ApiError(500, 'Internal Server Error'),
});
