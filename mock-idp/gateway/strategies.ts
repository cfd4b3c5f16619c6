/**
 * Konnect application auth strategies (shared/reference/vendors.md §5.1): each binds an API to an IdP (issuer,
 * credential claim, auth methods) and to a DCR provider. The portal shows them and registers applications under
 * them; the gateway enforces them. The harness derives one per tenant, plus one for the HTTP DCR bridge.
 */
import type { ManifestTenant } from '../../shared/harness/manifest';
import type { CredentialClaim, VendorId } from '../../shared/vendors';
import { vendors } from '../../shared/vendors';
import { MemoryStore, type StoreMap } from '../core/store';

export type AuthMethod = 'client_credentials' | 'bearer' | 'session';

export interface AuthStrategy {
  /** Also the API's path segment on the gateway: `<gateway>/<id>/…`. */
  id: string;
  name: string;
  displayName: string;
  /** The IdP tenant whose tokens this strategy accepts. */
  tenantId: string;
  vendor: VendorId;
  /** Konnect DCR provider type: the vendor's, or `http` for the bridge. */
  dcrProvider: 'auth0' | 'curity' | 'okta' | 'azureAd' | 'http';
  /** The `iss` tokens must carry (Entra: the v1 sts.windows.net issuer, as Konnect configures it). */
  issuer: string;
  discoveryUrl: string;
  tokenEndpoint: string;
  /** Extra parameters the gateway sends when it exchanges client credentials (Auth0 `audience`, Okta `scope`…). */
  tokenParams: Record<string, string>;
  /** How the gateway authenticates to the token endpoint with the caller's credentials. */
  tokenEndpointAuth: 'client_secret_basic' | 'client_secret_post';
  credentialClaim: CredentialClaim;
  /**
   * The `aud` a token must carry (one of them), as Kong's openid-connect `audience_required` checks it
   * (vendors.md §6.3); empty: not checked. A token minted for another API (an Entra token for Microsoft Graph) is
   * refused at this one.
   */
  audiences: string[];
  authMethods: AuthMethod[];
  availableScopes: string[];
}

/** Konnect's documented settings per IdP (vendors.md §5.1: Auth0 azp, Okta custom claim/cid, Curity sub, Azure appid v1). */
export function strategyForTenant(tenant: ManifestTenant): AuthStrategy {
  const profile = vendors[tenant.vendor];
  const azure = tenant.vendor === 'azure';
  const params = azure ? (tenant.demoClient.paramsV1 ?? {}) : tenant.demoClient.params;
  return {
    id: tenant.id,
    name: `${tenant.id}-client-credentials`,
    displayName: `${profile.displayName} client credentials`,
    tenantId: tenant.id,
    vendor: tenant.vendor,
    dcrProvider: profile.konnectProviderType,
    // Konnect supports Entra v1 tokens only (issuer https://sts.windows.net/{tenant}/, claim appid).
    issuer: azure ? (tenant.issuerV1 ?? tenant.issuer) : tenant.issuer,
    discoveryUrl: azure ? (tenant.discoveryUrlV1 ?? tenant.discoveryUrl) : tenant.discoveryUrl,
    tokenEndpoint: azure ? (tenant.tokenEndpointV1 ?? tenant.tokenEndpoint) : tenant.tokenEndpoint,
    tokenParams: params,
    tokenEndpointAuth:
      profile.tokenEndpoints[0].defaultClientAuth === 'client_secret_basic' ? 'client_secret_basic' : 'client_secret_post',
    credentialClaim: profile.credentialClaim,
    audiences: audiencesOf(tenant),
    authMethods: ['client_credentials', 'bearer', 'session'],
    availableScopes: params.scope ? params.scope.split(' ') : [],
  };
}

/**
 * The API's audience per vendor, the one the strategy's own token request asks for: Auth0's `audience` (the API
 * identifier becomes `aud`), Entra v1's `resource` (`aud` is the resource as requested, vendors.md §4.1), Okta's
 * authorization server audience (fixed per server, vendors.md §3.1). Curity puts the client's own id in `aud` unless
 * the client has a configured audience (vendors.md §2.1), so no one value fits every application: not checked.
 */
function audiencesOf(tenant: ManifestTenant): string[] {
  const one = (value: string | undefined) => (value ? [value] : []);
  switch (tenant.vendor) {
    case 'auth0':
      return one(tenant.demoClient.params.audience);
    case 'azure':
      return one(tenant.demoClient.paramsV1?.resource);
    case 'okta':
      return one(tenant.audience);
    case 'curity':
      return [];
  }
}

/** The bridge's strategy: tokens come from the backing tenant; applications are registered through the bridge. */
export function strategyForBridge(backing: AuthStrategy): AuthStrategy {
  return {
    ...backing,
    id: 'dcr-bridge',
    name: 'dcr-bridge-client-credentials',
    displayName: `HTTP DCR bridge (${backing.displayName})`,
    dcrProvider: 'http',
  };
}

/**
 * Which applications may consume which API: konnect-application-auth looks the credential up among the
 * applications registered for the API (vendors.md §6.1). The portal adds and removes entries.
 */
export class ApplicationRegistry {
  /**
   * One entry per (API, credential), keyed `<strategy id> <credential>`. Not durable: it is rebuilt at start from
   * the demo clients and the restored portal applications.
   */
  constructor(private readonly entries: StoreMap<true> = new MemoryStore().map('applications', { durable: false })) {}

  add(strategyId: string, credential: string): void {
    this.entries.set(`${strategyId} ${credential}`, true);
  }

  remove(strategyId: string, credential: string): void {
    this.entries.delete(`${strategyId} ${credential}`);
  }

  has(strategyId: string, credential: string): boolean {
    return this.entries.has(`${strategyId} ${credential}`);
  }

  clear(): void {
    this.entries.clear();
  }
}
