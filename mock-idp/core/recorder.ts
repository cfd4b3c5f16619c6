/**
 * Remembers the requests clients sent to a tenant so tests can assert on them ("the extension sent
 * `resource`, with Basic auth"). Secrets are redacted when recorded, never later: the buffer holds no secret.
 */
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

/** A bounded ring buffer: the newest `capacity` requests. */
export class RequestRecorder {
  #items: RecordedRequest[] = [];
  #next = 0;

  constructor(readonly capacity = 500) {}

  add(request: RecordedRequest): void {
    if (this.#items.length < this.capacity) this.#items.push(request);
    else this.#items[this.#next] = request;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Oldest first, optionally only one client's. */
  list(filter: { clientId?: string } = {}): RecordedRequest[] {
    const ordered =
      this.#items.length < this.capacity
        ? [...this.#items]
        : [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
    return filter.clientId === undefined ? ordered : ordered.filter((r) => r.clientId === filter.clientId);
  }

  clear(): void {
    this.#items = [];
    this.#next = 0;
  }
}

/** Claims queued by a test for the next token(s) a tenant issues, optionally for one client only. */
export class NextTokenClaims {
  #queue: { clientId?: string; claims: Record<string, unknown> }[] = [];

  push(claims: Record<string, unknown>, clientId?: string): void {
    this.#queue.push(clientId === undefined ? { claims } : { clientId, claims });
  }

  /** Removes and returns the first entry that applies to this client. */
  take(clientId: string): Record<string, unknown> | undefined {
    if (this.#queue.length === 0) return undefined;
    const index = this.#queue.findIndex((e) => e.clientId === undefined || e.clientId === clientId);
    if (index < 0) return undefined;
    return this.#queue.splice(index, 1)[0]?.claims;
  }

  get size(): number {
    return this.#queue.length;
  }

  clear(): void {
    this.#queue = [];
  }
}
