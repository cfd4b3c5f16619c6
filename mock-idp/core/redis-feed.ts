/**
 * The change feed of the Redis store (core/redis-store.ts): every batch of changes any process made arrives as one
 * message on one pub/sub channel, numbered by the store-wide sequence (core/redis-scripts.ts has the format). The
 * feed applies batches to this process's replica in sequence order, tells waiting requests when their sequence is
 * reached, and asks for a full reload when a batch is missing (a message lost with a connection) or a process seeded
 * a map. While the replica is (re)loaded, messages are held and replayed after it.
 */

/** Where the feed's changes go: a map's or a list's replica, by kind-prefixed name (`m:…`, `l:…`). */
export type Apply = (op: string, name: string, field: string, value: string) => void;

type Header = [number, [string, string, string, number][], string | undefined];

export class Feed {
  /** The last batch applied. */
  #applied = 0;
  /** The epoch of the data the replica was loaded from: a message from another is from before a data loss. */
  #epoch: string | undefined;
  /** Messages held while the replica is loaded (undefined: live). */
  #held: Buffer[] | undefined = [];
  readonly #waiters = new Set<{ seq: number; release: () => void }>();

  constructor(
    private readonly apply: Apply,
    /** Called when the replica must be reloaded from Redis. */
    private readonly reload: () => void,
  ) {}

  get applied(): number {
    return this.#applied;
  }

  get live(): boolean {
    return this.#held === undefined;
  }

  /** From now until `resume`, messages are held (the replica is being loaded). */
  hold(): void {
    this.#held ??= [];
  }

  /** The replica now holds everything up to `seq` of `epoch`: replay what came meanwhile, and go live. */
  resume(seq: number, epoch: string): void {
    this.#applied = seq;
    this.#epoch = epoch;
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const message of held) this.receive(message);
    this.#release();
  }

  receive(message: Buffer): void {
    if (this.#held) {
      this.#held.push(message);
      return;
    }
    const newline = message.indexOf(10);
    const [seq, ops, epoch] = JSON.parse(message.toString('utf8', 0, newline)) as Header;
    // From before Redis lost its data (its numbers mean nothing now), or already applied. A message without an epoch
    // is from a process of an earlier dcr-kit (a fleet being upgraded): taken as before.
    if ((epoch !== undefined && epoch !== this.#epoch) || seq <= this.#applied) return;
    if (seq !== this.#applied + 1 || ops.some(([op]) => op === 'reload')) {
      this.#held = [message];
      this.reload();
      return;
    }
    this.#applied = seq;
    let at = newline + 1;
    for (const [op, name, field, length] of ops) {
      this.apply(op, name, field, message.toString('utf8', at, at + length));
      at += length;
    }
    if (this.#waiters.size > 0) this.#release();
  }

  /** Resolves once batch `seq` is applied; rejects after `patienceMs`. */
  reach(seq: number, patienceMs: number): Promise<void> {
    if (seq <= this.#applied) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
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
        reject(new Error('the replica did not catch up'));
      }, patienceMs);
      this.#waiters.add(waiter);
    });
  }

  #release(): void {
    for (const waiter of this.#waiters) if (waiter.seq <= this.#applied) waiter.release();
  }
}
