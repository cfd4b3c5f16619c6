/**
 * Curity's public documents: discovery for the anonymous profile and the JWKS (shared/reference/vendors.md §2.2).
 */
import type { SigningKey } from '../../core/keys';
import { type EndpointUrls, keySet, parentOf } from '../kit';

/** Introspection stands beside the token endpoint under Curity's default name. */
export const INTROSPECTION = 'oauth-introspect';

// Curity's discovery document for the anonymous profile (vendors.md §2.2); endpoint names are the defaults.
export function discovery(urls: EndpointUrls, registrationEndpoint: string, clientScopes: string[]): Record<string, unknown> {
  // The default endpoints stand beside the token endpoint (…/oauth/v2/oauth-token → …/oauth/v2/oauth-authorize).
  const base = parentOf(urls.token);
  const scopes = [...new Set(clientScopes)];
  return {
    issuer: urls.issuer,
    authorization_endpoint: `${base}/oauth-authorize`,
    token_endpoint: urls.token,
    userinfo_endpoint: `${base}/oauth-userinfo`,
    introspection_endpoint: `${base}/${INTROSPECTION}`,
    revocation_endpoint: `${base}/oauth-revoke`,
    end_session_endpoint: `${base}/oauth-session/logout`,
    jwks_uri: urls.jwks,
    registration_endpoint: registrationEndpoint,
    response_types_supported: [
      'code',
      'token',
      'id_token',
      'code id_token',
      'code token',
      'id_token token',
      'code id_token token',
    ],
    grant_types_supported: [
      'authorization_code',
      'client_credentials',
      'refresh_token',
      'implicit',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth'],
    scopes_supported: ['openid', ...scopes],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}

export function jwks(keys: SigningKey[]): { keys: Record<string, string>[] } {
  return keySet(keys, ['alg', 'use']);
}
