/**
 * A developer's applications (shared/reference/vendors.md §5.4, Kong's portal OpenAPI files v2 and v3): listed,
 * read, created through the strategy's DCR provider (the secret returned once), renamed, deleted, and given a new
 * secret. v2 and v3 differ in the body's fields and where the credentials go.
 */
import type { Context } from 'koa';
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
import type { HarnessFetch } from '../core/fetch';
import { readJsonObject } from '../core/http';
import { uuid } from '../core/ids';
import type { Store, StoreMap } from '../core/store';
import type { ApplicationRegistry, AuthStrategy } from '../gateway/strategies';
import { type PortalContext, stableUuid } from './context';
import { badRequest, notFound, ProblemError, send } from './problems';

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

export interface PortalApplicationsOptions {
  clock: Clock;
  strategies: ReadonlyMap<string, AuthStrategy>;
  /** The applications the gateway lets in, per API. */
  registry: ApplicationRegistry;
  manifest: () => HarnessManifest;
  context: PortalContext;
  store: Store;
  /** How the DCR provider calls reach the IdPs (default: the global fetch). */
  fetch?: HarnessFetch;
}

/** How long a name stays reserved for a create that never finished. */
const RESERVATION_MS = 60_000;

export class PortalApplications {
  readonly apps: StoreMap<PortalApplication>;
  /** Names being created right now (the DCR provider call is awaited), so two creates cannot both win. */
  readonly #creating: StoreMap<number>;

  constructor(private readonly options: PortalApplicationsOptions) {
    this.apps = options.store.map('portal/applications');
    this.#creating = options.store.map('portal/creating', { durable: false });
  }

  applicationBody(app: PortalApplication, version: 'v2' | 'v3'): Record<string, unknown> {
    const strategy = this.options.strategies.get(app.strategyId);
    const body: Record<string, unknown> = { id: app.id, name: app.name };
    if (version === 'v2') body.reference_id = app.referenceId ?? '';
    else body.client_id = app.provider.clientId;
    Object.assign(body, {
      description: app.description,
      redirect_uri: app.redirectUri,
      auth_strategy: strategy ? this.options.context.strategyBody(strategy) : null,
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
      send(ctx, 200, { data, meta: { page: { number, size, total: mine.length } } });
    };
  }

  findApplication(ctx: Context): PortalApplication {
    const app = this.apps.get(String(ctx.params.id));
    if (!app || app.developerId !== ctx.state.developerId) throw notFound();
    return app;
  }

  getApplication(version: 'v2' | 'v3') {
    return (ctx: Context): void => send(ctx, 200, this.applicationBody(this.findApplication(ctx), version));
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
          : this.options.context.strategyByUuid(String(body.auth_strategy_id));
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
      // A reservation names when it lapses (machine time): one left by a process that died mid-create (a fleet
      // shares the store, issue 15) is taken over after a minute, with a compare-and-set.
      const until = Date.now() + RESERVATION_MS;
      const held = this.#creating.get(nameKey);
      if (
        [...this.apps.values()].some((a) => a.developerId === developerId && a.name === body.name) ||
        !(
          (await this.#creating.setIfAbsent(nameKey, until)) ||
          (held !== undefined && held < Date.now() && (await this.#creating.compareAndSet(nameKey, held, until)))
        )
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
    this.options.registry.add(strategy.id, provider.clientId);
    const response = this.applicationBody(app, version);
    if (version === 'v2') {
      // v2 nests the credentials; v3 puts client_id and client_secret at the top level (vendors.md §5.4).
      send(ctx, 201, { ...response, credentials: { client_id: provider.clientId, client_secret: provider.clientSecret } });
    } else {
      send(ctx, 201, { ...response, client_id: provider.clientId, client_secret: provider.clientSecret });
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
      send(ctx, 200, this.applicationBody(updated, version));
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
      this.options.registry.remove(strategy.id, app.provider.clientId);
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
    send(ctx, 201, { client_id: provider.clientId, client_secret: provider.clientSecret });
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
    return registrationProvider(target, this.options.fetch);
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
        portalId: this.options.context.portalId,
        organizationId: this.options.context.orgId,
        authStrategyId: this.options.context.strategyUuid(strategy),
        dcrProviderId: this.options.context.dcrProviderUuid(strategy),
        apiProductVersionId: stableUuid(`api-product-version:${strategy.id}`),
      },
    };
  }
}
