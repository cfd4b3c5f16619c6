/**
 * Start-up phase "Konnect's side": the HTTP DCR bridge, one auth strategy per tenant (and the bridge's), the
 * applications each API accepts, the gateway, the portal, and the services on the harness origin (Graph, bridge).
 */
import type { HarnessManifest } from '../../shared/harness/manifest';
import { DcrBridge } from '../bridge';
import type { Config } from '../config';
import type { Clock } from '../core/clock';
import type { HarnessFetch } from '../core/fetch';
import type { Store } from '../core/store';
import { Gateway } from '../gateway';
import { ApplicationRegistry, type AuthStrategy, strategyForBridge, strategyForTenant } from '../gateway/strategies';
import { Portal } from '../portal';
import type { Service, Tenant } from '../tenant';
import { AzureTenant } from '../vendors/azure';
import { GraphService } from '../vendors/azure/graph';
import { harnessManifest } from './manifest';
import type { Origins } from './servers';

/** The portal's seeded developer (well known, like every demo credential). */
const DEVELOPER = { username: 'developer@dcr-kit.test', password: 'dcr-kit-developer' };

export interface KonnectSide {
  bridge: DcrBridge | undefined;
  strategies: Map<string, AuthStrategy>;
  gateway: Gateway;
  portal: Portal;
  /** Servers on the harness origin that are not tenants (Microsoft Graph, the bridge). */
  services: Service[];
  manifest: () => HarnessManifest;
  /** Back to the seed: gateway caches and sessions, portal applications and sessions, accepted applications. */
  reset(): void;
}

export function makeKonnectSide(options: {
  config: Config;
  tenants: ReadonlyMap<string, Tenant>;
  origins: Origins;
  clock: Clock;
  store: Store;
  /** How the gateway and the portal's DCR provider calls reach the IdPs (trusting the harness CA over TLS). */
  fetch: HarnessFetch;
  /** With `--tls`: the CA file the manifest names. */
  caFile: string | undefined;
}): KonnectSide {
  const { config, tenants, origins, clock, store, fetch, caFile } = options;
  const bridgeTenant = config.dcrBridge ? tenants.get(config.dcrBridge.tenant) : undefined;
  const bridge =
    config.dcrBridge && bridgeTenant ? new DcrBridge(bridgeTenant, config.dcrBridge.apiKey, clock, store) : undefined;

  // One auth strategy (and one echo API on the gateway) per tenant, plus the bridge's.
  const strategies = new Map<string, AuthStrategy>();
  for (const tenant of tenants.values()) strategies.set(tenant.id, strategyForTenant(tenant.manifest()));
  const backing = bridge ? strategies.get(bridge.tenant.id) : undefined;
  if (backing) strategies.set('dcr-bridge', strategyForBridge(backing));
  const applications = new ApplicationRegistry(store.map('gateway/applications', { durable: false }));
  const seedApplications = () => {
    applications.clear();
    // Each tenant's demo client is registered for its own API, so the gateway works with it at once.
    for (const tenant of tenants.values()) applications.add(tenant.id, tenant.manifest().demoClient.clientId);
  };
  seedApplications();
  const gateway = new Gateway({
    strategies,
    applications,
    clock,
    fetch,
    timeouts: {
      idling: config.gateway.session.idlingTimeout,
      rolling: config.gateway.session.rollingTimeout,
      absolute: config.gateway.session.absoluteTimeout,
    },
    sessionResponseHeaders: config.gateway.sessionResponseHeaders,
    corsOrigins: () => [origins.portal],
    // Sign-in sessions are not kept across restarts; the key is shared by a fleet's processes.
    sessionKey: store.map('gateway/session-key', { durable: false }),
  });
  const manifest = () => harnessManifest({ origins, tenants, strategies, bridge, developer: DEVELOPER, caFile });
  const portal = new Portal({
    url: origins.portal,
    clock,
    strategies,
    applications,
    manifest,
    developer: DEVELOPER,
    store,
    fetch,
  });
  const azureTenants = [...tenants.values()].filter((t): t is AzureTenant => t instanceof AzureTenant);
  const services: Service[] = [...(azureTenants.length > 0 ? [new GraphService(azureTenants)] : []), ...(bridge ? [bridge] : [])];
  return {
    bridge,
    strategies,
    gateway,
    portal,
    services,
    manifest,
    reset() {
      gateway.reset();
      portal.reset();
      seedApplications();
    },
  };
}
