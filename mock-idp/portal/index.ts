/**
 * A Konnect-like developer portal on its own origin (shared/reference/vendors.md §5.4, Kong's portal OpenAPI
 * files v2 and v3): developer login with the HttpOnly `portalaccesstoken` cookie, application auth strategies,
 * applications created through the strategy's DCR provider (the secret returned once), secret refresh (v2) and
 * regeneration (v3), `application/problem+json` errors, and a small UI a person can use.
 *
 * This file wires the parts and holds the route table: problems.ts (errors, the write guard, JSON replies),
 * developer.ts (sign-in and sessions), context.ts (ids, the portal context, strategies), applications.ts (the
 * application API), ui.ts (the pages: shell and routes; ui-style.ts, ui-dialogs.ts, ui-script.ts).
 */
import Router from '@koa/router';
import Koa from 'koa';
import type { HarnessManifest } from '../../shared/harness/manifest';
import type { Clock } from '../core/clock';
import type { HarnessFetch } from '../core/fetch';
import type { Store } from '../core/store';
import type { ApplicationRegistry, AuthStrategy } from '../gateway/strategies';
import { type PortalApplication, PortalApplications } from './applications';
import { PortalContext } from './context';
import { DeveloperSessions } from './developer';
import { notFound, refuseForeignWrites, renderProblems, send } from './problems';
import { portalPages } from './ui';

export interface PortalOptions {
  url: string;
  clock: Clock;
  strategies: ReadonlyMap<string, AuthStrategy>;
  applications: ApplicationRegistry;
  manifest: () => HarnessManifest;
  developer: { username: string; password: string };
  /** Applications (durable: `--data` saves them), sign-in sessions and names being created. */
  store: Store;
  /** How the DCR provider calls reach the IdPs (default: the global fetch). */
  fetch?: HarnessFetch;
}

export class Portal {
  readonly context: PortalContext;
  readonly developers: DeveloperSessions;
  readonly applications: PortalApplications;

  constructor(private readonly options: PortalOptions) {
    this.context = new PortalContext(options.url, options.strategies);
    this.applications = new PortalApplications({
      clock: options.clock,
      strategies: options.strategies,
      registry: options.applications,
      manifest: options.manifest,
      context: this.context,
      store: options.store,
      ...(options.fetch && { fetch: options.fetch }),
    });
    this.developers = new DeveloperSessions(options.developer, options.clock, options.store);
  }

  reset(): void {
    this.applications.apps.clear();
    this.developers.reset();
  }

  /** Applications (with their provider's client ids and secrets) for `--data`; sign-in sessions are not kept. */
  snapshot(): { applications: PortalApplication[] } {
    return { applications: [...this.applications.apps.values()] };
  }

  /**
   * Loads saved applications (those `keep` accepts) and registers each for its API at the gateway again; returns
   * how many were left out.
   */
  restore(snapshot: unknown, keep: (app: PortalApplication) => boolean = () => true): number {
    const saved = (snapshot as { applications: PortalApplication[] }).applications;
    const kept = saved.filter(keep);
    this.applications.apps.load(kept.map((app) => [app.id, app]));
    for (const app of kept) this.options.applications.add(app.strategyId, app.provider.clientId);
    return saved.length - kept.length;
  }

  app(): Koa {
    const app = new Koa();
    app.silent = true;
    app.use(renderProblems);
    app.use(refuseForeignWrites(this.options.url));
    const api = new Router();
    for (const v of ['v2', 'v3'] as const) {
      const base = `/api/${v}`;
      api.post(`${base}/developer/authenticate`, this.developers.authenticate);
      api.post(`${base}/developer/logout`, this.developers.logout);
      api.post(`${base}/developer/refresh`, this.developers.requireDeveloper, this.developers.refresh);
      api.get(`${base}/developer/me`, this.developers.requireDeveloper, this.developers.me);
      api.get(`${base}/portal`, (ctx) => send(ctx, 200, this.context.portalContext(v)));
      api.get(
        v === 'v2' ? `${base}/applications/auth-strategies` : `${base}/application-auth-strategies`,
        this.developers.requireDeveloper,
        this.context.listStrategies,
      );
      api.get(`${base}/applications`, this.developers.requireDeveloper, this.applications.listApplications(v));
      api.post(`${base}/applications`, this.developers.requireDeveloper, this.applications.createApplication(v));
      api.get(`${base}/applications/:id`, this.developers.requireDeveloper, this.applications.getApplication(v));
      api.patch(`${base}/applications/:id`, this.developers.requireDeveloper, this.applications.updateApplication(v));
      api.delete(`${base}/applications/:id`, this.developers.requireDeveloper, this.applications.deleteApplication);
    }
    // v2 "Refresh Client Secret" and v3 "regenerate-secret": both 201 {client_id, client_secret}.
    api.post('/api/v2/applications/:id/refresh-token', this.developers.requireDeveloper, this.applications.rotateSecret);
    api.post('/api/v3/applications/:id/regenerate-secret', this.developers.requireDeveloper, this.applications.rotateSecret);
    api.all('/api/{*rest}', () => {
      throw notFound();
    });
    app.use(api.routes());
    app.use(
      portalPages({
        gatewayUrl: () => this.options.manifest().gateway.url,
        apis: () => [...this.options.strategies.values()].map((s) => ({ id: s.id, name: s.displayName, vendor: s.vendor })),
        developer: this.developers.developer.email,
      }).routes(),
    );
    return app;
  }
}
