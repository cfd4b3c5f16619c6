/**
 * The shared store (issue 15, `--store redis://HOST:PORT[/DB]`): every collection lives in Redis, so any number of
 * harness processes answer as one harness. Each process keeps a replica (core/redis-replica.ts) for synchronous
 * reads, loaded when it starts and kept current by a feed: every change is one Lua script (core/redis-scripts.ts)
 * that applies it, numbers it (a store-wide sequence) and PUBLISHes it on one channel.
 *
 * - Read-after-write across processes: `sync()` (a step before every request) reads the sequence number and waits
 *   until this replica has applied that many changes. A change acknowledged by process A before a client sent its
 *   next request to B is therefore visible to that request at B. The GET is shared by every request that arrived
 *   in one turn of the event loop (sent after all of them arrived).
 * - Acknowledged ⇒ stored: every write counts in `changes`, and `changes.saved()` resolves once Redis answered
 *   every write sent so far (one connection, in order); the start phase start/fleet.ts holds responses until then.
 * - Redis lost: `available` turns false, writes and `sync()` fail at once (no offline queue), and the apps answer
 *   503 with Retry-After. When both connections are back (ioredis reconnects by itself), the replica is reloaded
 *   from Redis (local writes Redis never took are dropped) and the store is available again.
 * - Seeding: writes made while the harness is built (each tenant's configured clients, …) stay local until
 *   `ready()`, which seeds in Redis only the maps no process seeded before, and loads everything as Redis has it.
 */
import { Redis } from 'ioredis';
import { RedisList, RedisMap } from './redis-replica';
import { SYNC_SCRIPT, WRITE_SCRIPT } from './redis-scripts';
import { Changes } from './state';
import type { Store, StoreList, StoreMap } from './store';

/** The store cannot answer for the shared state now (Redis unreachable, or this replica still catching up). */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';

  constructor(reason: string) {
    super(`the shared store is unavailable (${reason})`);
  }
}

/** How long a request waits for its replica to catch up, or for Redis to answer, before it is refused. */
const PATIENCE_MS = 1000;
const PREFIX = 'dcr-kit:';

type Commands = Redis & {
  dcrWrite(...args: string[]): Promise<[number, number | string | null]>;
  dcrSync(...args: string[]): Promise<unknown[]>;
};

function connection(url: string): Redis {
  return new Redis(url, {
    // A command while disconnected fails at once (the request gets 503) instead of waiting in a queue.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: PATIENCE_MS,
    // Reconnect for ever, at most a second apart: the harness recovers by itself when Redis is back.
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    lazyConnect: true,
  });
}

export class RedisStore implements Store {
  readonly shared = true;
  readonly #maps = new Map<string, RedisMap<unknown>>();
  readonly #lists = new Map<string, RedisList<unknown>>();
  readonly #command: Commands;
  readonly #feed: Redis;
  readonly #channel = `${PREFIX}feed`;
  /** The last change this replica applied, and requests waiting for a later one. */
  #applied = 0;
  readonly #waiters = new Set<{ seq: number; release: () => void }>();
  /** Feed messages held while the replica is (re)loaded. */
  #held: string[] | undefined = [];
  #seeding = true;
  readonly #seeded = new Set<string>();
  #live = false;
  #resyncing: Promise<void> | undefined;
  #tail: Promise<void> = Promise.resolve();
  #pendingSeq: Promise<number> | undefined;
  #closed = false;

