/**
 * Okta's public documents (shared/reference/vendors.md §3.2): OpenID discovery and RFC 8414 metadata per
 * authorization server, and the JWKS.
 */
import type { Context } from 'koa';
import { expandTemplate, okta } from '../../../shared/vendors';
import type { SigningKey } from '../../core/keys';
import { keySet, parentOf } from '../kit';
import { DOCUMENT_HEADERS } from './errors';
import { authServer, serverUrls } from './servers';
import type { AuthServerConfig, OktaHost } from './store';

export type DocumentKind = 'openid-configuration' | 'oauth-authorization-server';

/** A server's document, serialised once per server and answered from memory. */
export function serveDiscovery(host: OktaHost, kind: DocumentKind) {
  const cache = new Map<string, string>();
  return function serveDiscovery(ctx: Context): void {
    const server = authServer(host, ctx);
    const key = server?.id ?? '';
    let text = cache.get(key);
    if (text === undefined) {
      text = JSON.stringify(discovery(host, server, kind));
      cache.set(key, text);
    }
    ctx.status = 200;
    ctx.set(DOCUMENT_HEADERS);
    ctx.body = text;
  };
}

// okta-developer-docs (vendors.md §3.2): issuer, token_endpoint, jwks_uri and the org-level
// registration_endpoint are CONFIRMED; the other members follow Okta's published metadata.
export function discovery(host: OktaHost, server: AuthServerConfig | null, kind: DocumentKind): Record<string, unknown> {
  const urls = serverUrls(host.baseUrl, server?.id ?? null);
  const issuer = urls.issuer;
  // The other endpoints stand beside the token endpoint (…/v1/token → …/v1/authorize).
  const v1 = parentOf(urls.token);
  const scopes = [
    'openid',
    'profile',
    'email',
    'address',
    'phone',
    'offline_access',
    'device_sso',
    ...(server?.scopes.map((s) => s.name) ?? []),
  ];
  const doc: Record<string, unknown> = {
    issuer,
    authorization_endpoint: `${v1}/authorize`,
    token_endpoint: urls.token,
    registration_endpoint: expandTemplate(okta.registration.endpointTemplate, { baseUrl: host.baseUrl }),
    jwks_uri: urls.jwks,
    response_types_supported: ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: [
      'authorization_code',
      'implicit',
      'refresh_token',
      'password',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    subject_types_supported: ['public'],
    scopes_supported: scopes,
    token_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'none',
    ],
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${v1}/introspect`,
    introspection_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'none',
    ],
    revocation_endpoint: `${v1}/revoke`,
    revocation_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'none',
    ],
    end_session_endpoint: `${v1}/logout`,
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: [
      'HS256',
      'HS384',
      'HS512',
      'RS256',
      'RS384',
      'RS512',
      'ES256',
      'ES384',
      'ES512',
    ],
    device_authorization_endpoint: `${v1}/device/authorize`,
  };
  if (kind === 'openid-configuration') {
    doc.userinfo_endpoint = `${v1}/userinfo`;
    doc.id_token_signing_alg_values_supported = ['RS256'];
    doc.claims_supported = [
      'iss',
      'ver',
      'sub',
      'aud',
      'iat',
      'exp',
      'jti',
      'auth_time',
      'amr',
      'idp',
      'nonce',
      'name',
      'nickname',
      'preferred_username',
      'given_name',
      'middle_name',
      'family_name',
      'email',
      'email_verified',
      'profile',
      'zoneinfo',
      'locale',
      'address',
      'phone_number',
      'picture',
      'website',
      'gender',
      'birthdate',
      'updated_at',
      'at_hash',
      'c_hash',
    ];
  }
  return doc;
}

// Okta's /v1/keys members: kty, alg, kid, use, e, n (okta-developer-docs "keys" response).
export function jwks(keys: SigningKey[]): { keys: Record<string, string>[] } {
  return keySet(keys, ['alg', 'use']);
}
