/**
 * Who the portal is and what it offers (shared/reference/vendors.md §5.4): the ids that survive restarts (portal,
 * organization, each strategy and DCR provider), the portal context `GET /portal` answers (v2 and v3 differ), and
 * the application auth strategies a signed-in developer may pick.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { AuthStrategy } from '../gateway/strategies';
import { send } from './problems';

/** A stable UUID for a name (SHA-1 based, version 5 layout), so strategy and portal ids survive restarts. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`dcr-kit:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export class PortalContext {
  readonly portalId = stableUuid('portal');
  readonly orgId = stableUuid('organization');

  constructor(
    private readonly url: string,
    private readonly strategies: ReadonlyMap<string, AuthStrategy>,
  ) {}

  strategyUuid(strategy: AuthStrategy): string {
    return stableUuid(`strategy:${strategy.id}`);
  }

  dcrProviderUuid(strategy: AuthStrategy): string {
    return stableUuid(`dcr-provider:${strategy.dcrProvider}:${strategy.tenantId}`);
  }

  strategyByUuid(id: string): AuthStrategy | undefined {
    return [...this.strategies.values()].find((s) => this.strategyUuid(s) === id);
  }

  portalContext(version: 'v2' | 'v3'): Record<string, unknown> {
    const common = { portal_id: this.portalId, org_id: this.orgId };
    const name = 'dcr-kit developer portal';
    const domain = new URL(this.url).host;
    const dcrProviders = [...new Set([...this.strategies.values()].map((s) => this.dcrProviderUuid(s)))];
    return version === 'v3'
      ? {
          ...common,
          basic_auth_enabled: true,
          oidc_auth_enabled: false,
          saml_auth_enabled: false,
          authentication_enabled: true,
          rbac_enabled: false,
          name,
          canonical_domain: domain,
        }
      : {
          ...common,
          featureset_id: stableUuid('featureset'),
          feature_set: 'Enterprise',
          basic_auth_enabled: true,
          oidc_auth_enabled: false,
          is_public: false,
          rbac_enabled: false,
          dcr_provider_ids: dcrProviders,
          allowed_time_period: '1h',
          name,
          canonical_domain: domain,
        };
  }

  strategyBody(strategy: AuthStrategy): Record<string, unknown> {
    return {
      id: this.strategyUuid(strategy),
      name: strategy.displayName,
      credential_type: 'client_credentials',
      auth_methods: strategy.authMethods,
      available_scopes: strategy.availableScopes,
    };
  }

  listStrategies = (ctx: Context): void => {
    const data = [...this.strategies.values()].map((s) => this.strategyBody(s));
    send(ctx, 200, { data, meta: { page: { number: 1, size: data.length, total: data.length } } });
  };
}
