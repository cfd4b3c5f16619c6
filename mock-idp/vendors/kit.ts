/**
 * The persona kit: what every vendor tenant sets up the same way. `Persona` holds the parts of a tenant that do
 * not depend on the vendor (id, base URL, keys, recorder, queued claims, reset, snapshot through the vendor's
 * store) and builds the route entries every persona repeats (discovery, JWKS, a POST endpoint with its recorder
 * and error boundary); the functions below build documents, URLs and banner lines from the shared vendor registry.
 * Vendor quirks stay in the vendor folders.
 */
import type { Context, Middleware } from 'koa';
import type { ManifestTenant } from '../../shared/harness/manifest';
import { expandTemplate, routePattern, type TokenEndpointProfile, type VendorId } from '../../shared/vendors';
import type { TenantConfigOf } from '../config';
import { type HeaderSet, sendJson } from '../core/http';
import type { KeyRing, SigningKey } from '../core/keys';
import { NextTokenClaims, RequestRecorder } from '../core/recorder';
import type { WireError } from '../errors';
import { type Boundary, errorBoundary, renderError } from '../errors/render';
import type { EndpointKind } from '../faults';
import { shiftTokenTimes, tokenTimeFault } from '../faults/inject';
import { type Route, recordRequests, type TenantEnv } from '../tenant';

/** A vendor's error dialect on one endpoint: its headers, body errors and server error (the clock is the tenant's). */
export type Dialect = Omit<Boundary, 'clock'>;

/** A persona's stored records: seeded from the config, saved and restored by `--data`. */
export interface PersonaStore {
  /** Back to the configured seed. */
  seed(): void;
  /** What `--data` keeps, as plain JSON. */
  snapshot(): unknown;
  /** Replaces the records with a snapshot this store wrote. */
  restore(snapshot: unknown): void;
}

/** The vendor-independent half of a tenant; a vendor's class adds its routes, documents, manifest and errors. */
export abstract class Persona<V extends VendorId, Store extends PersonaStore> {
  abstract readonly vendor: V;
  readonly id: string;
  readonly baseUrl: string;
  readonly recorder = new RequestRecorder();
  readonly nextClaims = new NextTokenClaims();

  constructor(
    readonly config: TenantConfigOf<V>,
    readonly env: TenantEnv,
    readonly store: Store,
  ) {
    this.id = config.id;
    this.baseUrl = tenantBaseUrl(env, config.id);
    store.seed();
  }

  get keys(): KeyRing {
    return this.env.keys;
  }

  reset(): void {
    this.store.seed();
    this.recorder.clear();
    this.nextClaims.clear();
  }

  snapshot(): unknown {
    return this.store.snapshot();
  }

  restore(snapshot: unknown): void {
    this.store.restore(snapshot);
  }

  /** The boundary that renders anything thrown below it in the dialect (marked for the fault step). */
  protected boundary(dialect: Dialect): Middleware {
    return errorBoundary({ clock: this.env.clock, ...dialect });
  }

  /** One error, rendered in its dialect with these headers: a vendor's answer to a method a path does not serve. */
  protected refusal(error: (ctx: Context) => WireError, headers: HeaderSet): Middleware[] {
    return [(ctx) => renderError(ctx, error(ctx), { clock: this.env.clock, headers })];
  }

  /**
   * A POST endpoint (token, introspection): the request is recorded, errors are rendered by `boundary`, then the
   * vendor's named steps run; any other method gets `otherMethods`, the vendor's own refusal.
   */
  protected postEndpoint(
    path: string,
    boundary: Middleware,
    steps: Middleware[],
    otherMethods: Middleware[],
    endpoint: EndpointKind = 'token',
  ): Route[] {
    return [
      { endpoint, method: 'POST', path, steps: [recordRequests(this.recorder, this.env.clock), boundary, ...steps] },
      { endpoint, method: 'ALL', path, steps: otherMethods },
    ];
  }

  /** The tenant's published keys as a JWKS, served from memory (see keySetDocument). */
  protected keySet(build: (keys: SigningKey[]) => unknown, headers: HeaderSet): Middleware {
    return keySetDocument(this.keys, build, headers);
  }
}

export function tenantBaseUrl(env: TenantEnv, id: string): string {
  return `${env.origin}/${id}`;
}

export function discoveryRoute(path: string, steps: Middleware[]): Route {
  return { endpoint: 'discovery', method: 'GET', path, steps };
}

export function jwksRoute(path: string, steps: Middleware[]): Route {
  return { endpoint: 'jwks', method: 'GET', path, steps };
}

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

/** Absolute URLs of a token endpoint, its issuer, discovery document and keys, from the shared vendor registry. */
export function endpointUrls(
  baseUrl: string,
  endpoint: TokenEndpointProfile,
  values: Readonly<Record<string, string>> = {},
): { token: string; issuer: string; discovery: string; jwks: string } {
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

export function splitScope(scope: string | undefined): string[] {
  return scope ? scope.split(' ').filter(Boolean) : [];
}

/**
 * The claims a token is signed with: an injected token-time fault (expired, not yet valid, skewed clock) moves
 * the time claims, then test-queued claims go last, so they can override anything (that is their point).
 */
export function withExtraClaims<T extends Record<string, unknown>>(
  ctx: Context,
  claims: T,
  extra: Record<string, unknown> | undefined,
): T {
  const shifted = shiftTokenTimes(claims, tokenTimeFault(ctx));
  return extra ? { ...shifted, ...extra } : shifted;
}

export { sendJson };
