/**
 * Okta's records (shared/reference/vendors.md §3): the applications (clients) of the org, their seed from the
 * config, and what `--data` keeps. Also the narrow view of the tenant that the token endpoint, the documents and
 * the client registration API work with.
 */
import type { TenantConfigOf } from '../../config';
import type { Clock } from '../../core/clock';
import type { KeyRing } from '../../core/keys';
import type { NextTokenClaims } from '../../core/recorder';
import type { Store } from '../../core/store';
import type { TenantEnv } from '../../tenant';
import { ClientStore } from '../kit';

export type OktaConfig = TenantConfigOf<'okta'>;
export type AuthServerConfig = OktaConfig['authServers'][number];

export interface OktaClient {
  clientId: string;
  clientSecret: string;
  issuedAt: number;
  name: string;
  applicationType: string;
  grantTypes: string[];
  tokenEndpointAuthMethod: string;
  redirectUris: string[];
  responseTypes: string[];
  clientUri: string | null;
  logoUri: string | null;
  /**
   * The app's lifecycle status in the Apps API (apps.ts): absent means ACTIVE (clients made by DCR, and snapshots
   * written before the Apps API existed). An INACTIVE app gets no tokens and is the only kind `DELETE
   * /api/v1/apps/{id}` removes.
   */
  status?: 'ACTIVE' | 'INACTIVE';
  /** Epoch seconds of the last change through the Apps API (`lastUpdated`); absent means `issuedAt`. */
  updatedAt?: number;
}

export type OktaStore = ClientStore<OktaClient>;

/** The configured clients, as service apps issued now. */
export function oktaStore(store: Store, config: OktaConfig, clock: Clock): OktaStore {
  return new ClientStore(store.map(`tenant/${config.id}/clients`), () => {
    const issuedAt = clock.epoch();
    return config.clients.map((client) => ({
      ...client,
      issuedAt,
      applicationType: 'service',
      grantTypes: [...client.grantTypes],
      redirectUris: [],
      responseTypes: ['token'],
      clientUri: null,
      logoUri: null,
    }));
  });
}

/** What the token endpoint, the documents and the client registration API need from the tenant. */
export interface OktaHost {
  readonly config: OktaConfig;
  readonly env: TenantEnv;
  readonly baseUrl: string;
  readonly keys: KeyRing;
  readonly store: OktaStore;
  readonly nextClaims: NextTokenClaims;
  readonly authServers: ReadonlyMap<string, AuthServerConfig>;
  /** The issuer of a custom server (by id) or of the org server (null). */
  issuerOf(authServerId: string | null): string;
}
