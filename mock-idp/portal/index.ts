/**
 * A Konnect-like developer portal on its own origin (shared/reference/vendors.md §5.4, Kong's portal OpenAPI
 * files v2 and v3): developer login with the HttpOnly `portalaccesstoken` cookie, application auth strategies,
 * applications created through the strategy's DCR provider (the secret returned once), secret refresh (v2) and
 * regeneration (v3), `application/problem+json` errors, and a small UI a person can use.
 */
import { createHash } from 'node:crypto';
import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import type { HarnessManifest } from '../../shared/harness/manifest';
import {
  type RegisteredClient,
  RegistrationError,
  type RegistrationInput,
  type RegistrationProvider,
  registrationProvider,
} from '../../shared/registration/providers';
import { registrationTargetForBridge, registrationTargetForTenant } from '../../shared/registration/targets';
import type { Clock } from '../core/clock';
import { refuseCrossOriginWrite } from '../core/guard';
import { BodyError, readJsonObject, safeEqual } from '../core/http';
import { base64url, uuid } from '../core/ids';
import type { Store, StoreMap } from '../core/store';
import type { ApplicationRegistry, AuthStrategy } from '../gateway/strategies';
import { portalPages } from './ui';

const PROBLEM = 'application/problem+json';
const JSON_TYPE = 'application/json; charset=utf-8';
/** How long a portal access token lives (harness clock). */
const ACCESS_TOKEN_TTL = 3600;

/** Kong's problem+json (vendors.md §5.4): status, title, type, instance, detail, and invalid_parameters on 400s. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly invalidParameters?: { field: string; reason: string }[],
  ) {
    super(detail);
  }
}

// The spec's "UnauthorizedExample" (konnect-portal-api-v2/v3 openapi) carries an empty invalid_parameters.
const unauthorized = () => new ProblemError(401, 'Unauthorized', 'Unauthorized', []);
const notFound = () => new ProblemError(404, 'Not Found', 'Not Found');
const badRequest = (field: string, reason: string) =>
  new ProblemError(400, 'Bad Request', 'Invalid request', [{ field, reason }]);

/** A stable UUID for a name (SHA-1 based, version 5 layout), so strategy and portal ids survive restarts. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`dcr-kit:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export interface Developer {
  id: string;
  email: string;
  password: string;
  fullName: string;
}

export interface PortalApplication {
  id: string;
  developerId: string;
  name: string;
  description: string | null;
  referenceId: string | null;
  redirectUri: string | null;
  strategyId: string;
  scopes: string[];
  provider: RegisteredClient;
  createdAt: string;
  updatedAt: string;
}

export interface PortalOptions {
  url: string;
  clock: Clock;
  strategies: ReadonlyMap<string, AuthStrategy>;
  applications: ApplicationRegistry;
  manifest: () => HarnessManifest;
  developer: { username: string; password: string };
  /** Applications (durable: `--data` saves them), sign-in sessions and names being created. */
  store: Store;
}

export class Portal {
  readonly portalId = stableUuid('portal');
  readonly orgId = stableUuid('organization');
  readonly developer: Developer;
  readonly apps: StoreMap<PortalApplication>;
  readonly #sessions: StoreMap<{ developerId: string; exp: number }>;
  /** Names being created right now (the DCR provider call is awaited), so two creates cannot both win. */
  readonly #creating: StoreMap<true>;

  constructor(private readonly options: PortalOptions) {
    this.apps = options.store.map('portal/applications');
    this.#sessions = options.store.map('portal/sessions', { durable: false });
    this.#creating = options.store.map('portal/creating', { durable: false });
    this.developer = {
      id: stableUuid(`developer:${options.developer.username}`),
      email: options.developer.username,
      password: options.developer.password,
      fullName: 'dcr-kit Developer',
    };
  }

  reset(): void {
    this.apps.clear();
    this.#sessions.clear();
  }

  /** Applications (with their provider's client ids and secrets) for `--data`; sign-in sessions are not kept. */
  snapshot(): { applications: PortalApplication[] } {
    return { applications: [...this.apps.values()] };
  }

  /**
   * Loads saved applications (those `keep` accepts) and registers each for its API at the gateway again; returns
   * how many were left out.
   */
  restore(snapshot: unknown, keep: (app: PortalApplication) => boolean = () => true): number {
    const saved = (snapshot as { applications: PortalApplication[] }).applications;
    const kept = saved.filter(keep);
    this.apps.load(kept.map((app) => [app.id, app]));
    for (const app of kept) this.options.applications.add(app.strategyId, app.provider.clientId);
    return saved.length - kept.length;
  }

