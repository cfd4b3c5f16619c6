/**
 * Issue 15, "nothing lost": process A is killed with SIGKILL while 200 registrations run at once (Okta's clients
 * API and the Konnect HTTP DCR bridge); every registration A acknowledged is a working client at process B, and
 * every client Redis holds is whole (it gets a token with the secret it was registered with).
 */
import { describe, expect, it } from 'vitest';
import { vendorToken } from '../helpers/vendor-requests';
import { registerAtBridge, registerAtOkta, useFleet } from './support';

const fleet = useFleet();

interface Acknowledged {
  clientId: string;
  clientSecret: string;
}

function register(url: string, i: number): Promise<Acknowledged | undefined> {
  const request = i % 4 === 0 ? registerAtBridge(url, `fleet kill ${i}`, 'kill -9 test') : registerAtOkta(url, `fleet kill ${i}`);
  return request.then(
    (res) => {
      // A 201 is an acknowledgement; anything else (none expected) makes no promise.
      if (res.status !== 201) return undefined;
      return { clientId: res.json.client_id as string, clientSecret: res.json.client_secret as string };
    },
    () => undefined,
  );
}

const token = (url: string, client: Acknowledged) => vendorToken('okta', url, client.clientId, client.clientSecret);

describe('kill -9 on one process of two', () => {
  it('loses no registration A acknowledged while 200 ran at once: each one gets a token at B', async () => {
    const { a, b, redis } = fleet;
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
