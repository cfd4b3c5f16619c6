/**
 * The live traffic feed behind the QA inspector (issue 13): the newest requests the harness, portal and gateway
 * answered, secrets already redacted (record.ts), in a bounded list of the harness store (`traffic`), plus an
 * in-process subscriber hook the SSE route (routes.ts) listens on.
 *
 * With a shared store (issue 15) the feed is each process's own (start/inspector.ts says why): a harness of N
 * processes behind a load balancer shows, on each process's page, the requests that process served. With nobody
 * subscribed, recording is one push onto the ring buffer.
 */
import type { Store, StoreList } from '../core/store';

/** One request as the inspector shows it. Nothing here is a usable secret (see redact.ts). */
export interface TrafficEntry {
  /** Increasing per process (the SSE `id:`). */
  id: number;
  /** Harness time (core/clock.ts), epoch milliseconds, when the request arrived. */
  at: number;
  /** Which server answered: `harness`, `portal`, `gateway`, or a tenant on an origin of its own. */
  origin: string;
  /** The tenant the request was for (a gateway API's tenant too), or null (the portal API). */
  tenant: string | null;
  /** The vendor persona, or the service (`graph`, `dcr-bridge`, `portal`, `gateway`). */
  vendor: string;
  method: string;
  path: string;
  status: number;
  /** Milliseconds from the first byte of the request to the response being decided. */
  ms: number;
  clientId: string | null;
  request: { headers: Record<string, string>; body: string | Record<string, string> | null };
  response: { headers: Record<string, string>; body: string | null };
}

export type TrafficEvent = { type: 'traffic'; entry: TrafficEntry } | { type: 'clear' };

export interface TrafficFeed {
  readonly capacity: number;
  /** True while anybody listens (an open inspector): callers may skip work nobody would see. */
  readonly listening: boolean;
  record(entry: Omit<TrafficEntry, 'id'>): void;
  /** Oldest first. */
  list(): TrafficEntry[];
  clear(): void;
  /** Calls `listener` for every entry recorded (and every clear) from now on; returns the function that stops it. */
  subscribe(listener: (event: TrafficEvent) => void): () => void;
}

/** The feed in this process: a store list (a ring buffer in `MemoryStore`) and a set of listeners. */
export class StoreTrafficFeed implements TrafficFeed {
  readonly #list: StoreList<TrafficEntry>;
  readonly #listeners = new Set<(event: TrafficEvent) => void>();
  #next = 1;

  constructor(
    store: Store,
    readonly capacity: number,
  ) {
    this.#list = store.list('traffic', capacity);
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  record(fields: Omit<TrafficEntry, 'id'>): void {
    const entry = fields as TrafficEntry;
    entry.id = this.#next++;
    this.#list.push(entry);
    if (this.#listeners.size > 0) this.#emit({ type: 'traffic', entry });
  }

  list(): TrafficEntry[] {
    return this.#list.items();
  }

  clear(): void {
    this.#list.clear();
    this.#emit({ type: 'clear' });
  }

  subscribe(listener: (event: TrafficEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: TrafficEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (a closed socket) must not fail the request that was being recorded.
        console.error('mock-idp: a traffic listener failed:', error);
      }
    }
  }
}
