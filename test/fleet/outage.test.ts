/**
 * Issue 15, "a harness that loses Redis": Redis is stopped (SIGSTOP) for 2 s while clients register at one process
 * and get tokens at the other. Meanwhile the only failures are 503 with Retry-After, in the endpoint's dialect;
 * nothing answers 500 (a fault rule's compare-and-set cut off mid-request included); every acknowledged client works
 * at both processes afterwards; and both recover by themselves, without a restart.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OKTA } from '../helpers/demo';
import { basic, postForm, send, type WireResponse } from '../helpers/http';
import { startRedis, type TestRedis } from '../helpers/redis';
import { type FleetProcess, killAll, startPair } from './support';

const SSWS = OKTA.apiToken;

let redis: TestRedis;
let a: FleetProcess;
let b: FleetProcess;

beforeAll(async () => {
  redis = await startRedis();
  ({ a, b } = await startPair(redis.url));
  // A rule without a limit: every token request counts a hit with a compare-and-set Redis decides, so requests in
  // flight when Redis stops lose it mid-request (StoreUnavailable, which must be a 503 too, never a 500).
  const rule = await send(`${a.url}/_control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'okta', endpoint: 'token', fault: { type: 'latency', ms: 0 } }),
  });
  expect(rule.status).toBe(201);
}, 30_000);

afterAll(async () => {
  killAll();
  await redis?.close();
});

const register = (at: FleetProcess, i: number) =>
  send(`${at.url}/okta/oauth2/v1/clients`, {
    method: 'POST',
    headers: { authorization: `SSWS ${SSWS}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: `outage ${i}`,
      application_type: 'service',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      redirect_uris: [],
    }),
  });

const token = (at: FleetProcess, id: string, secret: string) =>
  postForm(`${at.url}/okta/oauth2/default/v1/token`, { grant_type: 'client_credentials', scope: 'api:read' }, basic(id, secret));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis stopped for 2 s under load', () => {
  it('answers only 503 with Retry-After meanwhile, loses no acknowledged client, and recovers by itself', async () => {
    const refusals: WireResponse[] = [];
    const others: string[] = [];
    const acknowledged: { id: string; secret: string }[] = [];
    let stop = false;
    let i = 0;
    const note = (res: WireResponse, ok: number) => {
      if (res.status === 503) refusals.push(res);
      else if (res.status !== ok) others.push(`${res.status} ${res.text.slice(0, 120)}`);
    };
    // 16 clients, each registering at one process and asking the other for a token, until told to stop.
    const client = async (n: number) => {
      const [here, there] = n % 2 === 0 ? [a, b] : [b, a];
      while (!stop) {
        const created = await register(here, i++);
        note(created, 201);
        if (created.status !== 201) {
          await sleep(50);
          continue;
        }
        acknowledged.push({ id: created.json.client_id, secret: created.json.client_secret });
        note(await token(there, created.json.client_id, created.json.client_secret), 200);
        note(await token(here, OKTA.clientId, OKTA.clientSecret), 200);
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, n) => client(n)));
    await sleep(1000);
    const before = acknowledged.length;
    await redis.pause(2000);
    // Both processes recover without a restart: a token at each within 5 s.
    for (const at of [a, b]) {
      const deadline = Date.now() + 5000;
      while ((await token(at, OKTA.clientId, OKTA.clientSecret)).status !== 200) {
        expect(Date.now()).toBeLessThan(deadline);
        await sleep(100);
      }
    }
    await sleep(1000);
    stop = true;
    await load;

    expect(others).toEqual([]);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) expect(refusal.headers.get('retry-after')).toMatch(/^\d+$/);
    // In each endpoint's dialect: Okta's management envelope on its clients API, OAuth's on its token endpoint.
    const dialects = new Set(refusals.map((r) => (r.json?.errorCode ? 'okta-api' : r.json?.error ? 'oauth' : r.text)));
    expect([...dialects].every((d) => d === 'okta-api' || d === 'oauth')).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(before);

    const statuses = await Promise.all(
      acknowledged.flatMap(({ id, secret }) => [a, b].map((at) => token(at, id, secret).then((res) => res.status))),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 60_000);
});

describe('Redis closing every connection (a restart of Redis, or a failover)', () => {
  it('both processes reconnect, reload their replicas and serve shared state again', async () => {
    for (const type of ['normal', 'pubsub'])
      execFileSync('redis-cli', ['-p', String(redis.port), 'CLIENT', 'KILL', 'TYPE', type], { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    let created = await register(a, 100_000);
    for (let n = 100_001; created.status !== 201; n++) {
      expect(created.status).toBe(503);
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(100);
      created = await register(a, n);
    }
    let issued = await token(b, created.json.client_id, created.json.client_secret);
    while (issued.status === 503 && Date.now() < deadline) {
      await sleep(100);
      issued = await token(b, created.json.client_id, created.json.client_secret);
    }
    expect(issued.status).toBe(200);
  });
});
