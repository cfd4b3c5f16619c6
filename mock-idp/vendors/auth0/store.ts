/**
 * Auth0's records (shared/reference/vendors.md §1): APIs (resource servers), applications and client grants,
 * their seed from the config, and what `--data` keeps. Also the narrow view of the tenant that the token endpoint,
 * the Management API and open registration work with.
 */
import { AUTH0_MANAGEMENT_SCOPES, type TenantConfigOf } from '../../config';
import { alphanumeric, base64url } from '../../core/ids';
import type { KeyRing } from '../../core/keys';
import type { NextTokenClaims } from '../../core/recorder';
import type { Store, StoreMap } from '../../core/store';
import type { TenantEnv } from '../../tenant';
import type { PersonaStore } from '../kit';

export type Auth0Config = TenantConfigOf<'auth0'>;

export interface Auth0Api {
  identifier: string;
  name: string;
  scopes: string[];
  tokenLifetime: number;
  permissionsClaim: boolean;
}

export interface Auth0Client {
  clientId: string;
  clientSecret: string;
  name: string;
  description: string | null;
  appType: string | null;
  grantTypes: string[];
  tokenEndpointAuthMethod: string;
  clientMetadata: Record<string, string>;
  callbacks: string[];
  isFirstParty: boolean;
}

export interface Auth0ClientGrant {
  id: string;
  clientId: string;
  audience: string;
  scope: string[];
}

interface Auth0Snapshot {
  apis: Auth0Api[];
  clients: Auth0Client[];
  grants: Auth0ClientGrant[];
}

export function newClientId(): string {
  return alphanumeric(32);
}

export function newClientSecret(): string {
  return base64url(48);
}

export class Auth0Store implements PersonaStore {
  readonly apis: StoreMap<Auth0Api>;
  readonly clients: StoreMap<Auth0Client>;
  readonly grants: StoreMap<Auth0ClientGrant>;

  constructor(
    store: Store,
    private readonly config: Auth0Config,
    /** The Management API's identifier, `<domain>/api/v2/`. */
    readonly managementAudience: string,
  ) {
    this.apis = store.map(`tenant/${config.id}/apis`);
    this.clients = store.map(`tenant/${config.id}/clients`);
    this.grants = store.map(`tenant/${config.id}/grants`);
  }

  seed(): void {
    this.apis.clear();
    this.clients.clear();
    this.grants.clear();
    for (const api of this.config.apis) this.apis.set(api.identifier, { ...api, scopes: [...api.scopes] });
    // Every tenant has the Management API as a resource server (vendors.md §1.4).
    this.apis.set(this.managementAudience, {
      identifier: this.managementAudience,
      name: 'Auth0 Management API',
      scopes: [...AUTH0_MANAGEMENT_SCOPES],
      tokenLifetime: 86400,
      permissionsClaim: false,
    });
    const seeded = (client: {
      clientId: string;
      clientSecret: string;
      name: string;
      grantTypes: string[];
      tokenEndpointAuthMethod: string;
    }) => ({
      ...client,
      grantTypes: [...client.grantTypes],
      description: null,
      appType: 'non_interactive',
      clientMetadata: {},
      callbacks: [],
      isFirstParty: true,
    });
    let n = 0;
    const grant = (clientId: string, audience: string, scope: string[]) => {
      n += 1;
      const id = `cgr_seed${String(n).padStart(12, '0')}`;
      this.grants.set(id, { id, clientId, audience, scope: [...scope] });
    };
    for (const { scopes, ...client } of this.config.managementClients) {
      this.clients.set(client.clientId, seeded(client));
      grant(client.clientId, this.managementAudience, scopes);
    }
    for (const { grants, ...client } of this.config.clients) {
      this.clients.set(client.clientId, seeded(client));
      for (const g of grants) grant(client.clientId, g.audience, g.scope);
    }
  }

  snapshot(): Auth0Snapshot {
    return { apis: [...this.apis.values()], clients: [...this.clients.values()], grants: [...this.grants.values()] };
  }

  restore(snapshot: unknown): void {
    const saved = snapshot as Auth0Snapshot;
    this.apis.load(saved.apis.map((a) => [a.identifier, a]));
    this.clients.load(saved.clients.map((c) => [c.clientId, c]));
    this.grants.load(saved.grants.map((g) => [g.id, g]));
  }

  grantFor(clientId: string, audience: string): Auth0ClientGrant | undefined {
    for (const grant of this.grants.values()) if (grant.clientId === clientId && grant.audience === audience) return grant;
    return undefined;
  }

  /** Deleting a client also deletes its client grants, as Auth0 does. */
  removeClient(clientId: string): boolean {
    for (const [id, grant] of this.grants) if (grant.clientId === clientId) this.grants.delete(id);
    return this.clients.delete(clientId);
  }
}

/** What the token endpoint, the Management API and open registration need from the tenant. */
export interface Auth0Host {
  readonly id: string;
  readonly config: Auth0Config;
  readonly env: TenantEnv;
  readonly keys: KeyRing;
  readonly issuer: string;
  readonly store: Auth0Store;
  readonly nextClaims: NextTokenClaims;
}
