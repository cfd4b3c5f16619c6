/**
 * Start-up phase "the QA inspector" (issue 13): the traffic feed (a ring of `--traffic-buffer` entries in the store;
 * none with 0), its recording step first on the harness, portal and gateway apps (and own-origin tenants), with
 * labels derived from the tenants, services and auth strategies, and how each client was made, for the Clients tab.
 */
import type Koa from 'koa';
import type { DcrBridge } from '../bridge';
import type { Config } from '../config';
import type { ClientOrigin, ClientOrigins } from '../control/clients';
import type { Clock } from '../core/clock';
import { MemoryStore, type Store } from '../core/store';
import type { AuthStrategy } from '../gateway/strategies';
import { StoreTrafficFeed, type TrafficFeed } from '../inspector/feed';
import { type Label, type Labeler, labelByFirstSegment, recordTraffic } from '../inspector/record';
import type { PortalApplication } from '../portal/applications';
import type { Tenant } from '../tenant';

export function trafficFeed(store: Store, capacity: number): TrafficFeed | undefined {
  if (capacity <= 0) return undefined;
  // With a shared store (issue 15) each process keeps the traffic it served, in its own memory: putting every
  // request into Redis would make each one a write that every process receives (and waits on), for a page that
  // shows requests as they happen. The request journals of the token endpoints (/_control/requests) are shared.
  return new StoreTrafficFeed(store.shared ? new MemoryStore() : store, capacity);
}

/** The apps by server, in the order `Servers.serve` takes them. */
export interface InspectedApps {
  harness: Koa;
  portal: Koa;
  gateway: Koa;
  /** Tenants on origins of their own (`--tenant-ports`). */
  tenants: [Tenant, Koa][];
}

/** Puts the recording step first in each app (after `--data`'s save step, so it times that too). */
export function recordTrafficOn(
  apps: InspectedApps,
  parts: {
    feed: TrafficFeed;
    clock: Clock;
    tenants: ReadonlyMap<string, Tenant>;
    strategies: ReadonlyMap<string, AuthStrategy>;
    bridge: DcrBridge | undefined;
  },
): void {
  const { feed, clock, tenants, strategies, bridge } = parts;
  const harness = new Map<string, Label>();
  for (const t of tenants.values()) harness.set(t.id, { tenant: t.id, vendor: t.vendor });
  harness.set('graph', { tenant: [...tenants.values()].find((t) => t.vendor === 'azure')?.id ?? null, vendor: 'graph' });
  if (bridge) harness.set('dcr-bridge', { tenant: bridge.tenant.id, vendor: 'dcr-bridge' });
  const gateway = new Map<string, Label>([...strategies.values()].map((s) => [s.id, { tenant: s.tenantId, vendor: 'gateway' }]));
  const install = (app: Koa, origin: string, label: Labeler) =>
    app.middleware.unshift(recordTraffic({ feed, clock, origin, label }));
  install(apps.harness, 'harness', labelByFirstSegment(harness));
  // The portal's API, not its HTML pages.
  install(apps.portal, 'portal', labelByFirstSegment(new Map([['api', { tenant: null, vendor: 'portal' }]])));
  install(apps.gateway, 'gateway', labelByFirstSegment(gateway));
  for (const [tenant, app] of apps.tenants) {
    const label = { tenant: tenant.id, vendor: tenant.vendor };
    install(app, tenant.id, () => label);
  }
}

/** Seeded (in the config), made by the portal or the bridge, else registered through the vendor's own API. */
export function clientOrigins(config: Config, store: Store, bridge: DcrBridge | undefined): ClientOrigins {
  const seeded = new Set(config.tenants.flatMap((t) => t.clients.map((c) => `${t.id} ${c.clientId}`)));
  const portalApps = store.map<PortalApplication>('portal/applications');
  return (tenantId, clientId): ClientOrigin => {
    if (seeded.has(`${tenantId} ${clientId}`)) return 'seeded';
    if (bridge?.tenant.id === tenantId && bridge.made(clientId)) return 'dcr-bridge';
    for (const app of portalApps.values()) if (app.provider.clientId === clientId) return 'portal';
    return 'vendor API';
  };
}
