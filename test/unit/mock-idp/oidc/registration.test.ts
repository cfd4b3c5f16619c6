/**
 * The registration engine (oidc-provider) when the store cannot decide a single-use token's spend (Redis lost
 * mid-request, issue 15): oidc-provider would answer any error as a 500 `server_error`; instead the StoreUnavailable
 * reaches the harness route, which answers 503 with Retry-After in the tenant's dialect (start/fleet.ts), and the
 * token is still there for the retry.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../../mock-idp/core/keys';
import { Changes } from '../../../../mock-idp/core/state';
import { MemoryStore, StoreUnavailable } from '../../../../mock-idp/core/store';
import type { ModelEntry } from '../../../../mock-idp/oidc/adapter';
import { createRegistrationEngine } from '../../../../mock-idp/oidc/registration';

const servers: { close(): void }[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

describe('a single-use token whose spend the store cannot decide', () => {
  it('is the harness route’s StoreUnavailable (not oidc-provider’s 500), and stays usable', async () => {
    const models = new MemoryStore().map<ModelEntry>('registration-tokens');
    let lost = true;
    const compareAndSet = models.compareAndSet.bind(models);
    models.compareAndSet = (key, expected, next) =>
      lost ? Promise.reject(new StoreUnavailable('Command timed out')) : compareAndSet(key, expected, next);
    const app = new Koa();
    app.silent = true;
    // Koa composes its middleware when asked for its callback: asked per request, after they are added below.
    const server = createServer((req, res) => void app.callback()(req, res)).listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const clients = new Map<string, Record<string, unknown>>();
    const engine = await createRegistrationEngine({
      issuer: origin,
      key: await generateSigningKey('sha256-thumbprint'),
      clients: {
        find: (id) => clients.get(id) as never,
        upsert: (id, metadata) => void clients.set(id, metadata),
        destroy: (id) => void clients.delete(id),
      },
      changes: new Changes(),
      models,
      scopes: ['read'],
      registrationPath: '/register',
      rotateOnRead: false,
    });
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = error instanceof StoreUnavailable ? 503 : 500;
        ctx.body = { storeUnavailable: error instanceof StoreUnavailable };
      }
    });
    app.use((ctx) => engine.handle(ctx, ''));

    const iat = await engine.mintInitialAccessToken(600);
    const register = () =>
      fetch(`${origin}/register`, {
        method: 'POST',
        headers: { authorization: `Bearer ${iat}`, 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'x', scope: 'read' }),
      });
    const refused = await register();
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ storeUnavailable: true });
    expect(clients.size).toBe(0);

    lost = false;
    expect((await register()).status).toBe(201);
    expect((await register()).status).toBe(401);
  });
});
