/** `GET /harness.json`: what this harness offers, built from its parts (the type is the contract in shared/). */
import { type HarnessManifest, MANIFEST_VERSION } from '../../shared/harness/manifest';
import type { DcrBridge } from '../bridge';
import type { AuthStrategy } from '../gateway/strategies';
import type { Tenant } from '../tenant';
import type { Origins } from './servers';

export function harnessManifest(parts: {
  origins: Origins;
  tenants: ReadonlyMap<string, Tenant>;
  strategies: ReadonlyMap<string, AuthStrategy>;
  bridge: DcrBridge | undefined;
  developer: { username: string; password: string };
  caFile: string | undefined;
}): HarnessManifest {
  const { origins, tenants, strategies, bridge, developer, caFile } = parts;
  return {
    harness: 'dcr-kit',
    version: MANIFEST_VERSION,
    url: origins.harness,
    controlUrl: `${origins.harness}/_control`,
    tenants: [...tenants.values()].map((t) => t.manifest()),
    portal: { url: origins.portal, developer, live: true },
    gateway: {
      url: origins.gateway,
      live: true,
      apis: [...strategies.values()].map((s) => ({
        id: s.id,
        url: `${origins.gateway}/${s.id}`,
        tenant: s.tenantId,
        vendor: s.vendor,
        authStrategy: s.name,
        credentialClaim: s.credentialClaim,
        authMethods: s.authMethods,
      })),
    },
    ...(caFile !== undefined && { tls: { caFile } }),
    ...(bridge && {
      dcrBridge: { endpoint: bridge.url(origins.harness), apiKey: bridge.apiKey, tenant: bridge.tenant.id, live: true },
    }),
  };
}
