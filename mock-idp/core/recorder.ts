/**
 * Remembers the requests clients sent to a tenant so tests can assert on them ("the extension sent
 * `resource`, with Basic auth"). Secrets are redacted when recorded, never later: the buffer holds no secret.
 */
import { MemoryStore, queueKey, type StoreList, type StoreMap } from './store';
export const REDACTED = '[redacted]';

/** Parameters that carry a credential or a live token (introspection's `token` included). */
const SECRET_PARAMS = new Set([
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'refresh_token',
  'access_token',
  'token',
  'subject_token',
  'actor_token',
  'code',
  'code_verifier',
]);

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  clientId: string | null;
  /** `client_secret_basic`, `client_secret_post`, `none`… as the harness understood the request. */
  clientAuth: string | null;
  contentType: string | null;
  params: Record<string, string>;
  status: number;
  error: string | null;
}

export function redactParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) out[name] = SECRET_PARAMS.has(name) ? REDACTED : value;
  return out;
}

/** The newest requests a tenant's token endpoints got (a bounded store list; 500 unless the store's list says). */
export class RequestRecorder {
  constructor(private readonly journal: StoreList<RecordedRequest> = new MemoryStore().list('requests', 500)) {}

  add(request: RecordedRequest): void {
    this.journal.push(request);
  }

  /** Oldest first, optionally only one client's. */
  list(filter: { clientId?: string } = {}): RecordedRequest[] {
    const ordered = this.journal.items();
    return filter.clientId === undefined ? ordered : ordered.filter((r) => r.clientId === filter.clientId);
  }

  clear(): void {
    this.journal.clear();
  }
}

interface QueuedClaims {
  clientId?: string;
  claims: Record<string, unknown>;
}

/**
 * Claims queued by a test for the next token(s) a tenant issues, optionally for one client only. Entries are keyed
 * by `queueKey()`, so key order is queue order in any store; taking one is a compare-and-set, so two token requests
 * (in any process) never both get the same claims.
 */
export class NextTokenClaims {
  constructor(private readonly queue: StoreMap<QueuedClaims> = new MemoryStore().map('next-claims', { durable: false })) {}

  push(claims: Record<string, unknown>, clientId?: string): void {
    this.queue.set(queueKey(), clientId === undefined ? { claims } : { clientId, claims });
  }

  /** Removes and returns the first entry that applies to this client. */
  async take(clientId: string): Promise<Record<string, unknown> | undefined> {
    if (this.queue.size === 0) return undefined;
    for (const key of [...this.queue.keys()].sort()) {
      const entry = this.queue.get(key);
      if (!entry || (entry.clientId !== undefined && entry.clientId !== clientId)) continue;
      if (await this.queue.compareAndSet(key, entry, undefined)) return entry.claims;
    }
    return undefined;
  }

  get size(): number {
    return this.queue.size;
  }

  clear(): void {
    this.queue.clear();
  }
}