  private constructor(
    url: string,
    readonly changes: Changes,
  ) {
    this.#command = connection(url) as Commands;
    this.#command.defineCommand('dcrWrite', { numberOfKeys: 3, lua: WRITE_SCRIPT });
    this.#command.defineCommand('dcrSync', { numberOfKeys: 3, lua: SYNC_SCRIPT });
    this.#feed = connection(url);
    this.#feed.on('message', (_channel: string, message: string) => this.#receive(message));
    for (const link of [this.#command, this.#feed]) {
      // ioredis logs unhandled 'error' events; the outage is reported by `available` and the 503s instead.
      link.on('error', () => {});
      link.on('close', () => this.#lost());
      link.on('ready', () => void this.#recover());
    }
    changes.saver = () => this.#tail;
  }

  /** Connects both links and subscribes; the store serves once `ready()` has seeded and loaded the replica. */
  static async connect(url: string, changes = new Changes()): Promise<RedisStore> {
    const store = new RedisStore(url, changes);
    try {
      await Promise.all([store.#command.connect(), store.#feed.connect()]);
      await store.#feed.subscribe(store.#channel);
    } catch (error) {
      await store.close();
      throw new StoreUnavailable(`${url}: ${(error as Error).message}`);
    }
    return store;
  }

  get available(): boolean {
    return this.#live && this.#command.status === 'ready' && this.#feed.status === 'ready';
  }

  map<V>(name: string): StoreMap<V> {
    return this.#map(name) as unknown as StoreMap<V>;
  }

  list<T>(name: string, capacity: number): StoreList<T> {
    const list = this.#list(name, capacity);
    list.capacity = capacity;
    return list as StoreList<T>;
  }

  #map(name: string): RedisMap<unknown> {
    let map = this.#maps.get(name);
    if (!map) {
      map = new RedisMap(name, this.#link);
      this.#maps.set(name, map);
    }
    return map;
  }

  #list(name: string, capacity = 1000): RedisList<unknown> {
    let list = this.#lists.get(name);
    if (!list) {
      list = new RedisList(name, capacity, this.#link);
      this.#lists.set(name, list);
    }
    return list;
  }

  readonly #link = {
    write: (op: string, name: string, field: string, value: string, extra = '') => {
      if (this.#seeding && op !== 'push') {
        this.#seeded.add(name);
        return;
      }
      this.changes.touch();
      const sent = this.#command.dcrWrite(
        `${PREFIX}seq`,
        PREFIX + name,
        `${PREFIX}names`,
        this.#channel,
        op,
        name,
        field,
        value,
        extra,
      );
      const previous = this.#tail;
      this.#tail = sent.then(
        () => previous,
        (error: unknown) => {
          // Redis may not have it: the replica may hold what Redis does not, so it is reloaded when Redis answers.
          this.#lost();
          void this.#recover();
          throw new StoreUnavailable((error as Error).message);
        },
      );
      this.#tail.catch(() => {});
    },
    decide: async (op: string, name: string, field: string, value: string, expected = '') => {
      if (!this.available && !this.#seeding) throw new StoreUnavailable('Redis is not connected');
      this.changes.touch();
      const [made, stored] = await this.#command
        .dcrWrite(`${PREFIX}seq`, PREFIX + name, `${PREFIX}names`, this.#channel, op, name, field, value, expected)
        .catch((error: unknown) => {
          throw new StoreUnavailable((error as Error).message);
        });
      return made === 1 ? true : (stored as string | null);
    },
  };

  /**
   * Ends the start: the maps written while the harness was built are seeded where no process seeded them yet;
   * then the replica is loaded as Redis has it and follows the feed.
   */
  async ready(): Promise<void> {
    const seeds: Record<string, [string, string][]> = {};
    for (const name of this.#seeded) seeds[name] = this.#map(name.slice(2)).rawEntries();
    this.#seeding = false;
    await this.#load(seeds);
  }

  /** Loads everything (seeding `seeds` where nobody did), then replays what the feed brought meanwhile. */
  async #load(seeds: Record<string, [string, string][]> = {}): Promise<void> {
    this.#held ??= [];
    const [seq, ...flat] = await this.#command.dcrSync(
      `${PREFIX}seq`,
      `${PREFIX}names`,
      `${PREFIX}seeded`,
      PREFIX,
      this.#channel,
      JSON.stringify(seeds),
    );
    const present = new Set<string>();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const name = flat[i] as string;
      const data = flat[i + 1] as string[];
      present.add(name);
      if (name.startsWith('l:')) this.#list(name.slice(2)).loadRaw(data);
      else this.#map(name.slice(2)).loadRaw(data);
    }
    for (const [name, map] of this.#maps) if (!present.has(`m:${name}`)) map.loadRaw([]);
    for (const [name, list] of this.#lists) if (!present.has(`l:${name}`)) list.loadRaw([]);
    this.#applied = Number(seq);
    const held = this.#held;
    this.#held = undefined;
    this.#live = true;
    for (const message of held) this.#receive(message);
    this.#release();
  }

  #receive(message: string): void {
    if (this.#held) {
      this.#held.push(message);
      return;
    }
    const newline = message.indexOf('\n');
    const [seq, op, name, field] = JSON.parse(message.slice(0, newline)) as [number, string, string, string];
    if (seq <= this.#applied) return;
    if (seq !== this.#applied + 1 || op === 'reload') {
      // A gap (a message lost with a connection) or a map seeded by a process that just started: reload.
      this.#held = [message];
      void this.#resync();
      return;
    }
    this.#applied = seq;
    const value = message.slice(newline + 1);
    if (name.startsWith('l:')) this.#list(name.slice(2)).applyRemote(op, value);
    else this.#map(name.slice(2)).applyRemote(op, field, value);
    if (this.#waiters.size > 0) this.#release();
  }

  #release(): void {
    for (const waiter of this.#waiters) if (waiter.seq <= this.#applied) waiter.release();
  }

  #lost(): void {
    if (this.#seeding) return;
    this.#live = false;
    this.#held ??= [];
  }

  async #recover(): Promise<void> {
    if (this.#closed || this.#seeding || this.#command.status !== 'ready' || this.#feed.status !== 'ready') return;
    await this.#resync();
  }

  #resync(): Promise<void> {
    this.#resyncing ??= this.#load()
      .then(() => {
        this.#tail = Promise.resolve();
      })
      .catch(() => {
        this.#lost();
        // Still unreachable: the next 'ready' tries again; a failure on a live link retries shortly.
        setTimeout(() => void this.#recover(), 200).unref();
      })
      .finally(() => {
        this.#resyncing = undefined;
      });
    return this.#resyncing;
  }

  /**
   * Resolves once this replica holds every change Redis had acknowledged when the call was made; rejects with
   * StoreUnavailable when Redis cannot be reached or the replica does not catch up in time.
   */
  async sync(): Promise<void> {
    if (!this.available) throw new StoreUnavailable('Redis is not connected');
    const seq = await this.#latestSeq();
    if (seq <= this.#applied) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        seq,
        release: () => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new StoreUnavailable('the replica did not catch up'));
      }, PATIENCE_MS);
      this.#waiters.add(waiter);
    });
  }

  /** GET seq, once for all the requests that arrived before it is sent (it is sent on the next check phase). */
  #latestSeq(): Promise<number> {
    this.#pendingSeq ??= new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        this.#pendingSeq = undefined;
        this.#command.get(`${PREFIX}seq`).then((seq) => resolve(Number(seq ?? 0)), reject);
      });
    }).catch((error: unknown) => {
      throw new StoreUnavailable((error as Error).message);
    });
    return this.#pendingSeq;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#live = false;
    await Promise.allSettled([this.#tail]);
    for (const link of [this.#command, this.#feed]) link.disconnect();
  }
}
