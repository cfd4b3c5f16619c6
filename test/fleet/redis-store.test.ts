/**
 * The Redis store's contract (core/store.ts, issue 15), with two stores on one Redis standing for two processes:
 * create-if-absent and compare-and-set are decided by Redis (one winner of a race), a write is readable at the other
 * store once `sync()` resolves, lists keep their newest items, and seeding happens once for the fleet.
 */

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../mock-idp/core/redis-store';
import { FaultTable } from '../../mock-idp/faults';
import { useFleet } from './support';

// Redis only: the two stores stand for the two processes. Its afterAll (Redis stopped) runs after this file's own.
const fleet = useFleet({ processes: false });
let a: RedisStore;
let b: RedisStore;

beforeAll(async () => {
  a = await RedisStore.connect(fleet.redis.url);
  a.map<string>('seeded').set('demo', 'from A');
  await a.ready();
  b = await RedisStore.connect(fleet.redis.url);
  // B seeds the same map differently: the fleet keeps A's seed.
  b.map<string>('seeded').set('demo', 'from B');
  await b.ready();
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('RedisStore', () => {
  it('seeds a map once for the fleet: a later process keeps what Redis holds', () => {
    expect(b.map<string>('seeded').get('demo')).toBe('from A');
    expect(a.map<string>('seeded').get('demo')).toBe('from A');
  });

  it('makes a write at one store readable at the other once sync() resolves, and acknowledged by saved()', async () => {
    a.map<{ n: number }>('clients').set('c1', { n: 1 });
    await a.changes.saved();
    await b.sync();
    expect(b.map<{ n: number }>('clients').get('c1')).toEqual({ n: 1 });
    b.map('clients').delete('c1');
    await b.changes.saved();
    await a.sync();
    expect(a.map('clients').has('c1')).toBe(false);
  });

  it('lets exactly one of two racing create-if-absent calls win, and tells the loser what won', async () => {
    const [fromA, fromB] = await Promise.all([
      a.map<string>('keys').setIfAbsent('ring', 'key A'),
      b.map<string>('keys').setIfAbsent('ring', 'key B'),
    ]);
    expect([fromA, fromB].filter(Boolean)).toHaveLength(1);
    const winner = fromA ? 'key A' : 'key B';
    expect(a.map<string>('keys').get('ring')).toBe(winner);
    expect(b.map<string>('keys').get('ring')).toBe(winner);
  });

  it('spends a compare-and-set once: two stores taking the same queued entry, one gets it', async () => {
    a.map<{ claims: string }>('queue').set('q1', { claims: 'gold' });
    await a.changes.saved();
    await b.sync();
    const entry = { claims: 'gold' };
    const taken = await Promise.all([
      a.map<{ claims: string }>('queue').compareAndSet('q1', entry, undefined),
      b.map<{ claims: string }>('queue').compareAndSet('q1', entry, undefined),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    await a.sync();
    expect(a.map('queue').has('q1')).toBe(false);
  });

  it('keeps the newest items of a bounded list, in order, for every process', async () => {
    const journal = a.list<number>('requests', 3);
    for (let i = 1; i <= 5; i++) journal.push(i);
    await a.changes.saved();
    await b.sync();
    expect(b.list<number>('requests', 3).items()).toEqual([3, 4, 5]);
    await a.sync();
    expect(journal.items()).toEqual([3, 4, 5]);
  });
});

describe('fault rules on the Redis store', () => {
  const rules = (store: RedisStore) => new FaultTable(undefined, Math.random, store, 'faults-race');
  const takeAll = (tables: FaultTable[]) =>
    Promise.all(Array.from({ length: 20 }, (_, i) => (tables[i % 2] as FaultTable).take('okta', 'token', 'POST')));

  it('hit all 20 concurrent requests (10 at each process) without a limit, and exactly 5 with times: 5', async () => {
    const tables = [rules(a), rules(b)];
    const rule = await (tables[0] as FaultTable).add({ tenant: 'okta', fault: { type: 'status', status: 503 } });
    await a.changes.saved();
    await b.sync();
    expect((await takeAll(tables)).filter(Boolean)).toHaveLength(20);
    await a.sync();
    expect((tables[0] as FaultTable).list()[0]?.hits).toBe(20);
    (tables[0] as FaultTable).remove(rule.id);
    await (tables[0] as FaultTable).add({ tenant: 'okta', fault: { type: 'status', status: 503 }, times: 5 });
    await a.changes.saved();
    await b.sync();
    expect((await takeAll(tables)).filter(Boolean)).toHaveLength(5);
    await a.sync();
    expect((tables[0] as FaultTable).list()).toEqual([]);
  });
});

describe('two fleets on one Redis, in databases 0 and 1', () => {
  it('never see each other’s changes (pub/sub ignores database numbers: the feed channel names the database)', async () => {
    const zero = await RedisStore.connect(`${fleet.redis.url}/0`);
    const one = await RedisStore.connect(`${fleet.redis.url}/1`);
    try {
      await zero.ready();
      await one.ready();
      zero.map<string>('isolated').set('from', 'zero');
      await zero.changes.saved();
      one.map<string>('isolated').set('only', 'one');
      await one.changes.saved();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await zero.sync();
      await one.sync();
      expect([...zero.map<string>('isolated')]).toEqual([['from', 'zero']]);
      expect([...one.map<string>('isolated')]).toEqual([['only', 'one']]);
      expect(zero.available && one.available).toBe(true);
    } finally {
      await zero.close();
      await one.close();
    }
  });
});

/** A store ready on database `db` of the test's Redis, and a raw client beside it (both closed afterwards). */
async function onDatabase(db: number, body: (store: RedisStore, raw: Redis, channel: string) => Promise<void>) {
  const store = await RedisStore.connect(`${fleet.redis.url}/${db}`);
  const raw = new Redis(`${fleet.redis.url}/${db}`);
  try {
    await store.ready();
    await body(store, raw, `dcr-kit:feed:${db}`);
  } finally {
    raw.disconnect();
    await store.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a reload asked for while a reload replays the feed', () => {
  it('is made too: the feed goes live again', () =>
    onDatabase(2, async (store, raw, channel) => {
      // Redis's sequence moves on by one, then a batch two past it arrives: a gap, so a reload (to seq + 1); its
      // replay of the held batch finds a gap again and asks for another reload while the first still runs.
      const seq = await raw.incr('dcr-kit:seq');
      const epoch = await raw.get('dcr-kit:epoch');
      await raw.publish(channel, `${JSON.stringify([seq + 2, [], epoch])}\n`);
      await sleep(300);
      expect(store.available).toBe(false);
      // The missing batches: the next reload finds Redis at the held one's number and goes live.
      await raw.incrby('dcr-kit:seq', 2);
      const deadline = Date.now() + 2000;
      while (!store.available && Date.now() < deadline) await sleep(20);
      expect(store.available).toBe(true);
    }));
});

describe('a feed message from before Redis lost its data (another epoch)', () => {
  it('is dropped: no reload, however far ahead its number (once, held and replayed after every reload: 503s for good)', () =>
    onDatabase(3, async (store, raw, channel) => {
      await raw.publish(channel, `${JSON.stringify([99_999, [], 'an epoch gone with its data'])}\n`);
      await sleep(300);
      expect(store.available).toBe(true);
      await expect(store.sync()).resolves.toBeUndefined();
    }));
});

describe('a write sent after Redis lost its data, before this process noticed', () => {
  it('is refused, never acknowledged into the emptied Redis, and the replica is reloaded without it', () =>
    onDatabase(4, async (store, raw) => {
      const things = store.map<string>('things');
      await raw.flushdb();
      const before = store.changes.version;
      things.set('written', 'after the flush');
      // Refused by the write script for naming the epoch that is gone (core/redis-scripts.ts: `EPOCH the data was lost`).
      await expect(store.changes.saved(before)).rejects.toThrow(/EPOCH the data was lost/);
      expect(await raw.hget('dcr-kit:m:things', 'written')).toBeNull();
      const deadline = Date.now() + 3000;
      while (!(store.available && things.get('written') === undefined) && Date.now() < deadline) await sleep(20);
      expect(store.available).toBe(true);
      expect(things.get('written')).toBeUndefined();
    }));
});

describe('Redis stopped (SIGSTOP) for 3 s', () => {
  it('turns `available` false within 2 s, and true again once Redis answers', async () => {
    const store = await RedisStore.connect(fleet.redis.url);
    try {
      await store.ready();
      expect(store.available).toBe(true);
      const stoppedAt = Date.now();
      const paused = fleet.redis.pause(3000);
      while (store.available && Date.now() - stoppedAt < 2900) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(Date.now() - stoppedAt).toBeLessThan(2000);
      await paused;
      const resumedAt = Date.now();
      while (!store.available && Date.now() - resumedAt < 5000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(store.available).toBe(true);
    } finally {
      await store.close();
    }
  }, 15_000);
});
