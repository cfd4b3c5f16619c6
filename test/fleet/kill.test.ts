/**
 * Issue 15, "nothing lost": process A is killed with SIGKILL while 200 registrations run at once (Okta's clients
 * API and the Konnect HTTP DCR bridge); every registration A acknowledged is a working client at process B, and
 * every client Redis holds is whole (it gets a token with the secret it was registered with).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE, OKTA } from '../helpers/demo';
import { basic, postForm, send } from '../helpers/http';
import { startRedis, type TestRedis } from '../helpers/redis';
import { type FleetProcess, killAll, startPair } from './support';

const SSWS = OKTA.apiToken;
const BRIDGE_KEY = BRIDGE.apiKey;

let redis: TestRedis;
let a: FleetProcess;
let b: FleetProcess;

beforeAll(async () => {
  redis = await startRedis();
  ({ a, b } = await startPair(redis.url));
}, 30_000);

afterAll(async () => {
  killAll();
  await redis?.close();
});

interface Acknowledged {
  clientId: string;
  clientSecret: string;
}

function register(url: string, i: number): Promise<Acknowledged | undefined> {
  const viaBridge = i % 4 === 0;
  const request = viaBridge
    ? send(`${url}/dcr-bridge/`, {
        method: 'POST',
        headers: { 'x-api-key': BRIDGE_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: [],
          client_name: `fleet kill ${i}`,
          grant_types: ['client_credentials'],
          scopes: [],
          token_endpoint_auth_method: 'client_secret_post',
          application_description: 'kill -9 test',
          portal_id: '0f1e2d3c-4b5a-4968-8776-655443322110',
          organization_id: '1f1e2d3c-4b5a-4968-8776-655443322110',
          developer_id: '2f1e2d3c-4b5a-4968-8776-655443322110',
          auth_strategy_id: '3f1e2d3c-4b5a-4968-8776-655443322110',
          dcr_provider_id: '4f1e2d3c-4b5a-4968-8776-655443322110',
        }),
      })
    : send(`${url}/okta/oauth2/v1/clients`, {
        method: 'POST',
        headers: { authorization: `SSWS ${SSWS}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          client_name: `fleet kill ${i}`,
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          redirect_uris: [],
        }),
      });
  return request.then(
    (res) => {
      // A 201 is an acknowledgement; anything else (none expected) makes no promise.
      if (res.status !== 201) return undefined;
      return { clientId: res.json.client_id as string, clientSecret: res.json.client_secret as string };
    },
    () => undefined,
  );
}

const token = (url: string, client: Acknowledged) =>
  postForm(
    `${url}/okta/oauth2/default/v1/token`,
    { grant_type: 'client_credentials', scope: 'api:read' },
    basic(client.clientId, client.clientSecret),
  );

describe('kill -9 on one process of two', () => {
  it('loses no registration A acknowledged while 200 ran at once: each one gets a token at B', async () => {
    const acknowledged: Acknowledged[] = [];
    const exited = new Promise((resolve) => a.child.once('exit', resolve));
    let next = 0;
    let cutOff = 0;
    // 200 registrations at once, each stream registering again when answered, until A is gone.
    const stream = async () => {
      for (;;) {
        const ack = await register(a.url, next++);
        if (!ack) {
          cutOff++;
          return;
        }
        acknowledged.push(ack);
        if (acknowledged.length === 300) a.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 200 }, stream));
    await exited;
    expect(a.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    // Killed mid-way: every stream had a registration in flight (or refused) when A died.
    expect(cutOff).toBe(200);

    // Asked by 20 clients at a time (a CI fleet's pattern, not a flood).
    const answers: number[] = [];
    const queue = [...acknowledged];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let client = queue.shift(); client; client = queue.shift()) answers.push((await token(b.url, client)).status);
      }),
    );
    expect(answers.filter((status) => status !== 200)).toEqual([]);

    // Whatever Redis holds is whole: every stored Okta client's record has its secret (none half-written).
    const ids = await redisClientIds(redis.port);
    expect(ids.length).toBeGreaterThanOrEqual(acknowledged.length);
  }, 60_000);
});

/** Client ids in the Okta tenant's map, read with redis-cli (what Redis has, not what a process says). */
async function redisClientIds(port: number): Promise<string[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('redis-cli', ['-p', String(port), 'HGETALL', 'dcr-kit:m:tenant/okta/clients'], { encoding: 'utf8' });
  const lines = out.trim().split('\n');
  const ids: string[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const record = JSON.parse(lines[i + 1] as string) as { clientId: string; clientSecret?: string };
    expect(record.clientSecret ?? (record as { secrets?: unknown }).secrets).toBeTruthy();
    ids.push(lines[i] as string);
  }
  return ids;
}
