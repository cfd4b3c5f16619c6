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
  const moved = saved?.origins !== undefined && JSON.stringify(saved.origins) !== JSON.stringify(origins);
  return { saved: saved?.origins && moved ? rebaseOrigins(saved, saved.origins, origins) : saved, moved };
}

/** Replaces each saved origin with the current one where it starts a URL in the saved state. */
function rebaseOrigins(saved: SavedState, from: Origins, to: Origins): SavedState {
  let text = JSON.stringify(saved);
  for (const key of ['harness', 'portal', 'gateway'] as const) {
    if (from[key] === to[key]) continue;
    const escaped = JSON.stringify(from[key])
      .slice(1, -1)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Only where the origin ends (a path, a quote or a query follows), so :4400 never matches inside :44001.
    text = text.replace(new RegExp(`${escaped}(?=[/"?#])`, 'g'), JSON.stringify(to[key]).slice(1, -1));
  }
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
