/**
 * The harness clock. Every timestamp the harness writes (iat, exp, expires_on, AADSTS timestamps, session
 * timeouts) comes from here, so tests can freeze it, move it forward, or skew it.
 */
import { MemoryStore, type StoreMap } from './store';

export interface ClockState {
  now: string;
  epoch: number;
  frozen: boolean;
  /** Seconds between the harness clock and the machine clock. */
  offsetSeconds: number;
}

/** What the store keeps of the clock: its distance from the machine clock, or the instant it is frozen at. */
interface ClockRecord {
  offsetMs: number;
  frozenAt: number | null;
}

const REAL_TIME: ClockRecord = { offsetMs: 0, frozenAt: null };

export class Clock {
  constructor(
    private readonly source: () => number = Date.now,
    /** One record, `state` (not durable: a restart runs on real time again). */
    private readonly record: StoreMap<ClockRecord> = new MemoryStore().map('clock', { durable: false }),
  ) {}

  get #state(): ClockRecord {
    return this.record.get('state') ?? REAL_TIME;
  }

  #write(state: ClockRecord): void {
    this.record.set('state', state);
  }

  /** Milliseconds since the epoch, harness time. */
  now(): number {
    const { frozenAt, offsetMs } = this.#state;
    return frozenAt ?? this.source() + offsetMs;
  }

  /** Whole seconds since the epoch, harness time (JWT NumericDate). */
  epoch(): number {
    return Math.floor(this.now() / 1000);
  }

  freeze(atMs: number = this.now()): void {
    this.#write({ ...this.#state, frozenAt: atMs });
  }

  unfreeze(): void {
    const { frozenAt, offsetMs } = this.#state;
    this.#write({ offsetMs: frozenAt !== null ? frozenAt - this.source() : offsetMs, frozenAt: null });
  }

  /** Moves harness time forward (or back, with a negative value); a frozen clock stays frozen. */
  advance(seconds: number): void {
    const { frozenAt, offsetMs } = this.#state;
    if (frozenAt !== null) this.#write({ offsetMs, frozenAt: frozenAt + seconds * 1000 });
    else this.#write({ offsetMs: offsetMs + seconds * 1000, frozenAt: null });
  }

  set(atMs: number): void {
    const { frozenAt, offsetMs } = this.#state;
    if (frozenAt !== null) this.#write({ offsetMs, frozenAt: atMs });
    else this.#write({ offsetMs: atMs - this.source(), frozenAt: null });
  }

  reset(): void {
    this.record.delete('state');
  }

  state(): ClockState {
    const now = this.now();
    return {
      now: new Date(now).toISOString(),
      epoch: Math.floor(now / 1000),
      frozen: this.#state.frozenAt !== null,
      offsetSeconds: Math.round((now - this.source()) / 1000),
    };
  }
}
