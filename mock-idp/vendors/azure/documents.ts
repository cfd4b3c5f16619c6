/**
 * Entra's public documents: v1 and v2 discovery and keys (shared/reference/vendors.md §4.2).
 */
import type { Context } from 'koa';
import type { SigningKey } from '../../core/keys';
import { type EndpointUrls, keySet, parentOf } from '../kit';
import { DOCUMENT_HEADERS } from './errors';
import type { Version } from './token';

/** A document built on first request, then answered from memory. */
export function serveDocument(build: () => unknown) {
  let text: string | undefined;
  return function serveDocument(ctx: Context): void {
    text ??= JSON.stringify(build());
    ctx.status = 200;
    ctx.set(DOCUMENT_HEADERS);
    ctx.body = text;
  };
}

/** The claims both discovery documents list first, in Entra's order. */
const CLAIMS = [
  'sub',
  'iss',
  'cloud_instance_name',
  'cloud_instance_host_name',
  'cloud_graph_host_name',
  'msgraph_host',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'acr',
];

// Entra discovery documents (vendors.md §4.2, from SDK recordings); login.microsoftonline.com becomes the
// harness tenant's base URL, except the v1 issuer which Entra always reports as sts.windows.net.
// `t` is the tenant's URL (`<base>/<tenant id>`); the OAuth endpoints stand beside each version's token endpoint.
export function discovery(version: Version, t: string, urls: EndpointUrls): Record<string, unknown> {
  const oauth2 = parentOf(urls.token);
  const shared = {
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
  const cloud = {
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
  if (version === 'v2') {
    return {
      token_endpoint: urls.token,
      ...shared,
      jwks_uri: urls.jwks,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: urls.issuer,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${oauth2}/authorize`,
      device_authorization_endpoint: `${oauth2}/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${oauth2}/logout`,
      claims_supported: [...CLAIMS, 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
      kerberos_endpoint: `${t}/kerberos`,
      ...cloud,
    };
  }
  return {
    token_endpoint: urls.token,
    ...shared,
    // vendors.md §4.2: v1 discovery points at the shared keys (PARTIAL).
    jwks_uri: urls.jwks,
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: urls.issuer,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${oauth2}/authorize`,
    device_authorization_endpoint: `${oauth2}/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${oauth2}/logout`,
    claims_supported: [...CLAIMS, 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    check_session_iframe: `${oauth2}/checksession`,
    userinfo_endpoint: `${t}/openid/userinfo`,
    kerberos_endpoint: `${t}/kerberos`,
    ...cloud,
  };
}

// Entra keys carry kid = x5t; v2 keys add `issuer`. x5c (the certificate chain) is not emulated.
export function jwks(version: Version, issuerV2: string, keys: SigningKey[]): { keys: Record<string, string>[] } {
  const set = keySet(keys, ['use', 'x5t']);
  return version === 'v2' ? { keys: set.keys.map((key) => ({ ...key, issuer: issuerV2 })) } : set;
}
