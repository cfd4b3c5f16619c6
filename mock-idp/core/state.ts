/**
 * Change tracking for everything `--data` keeps (clients, secrets, grants, portal applications, keys). Stores
 * bump one shared counter on every write; the persistence middleware compares it before and after a request and,
 * when it moved, writes a snapshot before the response leaves (see `core/data-dir.ts`). In-memory runs pay one
 * integer increment per write.
 */
export class Changes {
  #version = 0;
  /** Called after every change (the data directory schedules a background save). */
  onTouch: (() => void) | undefined;
  /** Resolves once every change so far is saved; set by the data directory (in memory, nothing to wait for). */
  saver: (() => Promise<void>) | undefined;

  get version(): number {
    return this.#version;
  }

  saved(): Promise<void> {
    return this.saver?.() ?? Promise.resolve();
  }

  /** Call after any in-place change to a stored object (a pushed secret, a new service principal id). */
  touch(): void {
    this.#version++;
    this.onTouch?.();
  }
}

/** A Map whose writes count as changes. Reads are plain Map reads. */
export class StateMap<K, V> extends Map<K, V> {
  readonly #changes: Changes;

  constructor(changes: Changes) {
    super();
    this.#changes = changes;
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    // Map's constructor calls set() before #changes exists when given entries; this class never passes any.
    this.#changes?.touch();
    return this;
  }

  override delete(key: K): boolean {
    const deleted = super.delete(key);
    if (deleted) this.#changes.touch();
    return deleted;
  }

  override clear(): void {
    if (this.size > 0) this.#changes.touch();
    super.clear();
  }

  /** Replaces the contents with saved entries (a restore, not a change: the data came from disk). */
  load(entries: Iterable<readonly [K, V]>): void {
    super.clear();
    for (const [key, value] of entries) super.set(key, value);
  }
}
