/**
 * Auth0's public documents: OpenID discovery and the JWKS (shared/reference/vendors.md §1.2).
 */
import type { SigningKey } from '../../core/keys';
import { type EndpointUrls, keySet } from '../kit';

// GET /.well-known/openid-configuration (vendors.md §1.2: issuer with "/", token_endpoint, jwks_uri and
// registration_endpoint are CONFIRMED; the remaining members follow a public Auth0 tenant's document).
export function discovery(base: string, urls: EndpointUrls, registrationEndpoint: string): Record<string, unknown> {
  return {
    issuer: urls.issuer,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: urls.token,
    device_authorization_endpoint: `${base}/oauth/device/code`,
    userinfo_endpoint: `${base}/userinfo`,
    mfa_challenge_endpoint: `${base}/mfa/challenge`,
    jwks_uri: urls.jwks,
    registration_endpoint: registrationEndpoint,
    revocation_endpoint: `${base}/oauth/revoke`,
    scopes_supported: [
      'openid',
      'profile',
      'offline_access',
      'name',
      'given_name',
      'family_name',
      'nickname',
      'email',
      'email_verified',
      'picture',
      'created_at',
      'identities',
      'phone',
      'address',
    ],
    response_types_supported: [
      'code',
      'token',
      'id_token',
      'code token',
      'code id_token',
      'token id_token',
      'code token id_token',
    ],
    code_challenge_methods_supported: ['S256', 'plain'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['public'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    claims_supported: [
      'aud',
      'auth_time',
      'created_at',
      'email',
      'email_verified',
      'exp',
      'family_name',
      'given_name',
      'iat',
      'identities',
      'iss',
      'name',
      'nickname',
      'phone_number',
      'picture',
      'sub',
    ],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
    id_token_signing_alg_values_supported: ['HS256', 'RS256', 'PS256'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'PS256'],
    end_session_endpoint: `${base}/oidc/logout`,
  };
}

// Auth0's JWKS also carries x5t and x5c (a self-signed certificate); the harness has no certificate, so
// those two members are left out (listed in the README's fidelity table).
export function jwks(keys: SigningKey[]): { keys: Record<string, string>[] } {
  return keySet(keys, ['alg', 'use']);
}
