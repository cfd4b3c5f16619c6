/**
 * THE route table of the harness origin. Every URL it answers is listed here or in a tenant's `routes()`
 * (relative to `/<tenant id>`), which this file mounts. It builds the app; it never listens.
 */
import Router from '@koa/router';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import { type HarnessManifest, withholdSecrets } from '../shared/harness/manifest';
import { type ControlAccess, controlRouter, type HarnessControl } from './control';
import { hasControlToken } from './core/guard';
import { isErrorRenderer } from './errors';
import { type FaultTarget, faultStep, withFaultStep } from './faults/inject';
import type { TrafficFeed } from './inspector/feed';
import { inspectorRoutes } from './inspector/routes';
import type { Route, Service, Tenant } from './tenant';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/** Runs route-style steps outside a router. */
function runSteps(steps: Middleware[], ctx: Context): Promise<void> {
  const at = (i: number): Promise<void> => {
    const step = steps[i];
    return step ? Promise.resolve(step(ctx, () => at(i + 1))) : Promise.resolve();
  };
  return at(0);
}

export interface AppParts {
  tenants: readonly Tenant[];
  services: readonly Service[];
  control: HarnessControl;
  manifest: () => HarnessManifest;
  /** Who may use `/_control` over HTTP. */
  controlAccess?: ControlAccess;
  /** `/harness.json` leaves every secret out unless the request carries the control token (see start/exposure.ts). */
  manifestSecretsNeedToken?: boolean;
  /** The QA inspector's live traffic (undefined: recording off). */
  traffic?: TrafficFeed | undefined;
  /** With a shared store (start/fleet.ts): a step in every tenant and service route, before the fault step. */
  storeStep?: StoreStep;
}

/** Given whether the route renders errors in a dialect, the step that waits for the shared store. */
type StoreStep = (hasRenderer: boolean) => Middleware;

export function buildApp(parts: AppParts): Koa {
  const { tenants, services, control, manifest, controlAccess, manifestSecretsNeedToken, storeStep } = parts;
  const app = new Koa();
  // Koa prints every error with its stack by default; the boundaries below already decide what is logged.
  app.silent = true;

  const root = new Router();
  root.get('/harness.json', (ctx) => {
    // No CORS header: the manifest holds admin credentials, and web pages have no business reading it. The
    // extension reads it with host permissions; test suites read it from Node.
    const token = controlAccess?.token;
    const full = !manifestSecretsNeedToken || (token !== undefined && hasControlToken(ctx, token));
    ctx.set(JSON_HEADERS);
    ctx.body = JSON.stringify(full ? manifest() : withholdSecrets(manifest()), null, 2);
  });
  root.get('/health', (ctx) => {
    ctx.set(JSON_HEADERS);
    ctx.body = '{"status":"ok"}';
  });
  app.use(root.routes());
  app.use(controlRouter(control, controlAccess).routes());
  // The QA inspector: its page at `/`, its bundle, and the traffic feed under /_control (inspector/routes.ts).
  app.use(inspectorRoutes(parts.traffic, controlAccess ?? { origins: [] }).routes());

  for (const mount of [...tenants.map(tenantMount), ...services.map(serviceMount)]) mountAt(app, mount, control, storeStep);
  app.use(notFound);
  return app;
}

/**
 * A tenant on an origin of its own (`--tenant-ports`): its routes at `/`, as the vendor's own host serves them
 * (`https://{domain}/oauth/token`, `https://login.microsoftonline.com/{tenant}/…`).
 */
export function buildTenantApp(tenant: Tenant, control: HarnessControl, storeStep?: StoreStep): Koa {
  const app = new Koa();
  app.silent = true;
  mountAt(app, { ...tenantMount(tenant), prefix: '' }, control, storeStep);
  app.use(notFound);
  return app;
}

interface Mount {
  prefix: string;
  routes: () => Route[];
  wrongMethod: (allowed: string[]) => Middleware[];
  target: FaultTarget;
  /** Runs in each of the mount's routes, inside its error boundary (a tenant's: wait for its signing key). */
  before?: Middleware;
}

function tenantMount(t: Tenant): Mount {
  return {
    prefix: `/${t.id}`,
    routes: () => t.routes(),
    wrongMethod: (allowed: string[]) => t.wrongMethod(allowed),
    // A key made on first need (see KeyRing): every route of the tenant waits for it once; afterwards this step
    // is a property read on the token path.
    before: (_ctx: Context, next: Next) => (t.keys.isReady ? next() : t.keys.ready().then(() => next())),
    target: {
      id: t.id,
      vendorError: (name: string, clientId: string) => t.faultError(name, clientId),
      ...(t.defaultRetryAfter !== undefined && { defaultRetryAfter: t.defaultRetryAfter }),
    },
  };
}

function serviceMount(s: Service): Mount {
  return {
    prefix: s.prefix,
    routes: () => s.routes(),
    wrongMethod: (allowed: string[]) => s.wrongMethod(allowed),
    target: { id: s.prefix.slice(1) },
  };
}

function mountAt(app: Koa, mount: Mount, control: HarnessControl, storeStep?: StoreStep): void {
  const router = new Router(mount.prefix ? { prefix: mount.prefix } : {});
  for (const route of mount.routes()) {
    const hasRenderer = route.steps.some(isErrorRenderer);
    // Every route can be made to fail (control.faults); the step sits after the route's error renderer.
    const inject = faultStep(control.faults, mount.target, route.endpoint ?? 'registration', hasRenderer);
    const inserted = [...(storeStep ? [storeStep(hasRenderer)] : []), ...(mount.before ? [mount.before] : []), inject];
    // Not `router.use`: a use-layer matches every path under the prefix, and an unknown path would then look
    // like a known one asked with the wrong method.
    const [first, ...rest] = withFaultStep(route.steps, inserted);
    if (!first) continue;
    if (route.method === 'ALL') router.all(route.path, first, ...rest);
    else router.register(route.path, [route.method], [first, ...rest]);
  }
  app.use(router.routes());
  // A path this mount serves, asked with another method: the vendor's own answer, not the harness's 404.
  app.use(async function wrongMethod(ctx: Context, next) {
    if (!ctx.path.startsWith(`${mount.prefix}/`)) return next();
    const match = router.match(ctx.path, ctx.method);
    if (match.path.length === 0 || match.route) return next();
    const allowed = [...new Set(match.path.flatMap((layer) => layer.methods))].filter((m) => m !== 'HEAD');
    await runSteps(mount.wrongMethod(allowed), ctx);
  });
}

function notFound(ctx: Context): void {
  ctx.status = 404;
  ctx.set(JSON_HEADERS);
  ctx.body = JSON.stringify({ error: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` });
}
