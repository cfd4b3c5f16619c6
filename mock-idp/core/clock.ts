/**
 * The harness clock. Every timestamp the harness writes (iat, exp, expires_on, AADSTS timestamps, session
 * timeouts) comes from here, so tests can freeze it, move it forward, or skew it.
 */
export interface ClockState {
  now: string;
  epoch: number;
  frozen: boolean;
  /** Seconds between the harness clock and the machine clock. */
  offsetSeconds: number;
}

export class Clock {
  #offsetMs = 0;
  #frozenAt: number | null = null;

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch, harness time. */
  now(): number {
    return this.#frozenAt ?? this.source() + this.#offsetMs;
  }

  /** Whole seconds since the epoch, harness time (JWT NumericDate). */
  epoch(): number {
    return Math.floor(this.now() / 1000);
  }

  freeze(atMs: number = this.now()): void {
    this.#frozenAt = atMs;
  }

  unfreeze(): void {
    if (this.#frozenAt !== null) this.#offsetMs = this.#frozenAt - this.source();
    this.#frozenAt = null;
  }

  /** Moves harness time forward (or back, with a negative value); a frozen clock stays frozen. */
  advance(seconds: number): void {
    if (this.#frozenAt !== null) this.#frozenAt += seconds * 1000;
    else this.#offsetMs += seconds * 1000;
  }

  set(atMs: number): void {
    if (this.#frozenAt !== null) this.#frozenAt = atMs;
    else this.#offsetMs = atMs - this.source();
  }

  reset(): void {
    this.#offsetMs = 0;
    this.#frozenAt = null;
  }

  state(): ClockState {
    const now = this.now();
    return {
      now: new Date(now).toISOString(),
      epoch: Math.floor(now / 1000),
      frozen: this.#frozenAt !== null,
      offsetSeconds: Math.round((now - this.source()) / 1000),
    };
  }
}
