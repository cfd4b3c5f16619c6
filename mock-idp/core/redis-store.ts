/**
 * The shared store (issue 15, `--store redis://HOST:PORT[/DB]`): every collection lives in Redis, so any number of
 * harness processes answer as one harness. Each process keeps a replica (core/redis-replica.ts) for synchronous
 * reads, loaded when it starts and kept current by a feed: every change is one Lua script (core/redis-scripts.ts)
 * that applies it, numbers it (a store-wide sequence) and PUBLISHes it on one channel (one per database).
 *
 * - Read-after-write across processes: `sync()` (a step before every request) reads the sequence number and waits
 *   until this replica has applied that many changes. A change acknowledged by process A before a client sent its
 *   next request to B is therefore visible to that request at B. The read (an MGET of the sequence and the data
 *   epoch) is shared by every request that arrived in one turn of the event loop (sent after all of them arrived).
 * - Acknowledged ⇒ stored: every write counts in `changes`, and `changes.saved(since)` resolves once Redis took
 *   every write made after version `since` (rejects if one was not taken); the start phase start/fleet.ts holds
 *   responses until then. The plain writes of one event-loop turn go as one batch (core/redis-batches.ts: one script
 *   call, one feed message): fewer round trips under load, and a request's writes are stored together or not at all.
 * - Redis lost: `available` turns false, writes and `sync()` fail at once (no offline queue), and the apps answer
 *   503 with Retry-After. When both connections are back (ioredis reconnects by itself), the replica is reloaded
 *   from Redis (local writes Redis never took are dropped) and the store is available again.
 * - Seeding: writes made while the harness is built (each tenant's configured clients, …) stay local until
 *   `ready()`, which seeds in Redis only the maps no process seeded before, and loads everything as Redis has it.
 * - Redis emptied (restarted without persistence, FLUSHALL): its epoch is gone. A process learns it on reconnecting
 *   or at its next request (`sync()` reads the epoch with the sequence), reloads, and seeds again what it seeded at
 *   start (the first process to do so wins, as at start), and puts back the maps made with `restore: true` (signing
 *   keys) as its replica held them. Every write names the epoch it was loaded from, so a write sent before the
 *   process noticed is refused, never acknowledged into the emptied Redis. What was registered since the start is
 *   lost with Redis's data: nothing else is put back from a replica.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Batches } from './redis-batches';
import { Feed } from './redis-feed';
import { type Commands, commandConnection, connection, Heartbeat } from './redis-links';
import { loadSnapshot, RedisList, RedisMap } from './redis-replica';
import { Changes } from './state';
import { type MapOptions, type Store, type StoreList, type StoreMap, StoreUnavailable } from './store';

export { StoreUnavailable };

/**
 * How long a request waits for this replica to apply what Redis already has. Generous: the messages are on their
 * way, and a process saturated with requests applies them late; a lost message is caught by the next one's gap.
 */
const CATCH_UP_MS = 5000;
/** How long a request waits for a reload under way before it is refused. */
const RELOAD_WAIT_MS = 250;
const PREFIX = 'dcr-kit:';
const SEQ = `${PREFIX}seq`;
const NAMES = `${PREFIX}names`;
const EPOCH = `${PREFIX}epoch`;

const unavailable = (error: unknown) => {
  throw new StoreUnavailable((error as Error).message);
};

export class RedisStore implements Store {
  readonly shared = true;
  readonly #maps = new Map<string, RedisMap<unknown>>();
  readonly #lists = new Map<string, RedisList<unknown>>();
  readonly #command: Commands;
  readonly #subscriber: Redis;
  /**
   * The feed's channel, named after the database: keys live in the URL's `/DB`, but pub/sub "has no relation to the
   * key space" and ignores database numbers (https://redis.io/docs/latest/develop/interact/pubsub/#database--scoping),
   * so two fleets on DB 0 and DB 1 of one Redis would otherwise apply each other's changes.
   */
  readonly #channel: string;
  readonly #feed: Feed;
  #seeding = true;
  readonly #seeded = new Set<string>();
  /** What this process seeded at start, as stored text: seeded again if Redis loses its data. */
  #seeds: Record<string, [string, string][]> = {};
  /** The epoch of the data this replica was loaded from (core/redis-scripts.ts, SYNC_SCRIPT). */
  #epoch: string | undefined;
  /** The maps put back from this replica if Redis lost its data (`map(name, { restore: true })`). */
  readonly #restore = new Set<string>();
  #resyncing: Promise<void> | undefined;
  /** Plain writes, a batch per turn, acknowledged by write version (core/redis-batches.ts). */
  readonly #batches: Batches;
  #pendingSeq: Promise<number> | undefined;
  #closed = false;
  readonly #heartbeat: Heartbeat;

