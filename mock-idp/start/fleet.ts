/**
 * Start-up phase "shared store" (`--store redis://…`, issue 15): every request first waits until this process's
 * replica holds every change acknowledged so far (by any process: `store.sync()`), and its response waits until
 * Redis holds the changes it made (`changes.saved()`). While Redis cannot be reached, requests are answered 503 with
 * Retry-After — in the endpoint's own dialect for tenant and service routes (the route step below throws the same
 * InjectedStatus an injected 503 fault throws, rendered by the route's error boundary), as problem+json on the
 * portal, in Kong's words on the gateway — and never from a replica that may be stale. The same goes for a
 * `StoreUnavailable` thrown while a request runs (a compare-and-set or create-if-absent Redis could not decide): the
 * portal's, gateway's and control plane's error renderers let it through to `gateApp`, and the route step answers it in
 * tenant and service routes; it is never a 500.
 */
import { createHash, randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Context, Middleware, Next } from 'koa';
import type { Config } from '../config';
import { type Store, StoreUnavailable } from '../core/store';
import { InjectedStatus } from '../errors';
import type { Origins } from './servers';

/** Seconds a refused client is asked to wait: ioredis tries to reconnect at least once a second. */
export const STORE_RETRY_AFTER = 1;

interface StoreState {
  /** The store could not be synced when the request arrived: the route's own step answers, in its dialect. */
  storeDown?: boolean;
  /** The route's step answered the 503 already. */
  storeAnswered?: boolean;
  /** The route's step saw its writes stored: the change version up to which they are (the gate waits for later ones only). */
  storeSavedThrough?: number;
}

export type Refusal = (ctx: Context) => void;

function plain(status: number, body: string, type = 'application/json; charset=utf-8'): Refusal {
  return (ctx) => {
    ctx.status = status;
    ctx.set({ 'Content-Type': type, 'Cache-Control': 'no-store', 'Retry-After': String(STORE_RETRY_AFTER) });
    ctx.body = body;
  };
}

/** The harness origin's own paths (`/_control`, `/harness.json`, `/health`, unknown paths): OAuth-style JSON. */
export const harnessRefusal = plain(
  503,
  '{"error":"temporarily_unavailable","error_description":"the harness store (Redis) cannot be reached; retry shortly"}',
);

/** The portal's errors are Kong's problem+json (portal/problems.ts). */
export const portalRefusal: Refusal = (ctx) =>
  plain(
    503,
    JSON.stringify({
      status: 503,
      title: 'Service Unavailable',
      type: 'https://httpstatuses.com/503',
      instance: `kong:trace:${BigInt(`0x${randomUUID().replace(/-/g, '').slice(0, 15)}`).toString()}`,
      detail: 'Service Unavailable',
    }),
    'application/problem+json',
  )(ctx);

/** Kong's own 503 text (kong/error_handlers.lua, BODIES.s503). */
export const gatewayRefusal = plain(503, '{"message":"The upstream server is currently unavailable"}');

/**
 * The app's first step. `routed(path)` tells whether a route with its own store step (and error dialect) serves
 * the path; any other request is refused here, before it can read a stale replica.
 */
export function gateApp(app: Koa, store: Store, refuse: Refusal, routed: (path: string) => boolean = () => false): void {
  app.middleware.unshift(async function waitForSharedStore(ctx: Context, next: Next) {
    const state = ctx.state as StoreState;
    try {
      await store.sync();
    } catch {
      if (!routed(ctx.path)) return refuse(ctx);
      state.storeDown = true;
    }
    const before = store.changes.version;
    try {
      await next();
    } catch (error) {
      // A conditional write (a portal name reserved, a key adopted, …) that found Redis gone: the portal, the
      // gateway and the control plane let it through their error renderers to be answered here.
      if (!(error instanceof StoreUnavailable)) throw error;
      if (!state.storeAnswered) refuse(ctx);
      return;
    }
    if (state.storeDown) {
      if (!state.storeAnswered) refuse(ctx);
      return;
    }
    // After a route's step, only what was written after it (a request journal's entry) is left to wait for; if that
    // is not stored, the route's answer stands (its own writes are): a 201 for a client Redis has is never turned
    // into a 503, and a refusal is never taken out of the route's dialect.
    const since = state.storeSavedThrough ?? before;
    if (store.changes.version === since) return;
    try {
      await store.changes.saved(since);
    } catch {
      if (!state.storeAnswered && state.storeSavedThrough === undefined) refuse(ctx);
    }
  });
}

