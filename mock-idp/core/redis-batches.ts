/**
 * The plain writes of the Redis store (core/redis-store.ts), one batch per turn of the event loop: one script call
 * and one feed message (core/redis-scripts.ts), so a request's writes are stored together or not at all, with fewer
 * round trips under load. Every write carries its number in `changes` (its version); `saved(since)` waits for the
 * batches holding writes newer than `since` and fails when one of them was not taken. Batches are tracked by version,
 * never forgotten wholesale: a reload of the replica neither acknowledges a batch still on its way nor forgives one
 * Redis refused to a request that made it.
 */
import { StoreUnavailable } from './store';

interface Batch {
  /** The version of its newest write. */
  last: number;
  done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export class Batches {
  /** This turn's writes, flattened (5 arguments each), and their batch. */
  #args: string[] = [];
  #current: Batch | undefined;
  /** Batches sent (or being collected) and not answered yet. */
  readonly #open = new Set<Batch>();
  /** The newest version in a batch Redis did not take (0: none). */
  #failedUpTo = 0;

  constructor(
    /** Sends the writes (5 arguments each) as one script call. */
    private readonly send: (args: string[]) => Promise<unknown>,
    /** A batch failed: Redis may not have it, while the replica does. */
    private readonly failed: () => void,
  ) {}

  /** One write, numbered `version`: sent with the rest of this turn's on the next check phase (or `flush()`). */
  add(version: number, op: string, name: string, field: string, value: string, extra: string): void {
    this.#args.push(op, name, field, value, extra);
    if (this.#current) {
      this.#current.last = version;
      return;
    }
    let resolve = () => {};
    let reject: (error: unknown) => void = () => {};
    const done = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    done.catch(() => {});
    const batch = { last: version, done, resolve, reject };
    this.#current = batch;
    this.#open.add(batch);
    setImmediate(() => this.flush());
  }

  /** Sends this turn's writes now (a conditional write goes after them: one connection, Redis runs them in order). */
  flush(): void {
    const batch = this.#current;
    if (!batch) return;
    const args = this.#args;
    this.#args = [];
    this.#current = undefined;
    this.send(args).then(
      () => {
        this.#open.delete(batch);
        batch.resolve();
      },
      (error: unknown) => {
        this.#open.delete(batch);
        this.#failedUpTo = Math.max(this.#failedUpTo, batch.last);
        this.failed();
        batch.reject(new StoreUnavailable((error as Error).message));
      },
    );
  }

  /**
   * Resolves once every batch holding a write newer than version `since` is answered; rejects if one of them was
   * not taken, whether it failed before the call or after. Without `since`: the batches not answered yet.
   */
  saved(since?: number): Promise<void> {
    if (since !== undefined && this.#failedUpTo > since) {
      return Promise.reject(new StoreUnavailable('a write was not stored'));
    }
    const waited = [...this.#open].filter((batch) => since === undefined || batch.last > since);
    return Promise.all(waited.map((batch) => batch.done)).then(() => {});
  }

  /** Settles once every batch sent so far is answered, taken or not. */
  settled(): Promise<unknown> {
    this.flush();
    return Promise.allSettled([...this.#open].map((batch) => batch.done));
  }
}
