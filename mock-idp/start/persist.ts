/**
 * Start-up phase "persist" (`--data`): what was saved is moved to the current origins, the portal's applications are
 * restored, and from now on every change is written, with each response held until its change is on disk.
 */
import type Koa from 'koa';
import type { Config } from '../config';
import { type DataDir, type SavedState, STATE_FORMAT } from '../core/data-dir';
import type { Changes } from '../core/state';
import type { Portal } from '../portal';
import type { KonnectSide } from './konnect';
import type { Origins } from './servers';
import { configHash, type TenantSet } from './tenants';

/**
 * Stored clients, grants and portal applications hold absolute URLs (Auth0's Management API audience, Curity's
 * registration_client_uri, the portal's provider links): a restart on other ports moves them to the new origins.
 */
export function savedAt(data: DataDir | undefined, origins: Origins): { saved: SavedState | undefined; moved: boolean } {
  const saved = data?.saved;
  if (!saved?.origins) return { saved, moved: false };
  const pairs = movedUrls(saved.origins, origins);
  return { saved: pairs.length > 0 ? rebaseOrigins(saved, pairs) : saved, moved: pairs.length > 0 };
}

/**
 * Each saved base URL that is not the current one, with the current one: tenants first (a state saved before
 * `--tenant-ports` existed has its tenants under the harness origin), then the harness, portal and gateway.
 */
function movedUrls(from: NonNullable<SavedState['origins']>, to: Origins): [string, string][] {
  const pairs: [string, string][] = Object.entries(to.tenants).map(([id, base]) => [
    from.tenants?.[id] ?? `${from.harness}/${id}`,
    base,
  ]);
  for (const key of ['harness', 'portal', 'gateway'] as const) pairs.push([from[key], to[key]]);
  return pairs.filter(([a, b]) => a !== b);
}

/**
 * Replaces each saved base URL with the current one where it starts a URL in the saved state, in one pass (so a
 * replacement is never replaced again), longest first (a tenant's `<harness>/<id>` before the harness origin).
 */
function rebaseOrigins(saved: SavedState, pairs: [string, string][]): SavedState {
  const to = new Map(pairs.map(([a, b]) => [JSON.stringify(a).slice(1, -1), JSON.stringify(b).slice(1, -1)]));
  const alternatives = [...to.keys()].sort((a, b) => b.length - a.length).map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Only where the URL ends (a path, a quote or a query follows), so :4400 never matches inside :44001.
  const text = JSON.stringify(saved).replace(new RegExp(`(${alternatives.join('|')})(?=[/"?#])`, 'g'), (m) => to.get(m) ?? m);
  return JSON.parse(text) as SavedState;
}

/** Applications whose IdP tenant was not restored point at clients that no longer exist: they are left out. */
export function restorePortal(portal: Portal, saved: SavedState | undefined, konnect: KonnectSide, set: TenantSet): void {
  if (!saved?.portal) return;
  const tenantOf = (strategyId: string) => konnect.strategies.get(strategyId)?.tenantId ?? '';
  const dropped = portal.restore(saved.portal, (app) => set.restored.has(tenantOf(app.strategyId)));
  if (dropped > 0) set.setAside.push(`${dropped} portal application(s) of those tenants`);
}

/** Starts saving; writes at once unless the directory holds exactly what was restored. Returns notices. */
export async function persist(options: {
  data: DataDir;
  config: Config;
  set: TenantSet;
  portal: Portal;
  origins: Origins;
  changes: Changes;
  moved: boolean;
  apps: readonly Koa[];
}): Promise<string[]> {
  const { data, config, set, portal, origins, changes, moved, apps } = options;
  const notices: string[] = [];
  data.track(
    (): SavedState => ({
      format: STATE_FORMAT,
      savedAt: new Date().toISOString(),
      tenants: Object.fromEntries(
        config.tenants.map((t) => [
          t.id,
          {
            vendor: t.vendor,
            configHash: configHash(t),
            keys: set.rings.get(t.id)!.snapshot(),
            state: set.tenants.get(t.id)!.snapshot(),
          },
        ]),
      ),
      portal: portal.snapshot(),
      origins,
    }),
  );
  if (set.setAside.length > 0) {
    // The first save below replaces what could not be used: keep a copy, and say where it is.
    const copy = data.setAside();
    notices.push(`${data.path}: ${set.setAside.join('; ')}${copy ? ` — the previous state is kept in ${copy}` : ''}`);
  }
  changes.onTouch = () => data.schedule();
  changes.saver = () => data.flush();
  // A directory whose state was restored as it is needs no write before serving (the restart path, kept short);
  // anything new (a first start, a new tenant, state set aside, a move to other ports) is saved at once.
  const asSaved =
    data.saved !== undefined && !moved && set.setAside.length === 0 && config.tenants.every((t) => set.restored.has(t.id));
  if (asSaved) data.markSaved();
  else {
    changes.touch();
    await data.flush();
  }
  for (const app of apps) saveBeforeAnswering(app, data.path, changes);
  return notices;
}

/**
 * Runs first on every request: when the request changed stored state, the response waits until the data
 * directory holds that change (a client is acknowledged only once a restart would still know it).
 */
function saveBeforeAnswering(app: Koa, path: string, changes: Changes): void {
  app.middleware.unshift(async function saveState(ctx, next) {
    const before = changes.version;
    await next();
    if (changes.version === before) return;
    try {
      await changes.saved();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      process.stderr.write(`mock-idp: could not save state to ${path}: ${reason}\n`);
      ctx.status = 500;
      ctx.set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      ctx.body = JSON.stringify({ error: 'server_error', error_description: `the harness could not save its state (${reason})` });
    }
  });
}