/**
 * The step app.ts puts into every tenant and service route (before the fault step): the 503 of a store that is
 * down, and the wait for this route's writes, both in the route's dialect (a route without an error renderer gets
 * the harness's plain JSON).
 */
export function storeStep(store: Store): (hasRenderer: boolean) => Middleware {
  return (hasRenderer) =>
    async function holdForStore(ctx: Context, next: Next) {
      const state = ctx.state as StoreState;
      const refuse = () => {
        state.storeAnswered = true;
        if (hasRenderer) throw new InjectedStatus(503, STORE_RETRY_AFTER);
        harnessRefusal(ctx);
      };
      if (state.storeDown) return refuse();
      const before = store.changes.version;
      try {
        await next();
      } catch (error) {
        // A fault rule's hit, a queued claim or a key ring decided by Redis while it is gone: the same 503.
        if (error instanceof StoreUnavailable) return refuse();
        throw error;
      }
      const through = store.changes.version;
      if (through !== before) {
        try {
          await store.changes.saved(before);
        } catch {
          return refuse();
        }
      }
      state.storeSavedThrough = through;
    };
}

/**
 * A fleet's processes must seed the same tenants and advertise the same origins (their state is seeded once, by
 * whichever started first, and a token names its issuer by the advertised URL): the first process records a hash of
 * what it seeds and the origins it advertises, and a process started otherwise says so at start-up instead of
 * quietly serving the fleet's state under a configuration, or issuers, it does not share.
 */
export async function configNotices(store: Store, config: Config, origins: Origins): Promise<string[]> {
  const seeded = { tenants: config.tenants, dcrBridge: config.dcrBridge, faults: config.faults };
  const hash = createHash('sha256').update(JSON.stringify(seeded)).digest('base64url');
  const fleet = store.map<string>('fleet');
  const notices: string[] = [];
  if (!(await fleet.setIfAbsent('config', hash)) && fleet.get('config') !== hash)
    notices.push(
      'this process was started with other tenants, DCR bridge or fault rules than the first process on this store: the tenants, clients and keys it serves are the ones Redis holds; start every process with the same configuration',
    );
  const advertised = JSON.stringify(origins);
  if (!(await fleet.setIfAbsent('origins', advertised)) && fleet.get('origins') !== advertised) {
    const first = JSON.parse(fleet.get('origins') ?? '{}') as Partial<Origins>;
    const differ = (['harness', 'portal', 'gateway'] as const).filter((k) => first[k] !== origins[k]);
    const tenantsDiffer = JSON.stringify(first.tenants) !== JSON.stringify(origins.tenants);
    const named = [
      ...differ.map((k) => `${k} ${origins[k]} (the first: ${first[k]})`),
      ...(tenantsDiffer ? ['tenant origins'] : []),
    ];
    // A token names its issuer by the harness's (or an own-origin tenant's) URL; the portal and gateway only link.
    const effect = tenantsDiffer
      ? 'the tokens it issues name another issuer and its links lead elsewhere'
      : 'its links lead elsewhere';
    notices.push(
      `this process advertises other origins than the first process on this store did: ${named.join(', ')}; ${effect}. Give every process the same --public-url (and portal/gateway publicUrl in the configuration)`,
    );
  }
  return notices;
}