  private constructor(
    url: string,
    readonly changes: Changes,
  ) {
    this.#command = commandConnection(url);
    this.#subscriber = connection(url);
    this.#channel = `${PREFIX}feed:${this.#command.options.db ?? 0}`;
    this.#feed = new Feed(
      (op, name, field, value) => {
        if (name.startsWith('l:')) this.#list(name.slice(2)).applyRemote(op, value);
        else this.#map(name.slice(2)).applyRemote(op, field, value);
      },
      () => void this.#resync(),
    );
    this.#subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.#feed.receive(message));
    for (const link of [this.#command, this.#subscriber]) {
      // ioredis logs unhandled 'error' events; the outage is reported by `available` and the 503s instead.
      link.on('error', () => {});
      link.on('close', () => this.#lost());
      link.on('ready', () => {
        // A link that is ready has just answered (ioredis's ready check): no stall to remember from before.
        if (link === this.#command) this.#heartbeat.answered();
        void this.#recover();
      });
    }
    this.#batches = new Batches(
      (args) =>
        this.#command.dcrWrite(SEQ, NAMES, EPOCH, PREFIX, this.#channel, this.#epoch ?? '', String(args.length / 5), ...args),
      () => {
        // Redis may not have them: the replica may hold what Redis does not, so it is reloaded when Redis answers.
        this.#lost();
        void this.#recover();
      },
    );
    changes.saver = (since) => this.#batches.saved(since);
    this.#heartbeat = new Heartbeat(this.#command);
  }

  /** Connects both links and subscribes; the store serves once `ready()` has seeded and loaded the replica. */
  static async connect(url: string, changes = new Changes()): Promise<RedisStore> {
    const store = new RedisStore(url, changes);
    // ioredis rejects with "Connection is closed"; the socket's own error (ECONNREFUSED …) says more.
    let cause: Error | undefined;
    store.#command.once('error', (error: Error) => {
      cause = error;
    });
    try {
      await Promise.all([store.#command.connect(), store.#subscriber.connect()]);
      await store.#subscriber.subscribe(store.#channel);
    } catch (error) {
      await store.close();
      throw new StoreUnavailable(`${url}: ${(cause ?? (error as Error)).message}`);
    }
    return store;
  }

  get available(): boolean {
    return !this.#heartbeat.stalled && this.#feed.live && this.#command.status === 'ready' && this.#subscriber.status === 'ready';
  }

  map<V>(name: string, options: MapOptions = {}): StoreMap<V> {
    if (options.restore) this.#restore.add(`m:${name}`);
    return this.#map(name) as unknown as StoreMap<V>;
  }

  list<T>(name: string, capacity: number): StoreList<T> {
    const list = this.#list(name, capacity);
    list.resize(capacity);
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
      this.#batches.add(this.changes.version, op, name, field, value, extra);
    },
    decide: async (op: string, name: string, field: string, value: string, expected = '') => {
      if (!this.available && !this.#seeding) throw new StoreUnavailable('Redis is not connected');
      // After this turn's plain writes (one connection: Redis runs them in the order sent).
      this.#batches.flush();
      this.changes.touch();
      const [made, stored] = await this.#command
        .dcrDecide(SEQ, NAMES, EPOCH, PREFIX, this.#channel, op, name, field, value, expected, this.#epoch ?? '')
        .catch(unavailable);
      return made === 1 ? true : (stored as string | null);
    },
  };

  /**
   * Ends the start: the maps written while the harness was built are seeded where no process seeded them yet;
   * then the replica is loaded as Redis has it and follows the feed.
   */
  async ready(): Promise<void> {
    for (const name of this.#seeded) this.#seeds[name] = this.#map(name.slice(2)).rawEntries();
    this.#seeding = false;
    await this.#load();
  }

  /**
   * Loads everything (seeding this process's seeds where nobody did: at start, or after Redis lost its data), then
   * replays what the feed brought meanwhile.
   */
  async #load(): Promise<void> {
    this.#feed.hold();
    // Subscribed before the snapshot, so every change after it reaches the feed: after a reconnection ioredis says
    // 'ready' before it sends SUBSCRIBE again, and the subscription is in force only once SUBSCRIBE is answered
    // (https://redis.io/docs/latest/commands/subscribe/; subscribing again to the same channel changes nothing).
    await this.#subscriber.subscribe(this.#channel);
    // What to put back if Redis lost the data this replica was loaded from (read now, before it is replaced).
    const restore = Object.fromEntries([...this.#restore].map((name) => [name, this.#map(name.slice(2)).rawEntries()]));
    const [seq, epoch, ...flat] = await this.#command.dcrSync(
      SEQ,
      NAMES,
      `${PREFIX}seeded`,
      EPOCH,
      `${PREFIX}restored`,
      PREFIX,
      this.#channel,
      JSON.stringify(this.#seeds),
      randomUUID(),
      JSON.stringify(restore),
      this.#epoch ?? '',
    );
    // Writes made on the replica being replaced go out under its epoch (refused if that is gone), not the new one.
    this.#batches.flush();
    this.#epoch = epoch as string;
    loadSnapshot(flat as string[], {
      maps: this.#maps,
      lists: this.#lists,
      map: (n) => this.#map(n),
      list: (n) => this.#list(n),
    });
    this.#feed.resume(Number(seq), this.#epoch);
  }

  #lost(): void {
    if (!this.#seeding) this.#feed.hold();
  }

  async #recover(): Promise<void> {
    if (this.#closed || this.#seeding || this.#command.status !== 'ready' || this.#subscriber.status !== 'ready') return;
    await this.#resync();
  }

  #resync(): Promise<void> {
    this.#resyncing ??= this.#load()
      .then(
        () => true,
        () => {
          this.#lost();
          // Still unreachable: the next 'ready' tries again; a failure on a live link retries shortly.
          setTimeout(() => void this.#recover(), 200).unref();
          return false;
        },
      )
      .then((loaded) => {
        this.#resyncing = undefined;
        // The replay at the end of the load asked for another (a gap, a process seeding meanwhile) while this one
        // still counted as running: the feed is held still, so load again (shortly: never a loop of reloads).
        if (loaded && !this.#feed.live && !this.#closed) setTimeout(() => void this.#resync(), 50).unref();
      });
    return this.#resyncing;
  }

  /**
   * Resolves once this replica holds every change Redis had acknowledged when the call was made; rejects with
   * StoreUnavailable when Redis cannot be reached or the replica does not catch up in time.
   */
  async sync(): Promise<void> {
    // A reload under way with Redis answering (a data loss noticed, a gap): wait a moment for it rather than refuse
    // the request; with Redis stalled or gone the 503 comes at once.
    const links = this.#command.status === 'ready' && this.#subscriber.status === 'ready' && !this.#heartbeat.stalled;
    if (!this.available && this.#resyncing && links)
      await Promise.race([this.#resyncing, new Promise((resolve) => setTimeout(resolve, RELOAD_WAIT_MS).unref())]);
    if (!this.available) throw new StoreUnavailable('Redis is not connected');
    await this.#feed.reach(await this.#latestSeq(), CATCH_UP_MS).catch((error: unknown) => {
      // Still behind after all this time: a message was lost without a later one to show the gap. Reload.
      void this.#resync();
      unavailable(error);
    });
  }

  /**
   * The sequence number, read once for all the requests that arrived before it is sent (on the next check phase),
   * with the epoch: another epoch (or none) means Redis lost the data this replica was loaded from, so the replica is
   * reloaded (and seeded again) before any of those requests goes on.
   */
  #latestSeq(): Promise<number> {
    this.#pendingSeq ??= new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        this.#pendingSeq = undefined;
        this.#command.mget(SEQ, EPOCH).then(([seq, epoch]) => {
          if (epoch === this.#epoch) return resolve(Number(seq ?? 0));
          // A reload already under way may have read Redis before the loss: then one more.
          // (No epoch in Redis yet: current once the replica holds another epoch than the one just found gone.)
          const stale = this.#epoch;
          const reload = () => this.#resync().then(() => (epoch === null ? this.#epoch !== stale : epoch === this.#epoch));
          void reload()
            .then((current) => current || reload())
            .then((current) => {
              if (current && this.available) resolve(this.#feed.applied);
              else reject(new Error('Redis lost its data; the replica is being reloaded'));
            });
        }, reject);
      });
    }).catch(unavailable);
    return this.#pendingSeq;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#heartbeat.stop();
    await this.#batches.settled();
    for (const link of [this.#command, this.#subscriber]) link.disconnect();
  }
}
