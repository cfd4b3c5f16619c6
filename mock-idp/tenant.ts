/**
 * What every tenant has, whatever its vendor: a base URL, a signing key, the harness clock, a request recorder,
 * claims queued for the next token, and a route table relative to its base URL.
 */
import type { Context, Middleware, Next } from 'koa';
import type { ManifestTenant } from '../shared/harness/manifest';
import type { VendorId } from '../shared/vendors';
import type { Clock } from './core/clock';
import type { ClientCredentials, Params } from './core/http';
import type { KeyRing } from './core/keys';
import { type NextTokenClaims, type RequestRecorder, redactParams } from './core/recorder';
import type { Store } from './core/store';
import type { WireError } from './errors';
import type { EndpointKind } from './faults';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route {
  /** `ALL` answers every method not matched by an earlier route on the same path. */
  method: Method | 'ALL';
  path: string;
  /** Named steps, run in order (the names show up in stack traces and read as a checklist). */
  steps: Middleware[];
  /** What the route is, for fault injection (default: a registration or management API). */
  endpoint?: EndpointKind;
}

/** A server that is not a tenant but lives on the harness origin under its own prefix (e.g. Microsoft Graph). */
export interface Service {
  readonly prefix: string;
  routes(): Route[];
  /** How the service answers a method a path does not serve (see Tenant.wrongMethod). */
  wrongMethod(allowed: string[]): Middleware[];
}

export interface TenantEnv {
  clock: Clock;
  /** The harness origin, e.g. `http://127.0.0.1:4400` (where services such as Microsoft Graph live). */
  origin: string;
  /** This tenant's base URL: `<harness origin>/<id>`, or an origin of its own (`--tenant-ports`), without a slash. */
  baseUrl: string;
  keys: KeyRing;
  /** The harness's one store: every tenant keeps its records there under `tenant/<id>/…` (core/store.ts). */
  store: Store;
}

export interface Tenant {
  readonly id: string;
  readonly vendor: VendorId;
  readonly baseUrl: string;
  readonly keys: KeyRing;
  readonly recorder: RequestRecorder;
  readonly nextClaims: NextTokenClaims;
  /** Every URL this tenant answers, relative to its base URL. */
  routes(): Route[];
  manifest(): ManifestTenant;
  /** Lines for the start-up banner: URLs and demo credentials. */
  banner(showSecrets: boolean): string[];
  /** Back to the configured seed: clients, grants, queues and recordings. */
  reset(): void;
  /** What `--data` keeps: registered clients, secrets and grants, as plain JSON. Keys are saved by the harness. */
  snapshot(): unknown;
  /** Replaces the stored state with a snapshot this tenant's class wrote. */
  restore(snapshot: unknown): void;
  /**
   * A vendor error body by name for fault injection on token endpoints (e.g. Entra's `AADSTS7000215`), with the
   * client id the request names; undefined for a name the vendor does not have.
   */
  faultError(name: string, clientId: string): WireError | undefined;
  /** The names `faultError` knows. */
  readonly faultErrorNames: readonly string[];
  /** Seconds an injected 429/503 asks to wait when the rule does not say. */
  readonly defaultRetryAfter?: number;
  /**
   * How this vendor answers a method a path does not serve (steps, like a route's: a renderer, then the error).
   * `allowed` are the methods the path does serve.
   */
  wrongMethod(allowed: string[]): Middleware[];
  /** In-process client registration, for servers that front this tenant (the Konnect HTTP DCR bridge). */
  readonly registry: ClientRegistry;
}

export interface RegistrationInput {
  name: string;
  grantTypes: string[];
  scopes: string[];
  redirectUris: string[];
}

export interface IssuedCredentials {
  clientId: string;
  clientSecret: string;
  /** Epoch seconds. */
  issuedAt: number;
}

/** Creates, rotates and deletes clients directly in a tenant's store, as its own registration API would. */
export interface ClientRegistry {
  /** Throws RegistryError when the tenant's own API would refuse the metadata. */
  register(input: RegistrationInput): IssuedCredentials;
  rotateSecret(clientId: string): IssuedCredentials | undefined;
  remove(clientId: string): boolean;
  /** Every client the tenant knows, seeded or registered, as the QA inspector lists them (no secrets). */
  list(): ClientSummary[];
}

export interface ClientSummary {
  clientId: string;
  name: string;
  grantTypes: string[];
  /** Scopes (Auth0: from its client grants; Entra: app roles as `<resource appId>/<role>`); Okta's come from policies. */
  scopes: string[];
}

export class RegistryError extends Error {}

/** Per-request state the token steps share; the recorder reads it after the response is written. */
export interface TokenState {
  params?: Params;
  credentials?: ClientCredentials;
  errorCode?: string;
}

export function tokenState(ctx: Context): TokenState {
  return ctx.state as TokenState;
}

/** Records the request once the response is decided; secrets are redacted here, before storage. */
export function recordRequests(recorder: RequestRecorder, clock: Clock): Middleware {
  return async function recordRequest(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } finally {
      const state = tokenState(ctx);
      const credentials = state.credentials;
      let error: string | null = null;
      if (ctx.status >= 400 && typeof ctx.body === 'string' && ctx.body.startsWith('{')) {
        try {
          const parsed = JSON.parse(ctx.body) as { error?: unknown; errorCode?: unknown };
          const code = parsed.error ?? parsed.errorCode;
          error = typeof code === 'string' ? code : null;
        } catch {
          error = null;
        }
      }
      recorder.add({
        at: new Date(clock.now()).toISOString(),
        method: ctx.method,
        path: ctx.path,
        clientId: credentials?.clientId ?? state.params?.values.client_id ?? null,
        clientAuth: credentials?.method ?? null,
        contentType: ctx.get('content-type') || null,
        params: state.params ? redactParams(state.params.values) : {},
        status: ctx.status,
        error,
      });
    }
  };
}
