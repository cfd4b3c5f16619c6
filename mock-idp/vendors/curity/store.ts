/**
 * Curity's records (shared/reference/vendors.md §2): clients (seeded or registered through RFC 7591),
 * oidc-provider's registration access tokens, and the opaque reference tokens kept for introspection. Also the
 * narrow view of the tenant that the token endpoint and the registration endpoint work with.
 */
import type { AdapterPayload } from 'oidc-provider';
import type { TenantConfigOf } from '../../config';
import type { Clock } from '../../core/clock';
import type { KeyRing } from '../../core/keys';
import type { NextTokenClaims } from '../../core/recorder';
import type { Store, StoreMap } from '../../core/store';
import type { ModelEntry } from '../../oidc/adapter';
import type { RegistrationEngine } from '../../oidc/registration';
import type { TenantEnv } from '../../tenant';
import type { PersonaStore } from '../kit';

export type CurityConfig = TenantConfigOf<'curity'>;
/** A client: seeded from config, or registered through RFC 7591 (then `metadata` is what was registered). */
export type CurityClient = CurityConfig['clients'][number] & { metadata?: AdapterPayload };

/** Opaque tokens kept for introspection; expired ones are swept when the map grows past this size. */
const OPAQUE_SWEEP_AT = 10_000;

export interface OpaqueToken {
  claims: Record<string, unknown>;
  clientId: string;
  exp: number;
}

interface CuritySnapshot {
  clients: CurityClient[];
  registrationTokens: [string, ModelEntry][];
}

export class CurityStore implements PersonaStore {
  readonly clients: StoreMap<CurityClient>;
  /** oidc-provider's initial and registration access tokens (see oidc/adapter.ts). */
  readonly registrationTokens: StoreMap<ModelEntry>;
  readonly #opaque: StoreMap<OpaqueToken>;

  constructor(
    store: Store,
    private readonly config: CurityConfig,
    private readonly clock: Clock,
  ) {
    this.clients = store.map(`tenant/${config.id}/clients`);
    this.registrationTokens = store.map(`tenant/${config.id}/registration-tokens`);
    this.#opaque = store.map(`tenant/${config.id}/opaque-tokens`, { durable: false });
  }

  seed(): void {
    this.clients.clear();
    this.registrationTokens.clear();
    for (const client of this.config.clients) this.clients.set(client.clientId, { ...client, scopes: [...client.scopes] });
    this.#opaque.clear();
  }

  /** Opaque reference tokens are not saved: after a restart they introspect as inactive, like tokens of a new node. */
  snapshot(): CuritySnapshot {
    return { clients: [...this.clients.values()], registrationTokens: [...this.registrationTokens] };
  }

  restore(snapshot: unknown): void {
    const saved = snapshot as CuritySnapshot;
    this.clients.load(saved.clients.map((c) => [c.clientId, c]));
    this.registrationTokens.load(saved.registrationTokens);
  }

  storeOpaque(token: string, entry: OpaqueToken): void {
    if (this.#opaque.size >= OPAQUE_SWEEP_AT) {
      const now = this.clock.epoch();
      for (const [key, value] of this.#opaque) if (value.exp <= now) this.#opaque.delete(key);
    }
    this.#opaque.set(token, entry);
  }

  opaque(token: string): OpaqueToken | undefined {
    return this.#opaque.get(token);
  }
}

/** What the token endpoint and the registration endpoint need from the tenant. */
export interface CurityHost {
  readonly id: string;
  readonly config: CurityConfig;
  readonly env: TenantEnv;
  readonly baseUrl: string;
  readonly issuer: string;
  readonly keys: KeyRing;
  readonly store: CurityStore;
  readonly nextClaims: NextTokenClaims;
  /** oidc-provider's registration engine, started on first use. */
  registrationEngine(): Promise<RegistrationEngine>;
}
