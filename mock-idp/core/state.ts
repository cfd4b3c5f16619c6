/**
 * Change tracking for everything `--data` keeps (clients, secrets, grants, portal applications, keys). The store's
 * durable collections (core/store.ts) bump one shared counter on every write; the persistence middleware compares it before and after a request and,
 * when it moved, writes a snapshot before the response leaves (see `core/data-dir.ts`). In-memory runs pay one
 * integer increment per write.
 */
export class Changes {
  #version = 0;
  /** Called after every change (the data directory schedules a background save). */
  onTouch: (() => void) | undefined;
  /**
   * Resolves once every change so far is saved; set by the data directory (in memory, nothing to wait for) and the
   * Redis store (which, given `since`, waits only for changes after that version, and fails if one was not stored).
   */
  saver: ((since?: number) => Promise<void>) | undefined;

  get version(): number {
    return this.#version;
  }

  /** `since`: the version when the caller began (a request's changes are the ones after it). */
  saved(since?: number): Promise<void> {
    return this.saver?.(since) ?? Promise.resolve();
  }

  /** Counts one change: the store's durable collections call it on every write (records are never changed in place). */
  touch(): void {
    this.#version++;
    this.onTouch?.();
  }
}
