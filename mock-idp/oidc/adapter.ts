/**
 * oidc-provider's storage adapter, one instance per model name. The `Client` model is backed by the tenant's own
 * client store, so a client registered through RFC 7591 gets tokens at the tenant's token endpoint at once, and a
 * client deleted through RFC 7592 stops working there. Other models (initial and registration access tokens) live
 * in a plain Map with expiry: unlike oidc-provider's default LRU (1000 entries), nothing is evicted early.
 * The entries live in a map the tenant owns (a durable store map keyed `<model> <id>`), so `--data` keeps registration
 * access tokens with the clients they manage. A single-use token is spent by the lookup of the request that uses it
 * (`spendingOnce`), so one request wins even across processes sharing the store. Expiry uses the machine clock, not
 * the harness clock: oidc-provider itself judges these tokens by Date.now(), so registration and initial access
 * tokens do not follow a frozen or advanced harness clock.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
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

/**
 * A request that spends a single-use token of one model (an initial access token on RFC 7591 registration, a
 * registration access token that RFC 7592 rotates or a DELETE ends). oidc-provider 9.13 looks such a token up once
 * per request, `Model.find(value)` → `adapter.find(value)` (oidc-provider/lib/models/base_model.js), before the
 * request changes anything (lib/actions/registration.js: validateInitialAccessToken, validateRegistrationAccessToken),
 * and spends it only at the end, with `destroy()` after the client was stored (the PUT handler; the initial access
 * token in this harness's registration_create.success listener, oidc/registration.ts). With
 * several processes on one store that is too late: each replica still holds the token, so two requests sent to two
 * processes at once would both pass. So the lookup spends it: a compare-and-set to nothing, decided by the store
 * (core/store.ts), which exactly one request wins. The others find nothing and get what a spent token gets.
 */
interface Spending {
  model: string;
  /** The store could not decide the spend (Redis lost): rethrown past oidc-provider, which would make it a 500. */
  failure?: unknown;
  /** What this request took from the store, by key, and whether the request itself destroyed it afterwards. */
  taken: Map<string, { entry: ModelEntry; destroyed: boolean }>;
}

const spending = new AsyncLocalStorage<Spending>();

/**
 * Runs `handle` (oidc-provider's handling of one request) so that the token of `model` it looks up is spent by the
 * lookup (see Spending). When the request fails (`succeeded()` false afterwards, or it threw) the token is put back
 * unless the request destroyed it (oidc-provider does on a client mismatch): a refused registration or update leaves
 * it usable, as oidc-provider alone does.
 */
export async function spendingOnce(
  models: ModelStore,
  model: string,
  handle: () => Promise<void>,
  succeeded: () => boolean,
): Promise<void> {
  const scope: Spending = { model, taken: new Map() };
  let ok = false;
  try {
    await spending.run(scope, handle);
    if (scope.failure !== undefined) throw scope.failure;
    ok = succeeded();
  } finally {
    if (!ok)
      // Best effort: a store that cannot take it now failed the request too (503), and the token is then spent.
      for (const [key, { entry, destroyed }] of scope.taken)
        if (!destroyed) await models.setIfAbsent(key, entry).catch(() => false);
  }
}

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
    private readonly name: string,
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
    const key = this.#prefix + id;
    const scope = spending.getStore()?.model === this.name ? spending.getStore() : undefined;
    const taken = scope?.taken.get(key);
    if (taken) return taken.destroyed ? undefined : taken.entry.payload;
    const entry = this.store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.delete(key);
      return undefined;
    }
    if (scope) {
      // Spent by this lookup, or by another request's first (in this process or another): then it is not found.
      const spent = await this.store.compareAndSet(key, entry, undefined).catch((error: unknown) => {
        scope.failure = error;
        throw error;
      });
      if (!spent) return undefined;
      scope.taken.set(key, { entry, destroyed: false });
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
    const taken = spending.getStore()?.taken.get(this.#prefix + id);
    // Taken by this request's lookup: no longer in the store, and now not to be put back.
    if (taken) taken.destroyed = true;
    else this.store.delete(this.#prefix + id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, entry] of [...this.#entries()]) if (entry.payload.grantId === grantId) this.store.delete(key);
  }
}
