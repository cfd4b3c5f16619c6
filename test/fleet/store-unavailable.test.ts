/**
 * Issue 15: Redis lost while a request runs. A conditional write Redis cannot decide (a fault rule's hit, a queued
 * claim, a portal name reserved, a key adopted) throws `StoreUnavailable`; every app answers it as 503 with
 * Retry-After in its own dialect, as it answers a store that is down when the request arrives — never as a 500.
 */
import type { AddressInfo } from 'node:net';
import Koa, { type Context, type Next } from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { Changes } from '../../mock-idp/core/state';
import { MemoryStore, type Store, StoreUnavailable } from '../../mock-idp/core/store';
import { InjectedStatus, markErrorRenderer } from '../../mock-idp/errors';
import { renderProblems } from '../../mock-idp/portal/problems';
import { gateApp, harnessRefusal, portalRefusal, STORE_RETRY_AFTER, storeStep } from '../../mock-idp/start/fleet';

/** A shared store that syncs, and whose conditional writes find Redis gone. */
function sharedStore(): Store {
  const memory = new MemoryStore(new Changes());
  return Object.assign(Object.create(memory) as Store, { shared: true, sync: async () => {} });
}

const lostRedis = async () => {
  throw new StoreUnavailable('Command timed out');
};

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(app: Koa): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A route's error renderer in a made-up dialect: `{"dialect":status}`. */
const renderer = markErrorRenderer(async function render(ctx: Context, next: Next) {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof InjectedStatus)) throw error;
    ctx.status = error.status;
    ctx.body = { dialect: error.status };
    if (error.retryAfter !== undefined) ctx.set('Retry-After', String(error.retryAfter));
  }
});

describe('StoreUnavailable thrown while a request runs', () => {
  it("is the route's own 503 with Retry-After in a tenant route (the fault step's compare-and-set lost Redis)", async () => {
    const store = sharedStore();
    const app = new Koa();
    app.silent = true;
    const step = storeStep(store)(true);
    app.use((ctx) => renderer(ctx, () => step(ctx, () => lostRedis())));
    gateApp(app, store, harnessRefusal, () => true);
    const res = await fetch(await serve(app));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(STORE_RETRY_AFTER));
    expect(await res.json()).toEqual({ dialect: 503 });
  });

  it("is Kong's problem+json 503 on the portal (a name reservation lost Redis), past the portal's renderer", async () => {
    const store = sharedStore();
    const app = new Koa();
    app.silent = true;
    app.use(renderProblems);
    app.use(lostRedis);
    gateApp(app, store, portalRefusal);
    const res = await fetch(await serve(app));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(STORE_RETRY_AFTER));
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
  });

  it('is the harness 503 on a path without a route step', async () => {
    const store = sharedStore();
    const app = new Koa();
    app.silent = true;
    app.use(lostRedis);
    gateApp(app, store, harnessRefusal);
    const res = await fetch(await serve(app));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(STORE_RETRY_AFTER));
  });
});
