/**
 * The Konnect HTTP DCR bridge (shared/reference/vendors.md §5.3, from Kong/konnect-portal-dcr-handler
 * openapi/openapi.yaml and src/): what a Konnect `http` DCR provider calls at its `dcr_base_url`. Every request
 * carries `X-API-KEY`; clients are created in the backing tenant's store, so they get tokens there at once.
 */
import type { Context, Middleware, Next } from 'koa';
import { z } from 'zod';
import type { Clock } from '../core/clock';
import { readJsonObject, safeEqual } from '../core/http';
import { lazy } from '../core/lazy';
import { MemoryStore, type Store, type StoreList, type StoreMap } from '../core/store';
import { OAuthError } from '../errors';
import { errorBoundary } from '../errors/render';
import type { Service } from '../tenant';
import { RegistryError, type Route, type Tenant } from '../tenant';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/** The bridge's request bodies (built on first use). */
const schemas = lazy(() => {
  // The create body: every field required, nothing else allowed (additionalProperties:false in the contract).
  const createBody = z.strictObject({
    redirect_uris: z.array(z.string()),
    client_name: z.string().min(1),
    grant_types: z.array(z.string()),
    scopes: z.array(z.string()),
    token_endpoint_auth_method: z.string(),
    application_description: z.string(),
    portal_id: z.uuid(),
    organization_id: z.uuid(),
    developer_id: z.uuid(),
    auth_strategy_id: z.uuid(),
    dcr_provider_id: z.uuid(),
  });

  const eventBody = z.looseObject({ event_type: z.string().min(1), client_id: z.string().optional() });
  return { createBody, eventBody };
});

export interface BridgeEvent {
  at: string;
  clientId: string;
  body: Record<string, unknown>;
}

export class DcrBridge implements Service {
  readonly prefix = '/dcr-bridge';
  /** The lifecycle events Konnect sent to the event hook, the newest 1,000 (not durable). */
  readonly #events: StoreList<BridgeEvent>;
  /** Ids of the clients registered through the bridge (the QA inspector says how a client was made; not durable). */
  readonly #made: StoreMap<true>;

  constructor(
    readonly tenant: Tenant,
    readonly apiKey: string,
    private readonly clock: Clock,
    store: Store = new MemoryStore(),
  ) {
    this.#events = store.list('dcr-bridge/events', 1000);
    this.#made = store.map('dcr-bridge/clients', { durable: false });
  }

  /** Oldest first. */
  get events(): BridgeEvent[] {
    return this.#events.items();
  }

  /** True when the client was registered through the bridge. */
  made(clientId: string): boolean {
    return this.#made.has(clientId);
  }

  url(origin: string): string {
    return `${origin}${this.prefix}`;
  }

  reset(): void {
    this.#events.clear();
    this.#made.clear();
  }

  boundary() {
    return errorBoundary({
      clock: this.clock,
      headers: JSON_HEADERS,
      bodyError: (problem) =>
        new OAuthError(
          problem === 'too_large' ? 413 : 400,
          'invalid_request',
          problem === 'too_large' ? 'request body too large' : 'request body must be a JSON object',
        ),
      serverError: () => new OAuthError(500, 'server_error', 'internal error'),
    });
  }

  /** The bridge's own {error, error_description} body, with 405 and the methods the path serves. */
  wrongMethod(allowed: string[]): Middleware[] {
    return [
      this.boundary(),
      (ctx) => {
        ctx.set('Allow', allowed.join(', '));
        throw new OAuthError(405, 'invalid_request', `method ${ctx.method} is not allowed here (allowed: ${allowed.join(', ')})`);
      },
    ];
  }

  routes(): Route[] {
    const guard = [this.boundary(), this.checkApiKey];
    return [
      { method: 'POST', path: '/', steps: [...guard, this.create] },
      { method: 'DELETE', path: '/:clientId', steps: [...guard, this.remove] },
      { method: 'POST', path: '/:clientId/new-secret', steps: [...guard, this.newSecret] },
      { method: 'POST', path: '/:clientId/event-hook', steps: [...guard, this.eventHook] },
    ];
  }

  // The reference implementation's answer to a wrong key (vendors.md §5.3, CONFIRMED).
  checkApiKey = async (ctx: Context, next: Next): Promise<void> => {
    if (!safeEqual(ctx.get('x-api-key'), this.apiKey)) {
      throw new OAuthError(401, 'Wrong API-Key', 'wrong x-api-key header');
    }
    await next();
  };

  create = async (ctx: Context): Promise<void> => {
    const parsed = schemas().createBody.safeParse(await readJsonObject(ctx, { empty: 'object' }));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.');
      throw new OAuthError(
        400,
        'invalid_client_metadata',
        `${field}: ${issue?.code === 'unrecognized_keys' ? 'unknown property' : issue?.message}`,
      );
    }
    const body = parsed.data;
    try {
      const issued = this.tenant.registry.register({
        name: body.client_name,
        grantTypes: body.grant_types,
        scopes: body.scopes,
        redirectUris: body.redirect_uris,
      });
      this.#made.set(issued.clientId, true);
      // Numeric epoch values, as the reference implementation passes Okta's through (vendors.md §5.3 notes).
      reply(ctx, 201, {
        client_id: issued.clientId,
        client_secret: issued.clientSecret,
        client_id_issued_at: issued.issuedAt,
        client_secret_expires_at: 0,
      });
    } catch (error) {
      if (error instanceof RegistryError) throw new OAuthError(400, 'invalid_client_metadata', error.message);
      throw error;
    }
  };

  remove = (ctx: Context): void => {
    if (!this.tenant.registry.remove(String(ctx.params.clientId))) throw unknownClient();
    ctx.status = 204;
  };

  newSecret = (ctx: Context): void => {
    const issued = this.tenant.registry.rotateSecret(String(ctx.params.clientId));
    if (!issued) throw unknownClient();
    reply(ctx, 200, { client_id: issued.clientId, client_secret: issued.clientSecret });
  };

  eventHook = async (ctx: Context): Promise<void> => {
    const parsed = schemas().eventBody.safeParse(await readJsonObject(ctx, { empty: 'object' }));
    if (!parsed.success) throw new OAuthError(400, 'invalid_request', 'event_type is required');
    this.#events.push({ at: new Date(this.clock.now()).toISOString(), clientId: String(ctx.params.clientId), body: parsed.data });
    reply(ctx, 200, {});
  };
}

/** Any non-2xx aborts Konnect's operation; an unknown client is a 404 in the bridge's error shape. */
function unknownClient(): OAuthError {
  return new OAuthError(404, 'invalid_client', 'client not found');
}

function reply(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set(JSON_HEADERS);
  ctx.body = JSON.stringify(body);
}
