/**
 * oidc-provider's storage adapter, one instance per model name. The `Client` model is backed by the tenant's own
 * client store, so a client registered through RFC 7591 gets tokens at the tenant's token endpoint at once, and a
 * client deleted through RFC 7592 stops working there. Other models (initial and registration access tokens) live
 * in a plain Map with expiry: unlike oidc-provider's default LRU (1000 entries), nothing is evicted early.
 * Expiry uses the machine clock, not the harness clock: oidc-provider itself judges these tokens by Date.now(),
 * so registration and initial access tokens do not follow a frozen or advanced harness clock.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

/** How a tenant exposes its clients to oidc-provider, as RFC 7591 metadata. */
export interface ClientStoreBridge {
  find(clientId: string): AdapterPayload | undefined;
  upsert(clientId: string, metadata: AdapterPayload): void;
  destroy(clientId: string): void;
}

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

export function adapterFactory(clients: ClientStoreBridge): (name: string) => Adapter {
  const stores = new Map<string, Map<string, Entry>>();
  return (name: string) => {
    if (name === 'Client') return new ClientAdapter(clients);
    let store = stores.get(name);
    if (!store) {
      store = new Map();
      stores.set(name, store);
    }
    return new MemoryModelAdapter(store);
  };
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
  constructor(private readonly store: Map<string, Entry>) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const entry of this.store.values()) if (entry.payload.uid === uid) return entry.payload;
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.store.get(id);
    if (entry) entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id);
  }
}
