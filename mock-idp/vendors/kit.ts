/**
 * The persona kit: what every vendor tenant sets up the same way. `Persona` holds the parts of a tenant that do
 * not depend on the vendor (id, base URL, keys, recorder, queued claims, reset, snapshot through the vendor's
 * store) and builds the route entries every persona repeats (discovery, JWKS, a POST endpoint with its recorder
 * and error boundary, the wrong-method refusal); the functions below are the steps and stores personas share.
 * Documents and URLs come from published.ts (re-exported here). Vendor quirks stay in the vendor folders.
 */
import type { Context, Middleware } from 'koa';
import type { ManifestTenant } from '../../shared/harness/manifest';
import { type VendorId, vendorProfile } from '../../shared/vendors';
import type { TenantConfigOf } from '../config';
import { type BodyProblem, type ClientCredentials, clientCredentials, type HeaderSet, sendJson } from '../core/http';
import type { KeyRing, SigningKey } from '../core/keys';
import { NextTokenClaims, RequestRecorder } from '../core/recorder';
import type { StoreMap } from '../core/store';
import type { WireError } from '../errors';
import { type Boundary, errorBoundary, renderError } from '../errors/render';
import type { EndpointKind } from '../faults';
import { shiftTokenTimes, tokenTimeFault } from '../faults/inject';
import { type Route, recordRequests, type TenantEnv, tokenState } from '../tenant';
import { bannerLines, type EndpointUrls, endpointUrls, keySetDocument } from './published';

/** A vendor's error dialect on one endpoint: its headers, body errors and server error (the clock is the tenant's). */
export type Dialect = Omit<Boundary, 'clock'>;

/** A dialect from its errors: a body over the limit, any other unreadable body, an unexpected failure. */
export function dialect(
  headers: HeaderSet,
  errors: {
    tooLarge: () => WireError;
    malformed: (problem: BodyProblem) => WireError;
    server: () => WireError;
    injected?: Boundary['injected'];
  },
): Dialect {
  return {
    headers,
    bodyError: (problem) => (problem === 'too_large' ? errors.tooLarge() : errors.malformed(problem)),
    serverError: errors.server,
    ...(errors.injected && { injected: errors.injected }),
  };
}

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
  /** URLs of the vendor's default (first) token endpoint: the ones the manifest names. */
  readonly urls: EndpointUrls;
  readonly recorder: RequestRecorder;
  readonly nextClaims: NextTokenClaims;

  /** `urlValues` fill the default endpoint's placeholders (Okta's `authServerId`, Entra's `tenantId`). */
  constructor(
    readonly config: TenantConfigOf<V>,
    readonly env: TenantEnv,
    readonly store: Store,
    urlValues: Readonly<Record<string, string>> = {},
  ) {
    this.id = config.id;
    // Named per tenant in the harness's one store (core/store.ts); neither is kept across restarts.
    this.recorder = new RequestRecorder(env.store.list(`tenant/${config.id}/requests`, 500));
    this.nextClaims = new NextTokenClaims(env.store.map(`tenant/${config.id}/next-claims`, { durable: false }));
    this.baseUrl = env.baseUrl;
    this.urls = endpointUrls(this.baseUrl, vendorProfile(config.vendor).tokenEndpoints[0], urlValues);
    store.seed();
  }

  /** The default token endpoint's issuer. */
  get issuer(): string {
    return this.urls.issuer;
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

  abstract manifest(): ManifestTenant;

  /** Lines for the start-up banner, from the manifest and the vendor's first token endpoint. */
  banner(showSecrets: boolean): string[] {
    return bannerLines(this.manifest(), showSecrets, vendorProfile(this.vendor).tokenEndpoints[0].target.param);
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

/**
 * A store of one client map keyed by client id (Okta, Entra): `seedClients` builds the configured ones, and
 * `{clients: […]}` is what `--data` keeps.
 */
export class ClientStore<C extends { clientId: string }> implements PersonaStore {
  constructor(
    /** The tenant's clients, from the harness store (`tenant/<id>/clients`). */
    readonly clients: StoreMap<C>,
    private readonly seedClients: () => C[],
  ) {}

  seed(): void {
    this.clients.clear();
    for (const client of this.seedClients()) this.clients.set(client.clientId, client);
  }

  snapshot(): { clients: C[] } {
    return { clients: [...this.clients.values()] };
  }

  restore(snapshot: unknown): void {
    this.clients.load((snapshot as { clients: C[] }).clients.map((c) => [c.clientId, c]));
  }
}

/** The client credentials a token request carries (Basic header or body), kept for the recorder. */
export function requestCredentials(ctx: Context): ClientCredentials {
  const state = tokenState(ctx);
  state.credentials = clientCredentials(ctx.get('authorization') || undefined, state.params?.values ?? {});
  return state.credentials;
}

/** The path the tenant's routes sit under on its origin: `/<id>`, or '' on an origin of its own. */
export function mountPath(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

export function discoveryRoute(path: string, steps: Middleware[]): Route {
  return { endpoint: 'discovery', method: 'GET', path, steps };
}

export function jwksRoute(path: string, steps: Middleware[]): Route {
  return { endpoint: 'jwks', method: 'GET', path, steps };
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

export {
  bannerLines,
  demoClient,
  type EndpointUrls,
  endpointPaths,
  endpointUrls,
  jwksKey,
  keySet,
  keySetDocument,
  metadataPath,
  parentOf,
  pathUnder,
  staticJson,
} from './published';
export { sendJson };
