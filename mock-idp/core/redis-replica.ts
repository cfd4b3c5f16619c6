/**
 * A process's replica of the Redis store's collections (core/redis-store.ts): reads are synchronous and local; a
 * plain write is applied here at once and sent to Redis (acknowledged by `changes.saved()`); create-if-absent and
 * compare-and-set are decided by Redis, then applied here. Changes from any process (this one's included) come
 * back through the feed, in Redis's order, so every replica converges on what Redis holds.
 */
import type { StoreList, StoreMap } from './store';

/** What a collection asks of its store: send a change, or have Redis decide one. */
export interface Link {
  /** A plain write: applied locally already, sent to Redis in order. */
  write(op: 'set' | 'del' | 'clear' | 'push', name: string, field: string, value: string, extra?: string): void;
  /** A conditional write decided by Redis: true when it was made; otherwise the stored value (null when none). */
  decide(op: 'setnx' | 'cas', name: string, field: string, value: string, expected?: string): Promise<true | string | null>;
}

export class RedisMap<V> extends Map<string, V> implements StoreMap<V> {
  readonly #link: Link;
  readonly #kindName: string;

  constructor(
    readonly name: string,
    link: Link,
  ) {
    super();
    this.#link = link;
    this.#kindName = `m:${name}`;
  }

  override set(key: string, value: V): this {
    super.set(key, value);
    this.#link.write('set', this.#kindName, key, JSON.stringify(value));
    return this;
  }

  async setIfAbsent(key: string, value: V): Promise<boolean> {
    const outcome = await this.#link.decide('setnx', this.#kindName, key, JSON.stringify(value));
    if (outcome === true) super.set(key, value);
    else this.#catchUp(key, outcome);
    return outcome === true;
  }

  async compareAndSet(key: string, expected: V, next: V | undefined): Promise<boolean> {
    const value = next === undefined ? '' : JSON.stringify(next);
    const outcome = await this.#link.decide('cas', this.#kindName, key, value, JSON.stringify(expected));
    if (outcome !== true) this.#catchUp(key, outcome);
    else if (next === undefined) super.delete(key);
    else super.set(key, next);
    return outcome === true;
  }

  /** A lost race tells what Redis holds: the replica takes it now rather than when the feed brings it. */
  #catchUp(key: string, stored: string | null): void {
    if (stored === null) super.delete(key);
    else super.set(key, JSON.parse(stored) as V);
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    // Sent even when this replica did not have it: Redis decides (a delete that finds nothing changes nothing).
    this.#link.write('del', this.#kindName, key, '');
    return had;
  }

  override clear(): void {
    super.clear();
    this.#link.write('clear', this.#kindName, '', '');
  }

  /** A restore (`--data` only, which a shared store does not take): local, like the memory store's. */
  load(entries: Iterable<readonly [string, V]>): void {
    super.clear();
    for (const [key, value] of entries) super.set(key, value);
  }

  /** A change from the feed, or the whole map from a snapshot. */
  applyRemote(op: string, field: string, value: string): void {
    if (op === 'set') super.set(field, JSON.parse(value) as V);
    else if (op === 'del') super.delete(field);
    else if (op === 'clear') super.clear();
  }

  loadRaw(flat: readonly string[]): void {
    super.clear();
    for (let i = 0; i + 1 < flat.length; i += 2) super.set(flat[i] as string, JSON.parse(flat[i + 1] as string) as V);
  }

  /** Every record as stored text (what the first process seeds). */
  rawEntries(): [string, string][] {
    return [...super.entries()].map(([key, value]) => [key, JSON.stringify(value)]);
  }
}

/**
 * A bounded list (request journals): items arrive only through the feed, in Redis's order, and are kept as text,
 * parsed when read (a token request's journal entry costs the other processes a string copy, not a parse).
 */
export class RedisList<T> implements StoreList<T> {
  #raw: string[] = [];
  #parsed: T[] | undefined;
  readonly #link: Link;
  readonly #kindName: string;

  constructor(
    readonly name: string,
    public capacity: number,
    link: Link,
  ) {
    this.#link = link;
    this.#kindName = `l:${name}`;
  }

  /** The capacity its owner asks for (the feed may have made the list first, with a default one). */
  resize(capacity: number): void {
    this.capacity = capacity;
    if (this.#raw.length > capacity) this.#raw.splice(0, this.#raw.length - capacity);
    this.#parsed = undefined;
  }

  push(item: T): void {
    this.#link.write('push', this.#kindName, '', JSON.stringify(item), String(this.capacity));
  }

  items(): T[] {
    this.#parsed ??= this.#raw.map((text) => JSON.parse(text) as T);
    return [...this.#parsed];
  }

  clear(): void {
    this.#raw = [];
    this.#parsed = undefined;
    this.#link.write('clear', this.#kindName, '', '');
  }

  applyRemote(op: string, value: string): void {
    if (op === 'clear') this.#raw = [];
    else if (op === 'push') {
      this.#raw.push(value);
      if (this.#raw.length > this.capacity) this.#raw.splice(0, this.#raw.length - this.capacity);
    }
    this.#parsed = undefined;
  }

  loadRaw(items: readonly string[]): void {
    this.#raw = items.slice(-this.capacity);
    this.#parsed = undefined;
  }
}

/** Where a snapshot goes: the replicas this process has, and each by name (made if new). */
export interface Replicas {
  maps: ReadonlyMap<string, RedisMap<unknown>>;
  lists: ReadonlyMap<string, RedisList<unknown>>;
  map(name: string): RedisMap<unknown>;
  list(name: string): RedisList<unknown>;
}

/**
 * Loads SYNC_SCRIPT's answer (core/redis-scripts.ts: kind-prefixed name, then HGETALL's or LRANGE's flat list, …)
 * into the replicas; a collection Redis no longer has is emptied.
 */
export function loadSnapshot(flat: readonly (string | string[])[], replicas: Replicas): void {
  const present = new Set<string>();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i] as string;
    present.add(name);
    if (name.startsWith('l:')) replicas.list(name.slice(2)).loadRaw(flat[i + 1] as string[]);
    else replicas.map(name.slice(2)).loadRaw(flat[i + 1] as string[]);
  }
  for (const [name, map] of replicas.maps) if (!present.has(`m:${name}`)) map.loadRaw([]);
  for (const [name, list] of replicas.lists) if (!present.has(`l:${name}`)) list.loadRaw([]);
}
