/**
 * Start-up phases "keys" and "tenants": each tenant's signing key (imported from `--data`, made now, or made on first
 * use), then each tenant, restored from `--data` when its configuration is unchanged.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config';
import type { Clock } from '../core/clock';
import type { SavedState } from '../core/data-dir';
import { generateSigningKey, importSigningKey, KeyRing, type SigningKey } from '../core/keys';
import type { Store } from '../core/store';
import type { Tenant } from '../tenant';
import { createTenant, kidStyleFor } from '../vendors';
import type { Origins } from './servers';

type TenantConfig = Config['tenants'][number];

/** What `--data` compares to decide whether a tenant's saved state still fits its configuration. */
export function configHash(tenant: TenantConfig): string {
  return createHash('sha256').update(JSON.stringify(tenant)).digest('base64url');
}

export interface Keys {
  /** A tenant's current key: the saved one, or a new one. */
  keyFor(tenant: TenantConfig): Promise<SigningKey>;
  /** Every tenant's key, in config order, when they are made before serving; undefined with keys on first use. */
  made: Promise<SigningKey[]> | undefined;
}

/**
 * RSA-2048 generation is the slowest part of a start. With keysOnFirstUse (the CLI), each tenant's key is made on its
 * first request (or in the background, once serving): the first token waits for one key, not four. Otherwise every
 * key is made (in parallel) while the sockets open. A data directory's keys are imported (milliseconds), and a new
 * one's are made before serving so its first save holds them; tokens issued before a restart then still verify.
 */
export function prepareKeys(config: Config, saved: SavedState | undefined, keysOnFirstUse: boolean): Keys {
  const keyFor = async (tenant: TenantConfig): Promise<SigningKey> => {
    const kept = saved?.tenants[tenant.id];
    if (kept && kept.vendor === tenant.vendor) return importSigningKey(kept.keys.current, kidStyleFor(tenant.vendor));
    return generateSigningKey(kidStyleFor(tenant.vendor));
  };
  const made = keysOnFirstUse ? undefined : Promise.all(config.tenants.map(keyFor));
  // A failure later in the start must not leave an unobserved rejection behind: the caller closes everything.
  made?.catch(() => undefined);
  return { keyFor, made };
}

export interface TenantSet {
  tenants: Map<string, Tenant>;
  rings: Map<string, KeyRing>;
  /** Tenants whose saved state was restored as it was. */
  restored: Set<string>;
  /** Saved state that could not be used, in words (for the notice). */
  setAside: string[];
}

export async function makeTenants(options: {
  config: Config;
  keys: Keys;
  clock: Clock;
  store: Store;
  origins: Origins;
  saved: SavedState | undefined;
}): Promise<TenantSet> {
  const { config, keys, clock, store, origins, saved } = options;
  const signingKeys = await keys.made;
  const set: TenantSet = { tenants: new Map(), rings: new Map(), restored: new Set(), setAside: [] };
  config.tenants.forEach((tenantConfig, i) => {
    const ring = new KeyRing(
      signingKeys?.[i] ?? (() => keys.keyFor(tenantConfig)),
      () => clock.now(),
      // Put back from a replica if a shared store loses its data: tokens signed before keep verifying.
      store.map(`tenant/${tenantConfig.id}/keys`, { restore: true }),
      kidStyleFor(tenantConfig.vendor),
    );
    const kept = saved?.tenants[tenantConfig.id];
    if (kept && kept.vendor === tenantConfig.vendor) {
      const style = kidStyleFor(tenantConfig.vendor);
      ring.restoreRetired(kept.keys.retired.map((r) => ({ key: importSigningKey(r.pem, style), until: r.until })));
    }
    set.rings.set(tenantConfig.id, ring);
    const tenant = createTenant(tenantConfig, {
      clock,
      origin: origins.harness,
      baseUrl: origins.tenants[tenantConfig.id] ?? `${origins.harness}/${tenantConfig.id}`,
      keys: ring,
      store,
    });
    if (kept && kept.vendor === tenantConfig.vendor && kept.configHash === configHash(tenantConfig)) {
      tenant.restore(kept.state);
      set.restored.add(tenantConfig.id);
    } else if (kept)
      set.setAside.push(`tenant "${tenantConfig.id}": its configuration changed; it starts from the configured seed`);
    set.tenants.set(tenantConfig.id, tenant);
  });
  // Keys made before serving are in their rings once the store has them (a create-if-absent each).
  if (signingKeys) await Promise.all([...set.rings.values()].map((ring) => ring.ready()));
  for (const id of Object.keys(saved?.tenants ?? {}))
    if (!set.tenants.has(id)) set.setAside.push(`tenant "${id}" is no longer in the configuration`);
  return set;
}

/**
 * With keys on first use, the keys nobody asked for yet are made in the background, one at a time, from half a
 * second after serving begins: a first request (a readiness probe's token, say) does not share the CPU with them. A
 * request for a tenant whose key is not made yet starts it at once. Returns the function that stops it.
 */
export function makeRemainingKeys(rings: ReadonlyMap<string, KeyRing>): () => void {
  let stopped = false;
  const timer = setTimeout(() => {
    void (async () => {
      // One failure does not stop the others (that tenant's next request tries again).
      for (const ring of rings.values()) if (!stopped) await ring.ready().catch(() => undefined);
    })();
  }, 500).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
