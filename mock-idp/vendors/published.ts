/**
 * What a persona publishes: its public documents (discovery, JWKS) served from memory, and the URLs in them, in its
 * routes, manifest and banner, derived from the shared vendor registry so the extension and the mock cannot
 * disagree on a path.
 */
import type { Context } from 'koa';
import type { ManifestTenant } from '../../shared/harness/manifest';
import { expandTemplate, routePattern, type TokenEndpointProfile } from '../../shared/vendors';
import type { KeyRing, SigningKey } from '../core/keys';

export function jwksKey(key: SigningKey, members: readonly ('alg' | 'use' | 'x5t')[] = ['alg', 'use']): Record<string, string> {
  const out: Record<string, string> = { kty: 'RSA' };
  if (members.includes('alg')) out.alg = key.alg;
  out.kid = key.kid;
  if (members.includes('use')) out.use = 'sig';
  if (members.includes('x5t')) out.x5t = key.sha1Thumbprint;
  out.e = key.publicJwk.e;
  out.n = key.publicJwk.n;
  return out;
}

/** A JWKS document: each key with the members the vendor publishes. */
export function keySet(
  keys: SigningKey[],
  members: readonly ('alg' | 'use' | 'x5t')[] = ['alg', 'use'],
): { keys: Record<string, string>[] } {
  return { keys: keys.map((key) => jwksKey(key, members)) };
}

/** Discovery and JWKS are public, cacheable documents; serialise them once and answer from memory. */
export function staticJson(body: unknown, headers: Record<string, string>) {
  const text = JSON.stringify(body);
  return function serveDocument(ctx: Context): void {
    ctx.status = 200;
    ctx.set(headers);
    ctx.body = text;
  };
}

/**
 * A JWKS served from memory: serialised again only when the published keys change (a rotation, or a retired key's
 * grace period ending on the harness clock).
 */
export function keySetDocument(ring: KeyRing, build: (keys: SigningKey[]) => unknown, headers: Record<string, string>) {
  let tag = '';
  let text = '';
  return function serveKeySet(ctx: Context): void {
    const keys = ring.published();
    const current = keys.map((k) => k.kid).join(' ');
    if (current !== tag) {
      text = JSON.stringify(build(keys));
      tag = current;
    }
    ctx.status = 200;
    ctx.set(headers);
    ctx.body = text;
  };
}

/** Router paths of a token endpoint, its discovery document and its keys, from the shared vendor registry. */
export function endpointPaths(endpoint: TokenEndpointProfile): { token: string; discovery: string; jwks: string } {
  return {
    token: routePattern(endpoint.pathTemplate),
    discovery: routePattern(endpoint.discoveryPathTemplate),
    jwks: routePattern(endpoint.jwksPathTemplate),
  };
}

export interface EndpointUrls {
  token: string;
  issuer: string;
  discovery: string;
  jwks: string;
}

/** Absolute URLs of a token endpoint, its issuer, discovery document and keys, from the shared vendor registry. */
export function endpointUrls(
  baseUrl: string,
  endpoint: TokenEndpointProfile,
  values: Readonly<Record<string, string>> = {},
): EndpointUrls {
  const url = (template: string) => expandTemplate(`{baseUrl}${template}`, { ...values, baseUrl });
  return {
    token: url(endpoint.pathTemplate),
    issuer: expandTemplate(endpoint.issuerTemplate, { ...values, baseUrl }),
    discovery: url(endpoint.discoveryPathTemplate),
    jwks: url(endpoint.jwksPathTemplate),
  };
}

/** A registry URL template (`{baseUrl}/api/v2/clients`) as a router path relative to the base it names. */
export function pathUnder(template: string, base = '{baseUrl}'): string {
  if (!template.startsWith(base)) throw new Error(`${template} does not start with ${base}`);
  return routePattern(template.slice(base.length));
}

/** The RFC 8414 authorization server metadata that stands beside an OpenID discovery document. */
export function metadataPath(discoveryPath: string): string {
  return discoveryPath.replace(/openid-configuration$/, 'oauth-authorization-server');
}

/** A URL without its last path segment: where the endpoints beside it live. */
export function parentOf(url: string): string {
  return url.slice(0, url.lastIndexOf('/'));
}

/**
 * Start-up banner lines from the manifest: the token endpoint(s), discovery, and the demo client with the
 * parameter that names its API (`param`, the vendor's token target); `note` follows on the demo line.
 */
export function bannerLines(
  m: ManifestTenant,
  showSecrets: boolean,
  param: string,
  options: { tokens?: string[]; note?: string } = {},
): string[] {
  const secret = showSecrets ? m.demoClient.clientSecret : '(from your config)';
  return [
    ...(options.tokens ?? [`token     POST ${m.tokenEndpoint}`]),
    `discovery ${m.discoveryUrl}`,
    `demo      client_id=${m.demoClient.clientId} client_secret=${secret} ${param}=${m.demoClient.params[param] ?? ''}${options.note ?? ''}`,
  ];
}

/** The demo client a manifest names: the first configured client (empty when there is none). */
export function demoClient(
  client: { clientId: string; clientSecret: string } | undefined,
  params: Record<string, string>,
): ManifestTenant['demoClient'] {
  return { clientId: client?.clientId ?? '', clientSecret: client?.clientSecret ?? '', params };
}
