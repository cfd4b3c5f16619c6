/**
 * Curity's error bodies and headers (shared/reference/vendors.md §2.1).
 */
import { OAuthError } from '../../errors';
import { dialect } from '../kit';

export const TOKEN_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' };
export const DOCUMENT_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' };

// Curity's token endpoint errors are RFC 6749 bodies; whether it adds error_description is UNCONFIRMED
// (vendors.md §2.1 shows `{"error":"invalid_client"}` and `{"error":"invalid_scope"}`), so none is added.
export const bare = (status: number, error: string) => new OAuthError(status, error);

/** The dialect of the token, introspection and registration endpoints. */
export const TOKEN_DIALECT = dialect(TOKEN_HEADERS, {
  tooLarge: () => bare(413, 'invalid_request'),
  malformed: () => bare(400, 'invalid_request'),
  server: () => bare(500, 'server_error'),
});
