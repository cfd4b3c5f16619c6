/**
 * oidc-provider's storage adapter, one instance per model name. The `Client` model is backed by the tenant's own
 * client store, so a client registered through RFC 7591 gets tokens at the tenant's token endpoint at once, and a
 * client deleted through RFC 7592 stops working there. Other models (initial and registration access tokens) live
 * in a plain Map with expiry: unlike oidc-provider's default LRU (1000 entries), nothing is evicted early.
 * The entries live in a map the tenant owns (a durable store map keyed `<model> <id>`), so `--data` keeps registration
 * access tokens with the clients they manage. Expiry uses the machine clock, not the harness clock: oidc-provider itself judges these tokens by Date.now(),
 * so registration and initial access tokens do not follow a frozen or advanced harness clock.
 */

import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { StoreMap } from '../core/store';

/** How a tenant exposes its clients to oidc-provider, as RFC 7591 metadata. */
export interface ClientStoreBridge {
  find(clientId: string): AdapterPayload | undefined;
  upsert(clientId: string, metadata: AdapterPayload): void;
  destroy(clientId: string): void;
}

export interface ModelEntry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * oidc-provider's other models (initial and registration access tokens), keyed `<model name> <id>`, in the harness
 * store (core/store.ts). Writes go through set/delete only: never change a stored entry in place.
 */
export type ModelStore = StoreMap<ModelEntry>;

export function adapterFactory(clients: ClientStoreBridge, models: ModelStore): (name: string) => Adapter {
  return (name: string) => (name === 'Client' ? new ClientAdapter(clients) : new MemoryModelAdapter(models, name));
}

class ClientAdapter implements Adapter {
  constructor(private readonly clients: ClientStoreBridge) {}

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    this.clients.upsert(id, payload);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.clients.find(id);
  }

  async destroy(id: string): Promise<void> {
    this.clients.destroy(id);
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {}

  async revokeByGrantId(): Promise<void> {}
}

class MemoryModelAdapter implements Adapter {
  readonly #prefix: string;

  constructor(
    private readonly store: ModelStore,
    name: string,
  ) {
    this.#prefix = `${name} `;
  }

  *#entries(): Generator<[string, ModelEntry]> {
    for (const [key, entry] of this.store) if (key.startsWith(this.#prefix)) yield [key, entry];
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.store.set(this.#prefix + id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.store.get(this.#prefix + id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.delete(this.#prefix + id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [, entry] of this.#entries()) if (entry.payload.uid === uid) return entry.payload;
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.store.get(this.#prefix + id);
    // A new entry object (not an in-place change), so the write is seen by the store's change tracking.
    if (entry)
      this.store.set(this.#prefix + id, { ...entry, payload: { ...entry.payload, consumed: Math.floor(Date.now() / 1000) } });
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.#prefix + id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, entry] of [...this.#entries()]) if (entry.payload.grantId === grantId) this.store.delete(key);
  }
}
