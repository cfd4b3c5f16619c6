/** OAuth 2.0 vocabulary shared by the extension and the harness (RFC 6749, RFC 7591, RFC 7662). */

export const GRANT_CLIENT_CREDENTIALS = 'client_credentials';

/** RFC 6749 §5.2 error codes, plus the ones vendors add on the token endpoint. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'invalid_resource'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'invalid_client_metadata'
  | 'invalid_token';

/** The fields every vendor's successful client_credentials response has in common (values may be strings: Entra v1). */
export interface TokenResponseBody {
  access_token: string;
  token_type: string;
  expires_in: number | string;
  scope?: string;
  [field: string]: unknown;
}

export interface OAuthErrorBody {
  error: string;
  error_description?: string;
  error_uri?: string;
  [field: string]: unknown;
}

export function isOAuthErrorBody(value: unknown): value is OAuthErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { error?: unknown }).error === 'string';
}
