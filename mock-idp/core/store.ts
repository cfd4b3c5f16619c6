/**
 * Where all mutable harness state lives (issue 14): tenants' clients, secrets, grants and registration tokens, the
 * portal's applications and sign-in sessions, key rings, fault rules, the clock, claims queued for the next token
 * and the request journals. Code asks the store for a named collection and never knows which store it has.
 *
 * The operations are the ones a shared store can make atomic (Redis: HSETNX, WATCH/MULTI or a Lua script, LPUSH +
 * LTRIM): create-if-absent and compare-and-set are asynchronous, decided by the store (not a replica), and compare
 * by value, not identity. Plain reads are synchronous on purpose: a store keeps a replica in the process (the memory
 * store is nothing but that replica), so the token path never waits on I/O. A plain write is applied to the replica
 * at once and is durable when `changes.saved()` resolves; every app holds a response that changed state until then
 * (`start/persist.ts`), which is what "acknowledged ⇒ durable" needs.
 *
 * A shared store seeds only where a collection was never seeded (writes made while the harness is built are held
 * until `ready()`), and makes every request wait for `sync()` (read-after-write across processes) and for its writes.
 *
 * Implementations: `MemoryStore` (the default; with `--data`, `core/data-dir.ts` snapshots it) and `RedisStore`
 * (core/redis-store.ts, `--store redis://…`, issue 15), with no branch in vendor code.
 */
import { Changes } from './state';

/**
 * The store cannot answer for the shared state now (Redis unreachable, or this replica still catching up): thrown by
 * `sync()`, by `changes.saved()` and by a conditional write (`setIfAbsent`, `compareAndSet`) anywhere in a request.
 * Every app answers it as 503 with Retry-After (start/fleet.ts), never as a server error.
 */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';

  constructor(reason: string) {
    super(`the shared store is unavailable (${reason})`);
  }
}

/** A keyed collection of JSON-serialisable records. */
export interface StoreMap<V> extends Iterable<[string, V]> {
  readonly name: string;
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  set(key: string, value: V): this;
  /** Stores `value` only when `key` is free; false when it was taken (two registrations racing for one id). */
  setIfAbsent(key: string, value: V): Promise<boolean>;
  /**
   * Replaces the record (or deletes it, with `next` undefined) only when it still equals `expected` (by JSON value):
   * a single-use token spent once, a counter moved once.
   */
  compareAndSet(key: string, expected: V, next: V | undefined): Promise<boolean>;
  delete(key: string): boolean;
  clear(): void;
  keys(): IterableIterator<string>;
  values(): IterableIterator<V>;
  entries(): IterableIterator<[string, V]>;
  /** Replaces the contents with saved entries (a restore, not a change: the data came from storage). */
  load(entries: Iterable<readonly [string, V]>): void;
}

/** A list that keeps its newest `capacity` items (request journals). */
export interface StoreList<T> {
  readonly capacity: number;
  push(item: T): void;
  /** Oldest first. */
  items(): T[];
  clear(): void;
}

export interface MapOptions {
  durable?: boolean;
  restore?: boolean;
}

export interface Store {
  /** Bumped by every durable write; `saved()` resolves once they are stored. */
  readonly changes: Changes;
  /** True when other processes may share it (each request then waits for `sync()`, and for its writes). */
  readonly shared: boolean;
  /** False while the store cannot answer for the shared state (requests are refused with 503 meanwhile). */
  readonly available: boolean;
  /** Ends the start: what was written while the harness was built is seeded (where no process seeded it yet). */
  ready(): Promise<void>;
  /** Resolves once this process's replica holds every change acknowledged so far, by any process. */
  sync(): Promise<void>;
  close(): Promise<void>;
  /**
   * The collection called `name` (one per name: asking twice returns the same one). `durable: false` for state a
   * restart may lose (sign-in sessions, recordings): its writes do not count as changes to save. `restore: true`
   * for state a shared store puts back from a process's replica if it loses its data (signing keys, so that tokens
   * issued before keep verifying); other state is then gone, as it is from the store.
   */
  map<V>(name: string, options?: MapOptions): StoreMap<V>;
  list<T>(name: string, capacity: number): StoreList<T>;
}

/** A Map whose writes count as changes (when durable). */
class MemoryMap<V> extends Map<string, V> implements StoreMap<V> {
  readonly #changes: Changes | undefined;

  constructor(
    readonly name: string,
    changes: Changes | undefined,
  ) {
    super();
    this.#changes = changes;
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    this.#changes?.touch();
    return this;
  }

  async setIfAbsent(key: string, value: V): Promise<boolean> {
    if (super.has(key)) return false;
    this.set(key, value);
    return true;
  }

  async compareAndSet(key: string, expected: V, next: V | undefined): Promise<boolean> {
    const current = super.get(key);
    if (current === undefined || (current !== expected && JSON.stringify(current) !== JSON.stringify(expected))) return false;
    if (next === undefined) this.delete(key);
    else this.set(key, next);
    return true;
  }

  override delete(key: string): boolean {
    const deleted = super.delete(key);
    if (deleted) this.#changes?.touch();
    return deleted;
  }

  override clear(): void {
    if (this.size > 0) this.#changes?.touch();
    super.clear();
  }

  load(entries: Iterable<readonly [string, V]>): void {
    super.clear();
    for (const [key, value] of entries) super.set(key, value);
  }
}

/** A ring buffer: the newest `capacity` items, oldest first. */
class MemoryList<T> implements StoreList<T> {
  #items: T[] = [];
  #next = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.#items.length < this.capacity) this.#items.push(item);
    else this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
  }

  items(): T[] {
    return this.#items.length < this.capacity
      ? [...this.#items]
      : [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
  }

  clear(): void {
    this.#items = [];
    this.#next = 0;
  }
}

/** The embedded default: everything in this process. */
export class MemoryStore implements Store {
  readonly #maps = new Map<string, MemoryMap<unknown>>();
  readonly #lists = new Map<string, MemoryList<unknown>>();

  readonly shared = false;
  readonly available = true;

  constructor(readonly changes: Changes = new Changes()) {}

  async ready(): Promise<void> {}

  async sync(): Promise<void> {}

  async close(): Promise<void> {}

  map<V>(name: string, { durable = true }: MapOptions = {}): StoreMap<V> {
    let map = this.#maps.get(name);
    if (!map) {
      map = new MemoryMap<unknown>(name, durable ? this.changes : undefined);
      this.#maps.set(name, map);
    }
    return map as unknown as StoreMap<V>;
  }

  list<T>(name: string, capacity: number): StoreList<T> {
    let list = this.#lists.get(name);
    if (!list) {
      list = new MemoryList<unknown>(capacity);
      this.#lists.set(name, list);
    }
    return list as StoreList<T>;
  }
}

let lastMs = 0;
let sequence = 0;
const processTag = Math.random().toString(36).slice(2, 8);

/**
 * A key that sorts in insertion order (queues kept in a map: queued claims, fault rules) and is unique across
 * processes sharing a store: the time, this process's tag, and a sequence within the millisecond.
 */
export function queueKey(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  }
  sequence++;
  return `${String(lastMs).padStart(15, '0')}.${processTag}.${String(sequence).padStart(6, '0')}`;
}