  strategyUuid(strategy: AuthStrategy): string {
    return stableUuid(`strategy:${strategy.id}`);
  }

  dcrProviderUuid(strategy: AuthStrategy): string {
    return stableUuid(`dcr-provider:${strategy.dcrProvider}:${strategy.tenantId}`);
  }

  strategyByUuid(id: string): AuthStrategy | undefined {
    return [...this.options.strategies.values()].find((s) => this.strategyUuid(s) === id);
  }

  app(): Koa {
    const app = new Koa();
    app.silent = true;
    app.use(this.renderProblems);
    app.use(this.refuseForeignWrites);
    const api = new Router();
    for (const v of ['v2', 'v3'] as const) {
      const base = `/api/${v}`;
      api.post(`${base}/developer/authenticate`, this.authenticate);
      api.post(`${base}/developer/logout`, this.logout);
      api.post(`${base}/developer/refresh`, this.requireDeveloper, this.refresh);
      api.get(`${base}/developer/me`, this.requireDeveloper, this.me);
      api.get(`${base}/portal`, (ctx) => this.send(ctx, 200, this.portalContext(v)));
      api.get(
        v === 'v2' ? `${base}/applications/auth-strategies` : `${base}/application-auth-strategies`,
        this.requireDeveloper,
        this.listStrategies,
      );
      api.get(`${base}/applications`, this.requireDeveloper, this.listApplications(v));
      api.post(`${base}/applications`, this.requireDeveloper, this.createApplication(v));
      api.get(`${base}/applications/:id`, this.requireDeveloper, this.getApplication(v));
      api.patch(`${base}/applications/:id`, this.requireDeveloper, this.updateApplication(v));
      api.delete(`${base}/applications/:id`, this.requireDeveloper, this.deleteApplication);
    }
    // v2 "Refresh Client Secret" and v3 "regenerate-secret": both 201 {client_id, client_secret}.
    api.post('/api/v2/applications/:id/refresh-token', this.requireDeveloper, this.rotateSecret);
    api.post('/api/v3/applications/:id/regenerate-secret', this.requireDeveloper, this.rotateSecret);
    api.all('/api/{*rest}', () => {
      throw notFound();
    });
    app.use(api.routes());
    app.use(
      portalPages({
        gatewayUrl: () => this.options.manifest().gateway.url,
        apis: () => [...this.options.strategies.values()].map((s) => ({ id: s.id, name: s.displayName, vendor: s.vendor })),
        developer: this.developer.email,
      }).routes(),
    );
    return app;
  }

  /**
   * The portal changes state only for its own pages (and the developer's extension): a page on another port of the
   * same host carries the SameSite=Lax session cookie, so a `text/plain` POST from it created applications
   * (issue 10). Every path, whatever its spelling (routes match case-insensitively); the pages themselves take no
   * POST. Kong's portal OpenAPI files (konnect-portal-api-v2/v3) define no body for such a refusal: these are
   * problem+json like every other portal error.
   */
  refuseForeignWrites = async (ctx: Context, next: Next): Promise<void> => {
    const refusal = refuseCrossOriginWrite(ctx, { ownOrigins: [this.options.url], extensions: true });
    if (refusal?.status === 403) throw new ProblemError(403, 'Forbidden', refusal.reason);
    if (refusal?.status === 415) throw new ProblemError(415, 'Unsupported Media Type', refusal.reason);
    await next();
  };

