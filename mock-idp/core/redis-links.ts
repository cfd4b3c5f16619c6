/**
 * The Redis store's connections (core/redis-store.ts): how a link to Redis behaves, and the heartbeat that notices a
 * Redis that stopped answering (paused, partitioned) while its TCP connection stays up.
 */
import { Redis } from 'ioredis';
import { DECIDE_SCRIPT, SYNC_SCRIPT, WRITE_SCRIPT } from './redis-scripts';

/** How long a command may take before Redis counts as lost (the request gets 503, the replica is reloaded). */
export const COMMAND_TIMEOUT_MS = 1000;
/** A PING unanswered this long marks Redis unreachable at once: new requests get 503 instead of waiting. */
export const STALL_MS = 1000;

export function connection(url: string): Redis {
  return new Redis(url, {
    // A command while disconnected fails at once (the request gets 503) instead of waiting in a queue.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Reconnect for ever, at most a second apart: the harness recovers by itself when Redis is back.
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    lazyConnect: true,
  });
}

/** The link that sends commands, with the store's scripts (core/redis-scripts.ts) as commands of its own. */
export type Commands = Redis & {
  dcrWrite(...args: string[]): Promise<number>;
  dcrDecide(...args: string[]): Promise<[number, number | string | null]>;
  dcrSync(...args: string[]): Promise<unknown[]>;
};

export function commandConnection(url: string): Commands {
  const link = connection(url) as Commands;
  // EVALSHA with a fallback to EVAL (https://github.com/redis/ioredis#lua-scripting).
  link.defineCommand('dcrWrite', { numberOfKeys: 3, lua: WRITE_SCRIPT });
  link.defineCommand('dcrDecide', { numberOfKeys: 3, lua: DECIDE_SCRIPT });
  link.defineCommand('dcrSync', { numberOfKeys: 5, lua: SYNC_SCRIPT });
  return link;
}

/** Heartbeat ticks per STALL_MS. */
const TICKS = 4;

/**
 * One PING at a time, one tick every STALL_MS / 4. Redis is stalled once a PING went unanswered over four ticks in a
 * row, and stays so until a PONG: a PING that fails (its COMMAND_TIMEOUT_MS ends just as STALL_MS does) does not
 * clear it, the next one is sent and counted on. Ticks are counted rather than time measured: a tick runs once per
 * turn of the event loop at most, after the replies that came before it were read, so a process that was itself
 * too busy to read the PONG does not take Redis for stalled.
 */
export class Heartbeat {
  #pinging = false;
  /** Ticks since a PING went out with no PONG back. */
  #unanswered = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly link: Redis) {
    this.#timer = setInterval(() => this.#tick(), STALL_MS / TICKS).unref();
  }

  /** Redis has not answered for about STALL_MS. */
  get stalled(): boolean {
    return this.#unanswered >= TICKS;
  }

  /** The link (re)connected: ioredis's ready check has just been answered, so no stall from before remains. */
  answered(): void {
    this.#unanswered = 0;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    if (this.#pinging) {
      this.#unanswered++;
      return;
    }
    if (this.link.status !== 'ready') return;
    this.#pinging = true;
    this.link.ping().then(
      () => {
        this.#pinging = false;
        this.#unanswered = 0;
      },
      () => {
        this.#pinging = false;
      },
    );
  }
}