  renderProblems = async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
    } catch (error) {
      let problem: ProblemError;
      if (error instanceof ProblemError) problem = error;
      else if (error instanceof BodyError)
        problem =
          error.problem === 'too_large'
            ? new ProblemError(413, 'Payload Too Large', 'Request body too large')
            : badRequest('body', 'must be a JSON object');
      else if (error instanceof RegistrationError)
        problem = new ProblemError(400, 'Bad Request', `DCR provider error: ${error.message}`);
      else {
        console.error(`mock-idp portal: unexpected error on ${ctx.method} ${ctx.path}:`, error);
        problem = new ProblemError(500, 'Internal Server Error', 'Internal Server Error');
      }
      ctx.status = problem.status;
      ctx.set('Content-Type', PROBLEM);
      const body: Record<string, unknown> = {
        status: problem.status,
        title: problem.title,
        type: `https://httpstatuses.com/${problem.status}`,
        instance: `kong:trace:${BigInt(`0x${uuid().replace(/-/g, '').slice(0, 15)}`).toString()}`,
        detail: problem.detail,
      };
      if (problem.invalidParameters) body.invalid_parameters = problem.invalidParameters;
      ctx.body = JSON.stringify(body);
    }
  };

  // POST /developer/authenticate {username, password} → 204 + HttpOnly portalaccesstoken (vendors.md §5.4).
  authenticate = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx, { empty: 'object' });
    const missing = ['username', 'password'].filter((f) => typeof body[f] !== 'string' || body[f] === '');
    if (missing.length > 0) {
      // The spec's "400-Login-Failed" example.
      throw new ProblemError(
        400,
        'Bad Request',
        'Required fields are missing',
        missing.map((field) => ({ field, reason: 'is required' })),
      );
    }
    const ok = body.username === this.developer.email && safeEqual(String(body.password), this.developer.password);
    // The spec's "401-Unauthorized" example.
    if (!ok) throw new ProblemError(401, 'Invalid Credentials', 'You have entered an invalid email or password.');
    const token = base64url(32);
    this.#sessions.set(token, { developerId: this.developer.id, exp: this.options.clock.epoch() + ACCESS_TOKEN_TTL });
    // The spec's cookies are Secure; SameSite=None. On a plain-http origin a browser drops Secure cookies, so the
    // harness sets Secure only behind https, with SameSite=Lax (the portal calls its own API, same-origin).
    const secure = ctx.protocol === 'https';
    ctx.append(
      'Set-Cookie',
      `portalaccesstoken=${token}; Path=/; HttpOnly${secure ? '; Secure; SameSite=None' : '; SameSite=Lax'}`,
    );
    ctx.append(
      'Set-Cookie',
      `portalrefreshtoken=${base64url(32)}; Path=/api; HttpOnly${secure ? '; Secure; SameSite=None' : '; SameSite=Lax'}`,
    );
    ctx.status = 204;
  };

  logout = (ctx: Context): void => {
    const token = ctx.cookies.get('portalaccesstoken');
    if (token) this.#sessions.delete(token);
    ctx.append('Set-Cookie', 'portalaccesstoken=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly');
    ctx.append('Set-Cookie', 'portalrefreshtoken=; Path=/api; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly');
    ctx.status = 204;
  };

  refresh = (ctx: Context): void => {
    const token = String(ctx.cookies.get('portalaccesstoken'));
    const session = this.#sessions.get(token);
    if (session) this.#sessions.set(token, { ...session, exp: this.options.clock.epoch() + ACCESS_TOKEN_TTL });
    ctx.status = 204;
  };

  requireDeveloper = async (ctx: Context, next: Next): Promise<void> => {
    const token = ctx.cookies.get('portalaccesstoken');
    const session = token ? this.#sessions.get(token) : undefined;
    if (!session || session.exp <= this.options.clock.epoch()) throw unauthorized();
    ctx.state.developerId = session.developerId;
    await next();
  };

  me = (ctx: Context): void => {
    this.send(ctx, 200, {
      id: this.developer.id,
      email: this.developer.email,
      full_name: this.developer.fullName,
      status: 'approved',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
  };

  portalContext(version: 'v2' | 'v3'): Record<string, unknown> {
    const common = { portal_id: this.portalId, org_id: this.orgId };
    const name = 'dcr-kit developer portal';
    const domain = new URL(this.options.url).host;
    const dcrProviders = [...new Set([...this.options.strategies.values()].map((s) => this.dcrProviderUuid(s)))];
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
    const data = [...this.options.strategies.values()].map((s) => this.strategyBody(s));
    this.send(ctx, 200, { data, meta: { page: { number: 1, size: data.length, total: data.length } } });
  };

  applicationBody(app: PortalApplication, version: 'v2' | 'v3'): Record<string, unknown> {
    const strategy = this.options.strategies.get(app.strategyId);
    const body: Record<string, unknown> = { id: app.id, name: app.name };
    if (version === 'v2') body.reference_id = app.referenceId ?? '';
    else body.client_id = app.provider.clientId;
    Object.assign(body, {
      description: app.description,
      redirect_uri: app.redirectUri,
      auth_strategy: strategy ? this.strategyBody(strategy) : null,
      scopes: app.scopes,
      created_at: app.createdAt,
      updated_at: app.updatedAt,
    });
    return body;
  }

  listApplications(version: 'v2' | 'v3') {
    return (ctx: Context): void => {
      const size = Math.min(Math.max(Number(ctx.query['page[size]']) || 10, 1), 100);
      const number = Math.max(Number(ctx.query['page[number]']) || 1, 1);
      const nameFilter = ctx.query['filter[name][contains]'] ?? ctx.query['filter[name]'] ?? ctx.query['filter[name][eq]'];
      const mine = [...this.apps.values()]
        .filter((a) => a.developerId === ctx.state.developerId)
        .filter((a) => typeof nameFilter !== 'string' || a.name.includes(nameFilter));
      const data = mine.slice((number - 1) * size, number * size).map((a) => this.applicationBody(a, version));
      this.send(ctx, 200, { data, meta: { page: { number, size, total: mine.length } } });
    };
  }

  findApplication(ctx: Context): PortalApplication {
    const app = this.apps.get(String(ctx.params.id));
    if (!app || app.developerId !== ctx.state.developerId) throw notFound();
    return app;
  }

  getApplication(version: 'v2' | 'v3') {
    return (ctx: Context): void => this.send(ctx, 200, this.applicationBody(this.findApplication(ctx), version));
  }

  /** Creating an application registers a client with the strategy's DCR provider; the secret is returned once. */
  createApplication(version: 'v2' | 'v3') {
    const allowed =
      version === 'v2'
        ? ['name', 'reference_id', 'redirect_uri', 'description', 'auth_strategy_id', 'scopes']
        : ['name', 'client_id', 'redirect_uri', 'description', 'auth_strategy_id', 'scopes', 'team_id'];
    return async (ctx: Context): Promise<void> => {
      const body = await readJsonObject(ctx, { empty: 'object' });
      const extra = Object.keys(body).find((k) => !allowed.includes(k));
      if (extra) throw badRequest(extra, 'is not allowed');
      if (typeof body.name !== 'string' || body.name.trim() === '')
        throw new ProblemError(400, 'Bad Request', 'Required fields are missing', [{ field: 'name', reason: 'is required' }]);
      if (body.name.length > 255) throw badRequest('name', 'must be at most 255 characters');
      const strategy =
        body.auth_strategy_id === undefined || body.auth_strategy_id === null
          ? [...this.options.strategies.values()][0]
          : this.strategyByUuid(String(body.auth_strategy_id));
      if (!strategy) throw badRequest('auth_strategy_id', 'does not reference an auth strategy of this portal');
      const scopes = body.scopes === undefined ? [] : body.scopes;
      if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || !strategy.availableScopes.includes(s))) {
        throw badRequest(
          'scopes',
          `must be a subset of the strategy's available scopes (${strategy.availableScopes.join(', ') || 'none'})`,
        );
      }
      for (const field of ['description', 'redirect_uri', 'reference_id'] as const) {
        if (body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string')
          throw badRequest(field, 'must be a string');
      }
      const developerId = ctx.state.developerId as string;
      const nameKey = `${developerId}\0${body.name}`;
      // The name is reserved while the DCR provider call is awaited (create-if-absent), so two creates cannot both win.
      if (
        [...this.apps.values()].some((a) => a.developerId === developerId && a.name === body.name) ||
        !this.#creating.setIfAbsent(nameKey, true)
      ) {
        throw new ProblemError(409, 'Conflict', `An application named "${body.name}" already exists`);
      }
      try {
        await this.create(ctx, version, strategy, developerId, {
          name: body.name,
          description: (body.description as string | undefined) ?? null,
          referenceId: (body.reference_id as string | undefined) ?? null,
          redirectUri: (body.redirect_uri as string | undefined) ?? null,
          scopes: scopes as string[],
        });
      } finally {
        this.#creating.delete(nameKey);
      }
    };
  }

  /** Registers the client with the strategy's DCR provider, keeps the application, answers with the secret once. */
  async create(
    ctx: Context,
    version: 'v2' | 'v3',
    strategy: AuthStrategy,
    developerId: string,
    fields: Pick<PortalApplication, 'name' | 'description' | 'referenceId' | 'redirectUri' | 'scopes'>,
  ): Promise<void> {
    const id = uuid();
    const input = this.createInput(
      strategy,
      id,
      developerId,
      fields.name,
      fields.description ?? '',
      fields.scopes,
      fields.redirectUri,
    );
    const provider = await this.providerFor(strategy).create(input);
    const now = new Date(this.options.clock.now()).toISOString();
    const app: PortalApplication = {
      id,
      developerId,
      ...fields,
      strategyId: strategy.id,
      provider,
      createdAt: now,
      updatedAt: now,
    };
    this.apps.set(id, app);
    // Registered (and approved) for the strategy's API at once, so the gateway lets it in.
    this.options.applications.add(strategy.id, provider.clientId);
    const response = this.applicationBody(app, version);
    if (version === 'v2') {
      // v2 nests the credentials; v3 puts client_id and client_secret at the top level (vendors.md §5.4).
      this.send(ctx, 201, { ...response, credentials: { client_id: provider.clientId, client_secret: provider.clientSecret } });
    } else {
      this.send(ctx, 201, { ...response, client_id: provider.clientId, client_secret: provider.clientSecret });
    }
  }

  updateApplication(version: 'v2' | 'v3') {
    return async (ctx: Context): Promise<void> => {
      const app = this.findApplication(ctx);
      const body = await readJsonObject(ctx, { empty: 'object' });
      const extra = Object.keys(body).find((k) => !['name', 'description', 'redirect_uri', 'reference_id'].includes(k));
      if (extra) throw badRequest(extra, 'cannot be changed');
      for (const [field, value] of Object.entries(body))
        if (value !== null && typeof value !== 'string') throw badRequest(field, 'must be a string');
      const updated: PortalApplication = {
        ...app,
        ...(typeof body.name === 'string' && { name: body.name }),
        ...(body.description !== undefined && { description: body.description as string | null }),
        ...(body.redirect_uri !== undefined && { redirectUri: body.redirect_uri as string | null }),
        ...(body.reference_id !== undefined && { referenceId: body.reference_id as string | null }),
        updatedAt: new Date(this.options.clock.now()).toISOString(),
      };
      this.apps.set(app.id, updated);
      this.send(ctx, 200, this.applicationBody(updated, version));
    };
  }

  deleteApplication = async (ctx: Context): Promise<void> => {
    const app = this.findApplication(ctx);
    const strategy = this.options.strategies.get(app.strategyId);
    if (strategy) {
      const input = this.createInput(
        strategy,
        app.id,
        app.developerId,
        app.name,
        app.description ?? '',
        app.scopes,
        app.redirectUri,
      );
      await this.providerFor(strategy).remove(app.provider, input);
      this.options.applications.remove(strategy.id, app.provider.clientId);
    }
    this.apps.delete(app.id);
    ctx.status = 204;
  };

  rotateSecret = async (ctx: Context): Promise<void> => {
    const app = this.findApplication(ctx);
    const strategy = this.options.strategies.get(app.strategyId);
    if (!strategy) throw notFound();
    const provider = await this.providerFor(strategy).rotate(app.provider);
    // The application may have been deleted while the provider was called: never bring it back.
    const current = this.apps.get(app.id);
    if (!current) throw notFound();
    this.apps.set(app.id, { ...current, provider, updatedAt: new Date(this.options.clock.now()).toISOString() });
    this.send(ctx, 201, { client_id: provider.clientId, client_secret: provider.clientSecret });
  };

  /** Konnect's DCR provider for a strategy: the tenant's own registration API, or the HTTP bridge. */
  providerFor(strategy: AuthStrategy): RegistrationProvider {
    const manifest = this.options.manifest();
    const target =
      strategy.dcrProvider === 'http'
        ? registrationTargetForBridge(manifest)
        : (() => {
            const tenant = manifest.tenants.find((t) => t.id === strategy.tenantId);
            return tenant && registrationTargetForTenant(tenant);
          })();
    if (!target) throw new RegistrationError(`no DCR provider for strategy "${strategy.id}"`);
    return registrationProvider(target);
  }

  createInput(
    strategy: AuthStrategy,
    applicationId: string,
    developerId: string,
    name: string,
    description: string,
    scopes: string[],
    redirectUri: string | null,
  ): RegistrationInput {
    return {
      name,
      description,
      scopes,
      redirectUri,
      konnect: {
        applicationId,
        developerId,
        portalId: this.portalId,
        organizationId: this.orgId,
        authStrategyId: this.strategyUuid(strategy),
        dcrProviderId: this.dcrProviderUuid(strategy),
        apiProductVersionId: stableUuid(`api-product-version:${strategy.id}`),
      },
    };
  }

  send(ctx: Context, status: number, body: unknown): void {
    ctx.status = status;
    ctx.set('Content-Type', JSON_TYPE);
    ctx.body = JSON.stringify(body);
  }
}
