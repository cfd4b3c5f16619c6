/**
 * node-oidc-provider as the engine for standard Dynamic Client Registration (RFC 7591) and its management
 * protocol (RFC 7592), for tenants whose vendor implements the standard itself (Curity). Mounted under the tenant,
 * sharing the tenant's client store through the adapter; only the registration routes are handed to it.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { SigningKey } from '../core/keys';
import type { Changes } from '../core/state';
import { StoreUnavailable } from '../core/store';
import { adapterFactory, type ClientStoreBridge, type ModelStore, spendingOnce } from './adapter';
import { loadOidcProvider, withoutWarning } from './load';

const ROTATE_ON_PUT = 'rotate-secret-on-put';
/** Requests oidc-provider did not answer because the store was lost (see createRegistrationEngine). */
const storeLost = new WeakMap<object, StoreUnavailable>();

export interface RegistrationEngineOptions {
  issuer: string;
  key: SigningKey;
  clients: ClientStoreBridge;
  /** The harness's change counter: a response that changed stored state waits until it is saved. */
  changes: Changes;
  /** Initial and registration access tokens (owned by the tenant, so they are saved with its clients). */
  models: ModelStore;
  /** Scope values clients may register. */
  scopes: string[];
  /** The registration endpoint, relative to the tenant base URL. */
  registrationPath: string;
  /** Curity rotates the registration access token on GET as well as on PUT (vendors.md §2.3). */
  rotateOnRead: boolean;
  /** Seconds a registration access token lives (machine clock, like the adapter's expiry); unset: no expiry. */
  registrationAccessTokenTtl?: number;
  /**
   * The vendor's last word on a successful registration (201) or management read or update (200), before it is
   * sent: what oidc-provider does not do the vendor's way (the advertised URLs, extra fields, rotation on read).
   */
  amendResponse?: (response: ManagementResponse) => Promise<void>;
}

export interface ManagementResponse {
  /** oidc-provider's route: `registration` (POST), `client` (GET) or `client_update` (PUT). */
  route: 'registration' | 'client' | 'client_update';
  /** The JSON about to be sent; changed in place. */
  body: Record<string, unknown>;
  /** The request's JSON body (registration and update). */
  request: Record<string, unknown> | undefined;
}

export interface RegistrationEngine {
  /** A single-use initial access token for the registration endpoint. */
  mintInitialAccessToken(expiresIn: number): Promise<string>;
  /**
   * Hands the request to oidc-provider; `mountPrefix` is the tenant's path prefix on the harness origin. `body` is
   * the request body when the caller had to read it first (a chunked body, measured against the size limit).
   */
  handle(ctx: Context, mountPrefix: string, body?: Buffer): Promise<void>;
}

export async function createRegistrationEngine(options: RegistrationEngineOptions): Promise<RegistrationEngine> {
  const { Provider } = await loadOidcProvider();
  const jwk = options.key.privateKey.export({ format: 'jwk' });
  const provider = new Provider(options.issuer, {
    adapter: adapterFactory(options.clients, options.models),
    jwks: { keys: [{ ...jwk, kid: options.key.kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: options.scopes,
    ...(options.registrationAccessTokenTtl !== undefined && {
      ttl: { RegistrationAccessToken: options.registrationAccessTokenTtl },
    }),
    // Clients registered for machine-to-machine use: client_credentials, no redirect, no response types.
    clientDefaults: {
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    routes: { registration: options.registrationPath },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      registration: {
        enabled: true,
        initialAccessToken: true,
        issueRegistrationAccessToken: true,
        policies: {
          /**
           * RFC 7592 §2.2 lets the server issue a new client_secret on update, and Curity does on every PUT
           * (vendors.md §2.3, curity.io "Dynamic Client Registration Management"): here when a PUT omits
           * client_secret; the vendor's amendResponse covers a PUT that names the current one.
           */
          [ROTATE_ON_PUT]: async (ctx, properties) => {
            if (ctx.method === 'PUT' && !Object.hasOwn(ctx.oidc.body ?? {}, 'client_secret')) {
              properties.client_secret = randomBytes(64).toString('base64url');
            }
          },
        },
      },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
    },
  });
  provider.proxy = false;

  // The store lost while oidc-provider handled the request (a spend Redis could not decide, writes it did not take):
  // the harness route answers that, as a 503 with Retry-After in the tenant's dialect, never a 500 (start/fleet.ts).
  // So nothing is written here, and `handle` throws it to the route.
  provider.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      storeLost.set(ctx.req, error);
      ctx.respond = false;
    }
  });

  // oidc-provider writes its own responses; this step holds them until a change they made is saved
  // (with --data), as the harness apps do for every other endpoint.
  provider.use(async (_ctx, next) => {
    const before = options.changes.version;
    await next();
    if (options.changes.version !== before) await options.changes.saved(before);
  });

  /*
   * Single-use tokens are spent by the lookup of the request that uses them (oidc/adapter.ts, spendingOnce), so of two
   * requests with one token sent to two processes at once exactly one passes. The other finds no token and gets what
   * oidc-provider answers for a spent one: 401 `invalid_token` ("initial access token not found", "registration access
   * token not found": oidc-provider 9.13 lib/actions/registration.js) with `WWW-Authenticate: Bearer realm=…,
   * error="invalid_token"` (lib/shared/set_www_authenticate_header.js): RFC 7591 §3.2.2 (an invalid initial access
   * token gets "an error response appropriate to the OAuth 2.0 token type") and RFC 7592 §2 (an invalid registration
   * access token, an RFC 6750 error) lead to RFC 6750 §3 and §3.1. Spent: the initial access token by a registration
   * (single-use, below), the registration access token by a PUT (rotateRegistrationAccessToken), a DELETE, and a GET
   * where reads rotate it.
   */
  const singleUse = singleUseModel(options.rotateOnRead);
  provider.use(async (ctx, next) => {
    const model = singleUse(ctx.method);
    if (!model) return next();
    await spendingOnce(options.models, model, next, () => ctx.status < 400);
  });

  // Curity's initial access tokens are single-use (curity.io, "Using Dynamic Client Registration").
  provider.on('registration_create.success', (ctx) => {
    void ctx.oidc.entities.InitialAccessToken?.destroy();
  });

  if (options.rotateOnRead) {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route !== 'client' || ctx.method !== 'GET' || ctx.status !== 200) return;
      const current = ctx.oidc.entities.RegistrationAccessToken;
      const client = ctx.oidc.entities.Client;
      if (!current || !client) return;
      // The published typings omit this constructor; oidc-provider's own PUT handler calls it the same way.
      const RegistrationAccessToken = provider.RegistrationAccessToken as unknown as new (properties: {
        client: unknown;
        policies: string[] | undefined;
      }) => { save(): Promise<string> };
      const rotated = new RegistrationAccessToken({ client, policies: current.policies });
      const value = await rotated.save();
      await current.destroy();
      (ctx.body as Record<string, unknown>).registration_access_token = value;
    });
  }

  const { amendResponse } = options;
  if (amendResponse) {
    provider.use(async (ctx, next) => {
      await next();
      const route = ctx.oidc?.route;
      if (route !== 'registration' && route !== 'client' && route !== 'client_update') return;
      if (ctx.status !== 200 && ctx.status !== 201) return;
      if (typeof ctx.body !== 'object' || ctx.body === null) return;
      await amendResponse({
        route,
        body: ctx.body as Record<string, unknown>,
        request: ctx.oidc.body as Record<string, unknown> | undefined,
      });
    });
  }

  const callback = provider.callback();
  return {
    async mintInitialAccessToken(expiresIn) {
      // The policy travels from the initial access token to the registration access token (oidc-provider).
      return new provider.InitialAccessToken({ expiresIn, policies: [ROTATE_ON_PUT] }).save();
    },
    async handle(ctx, mountPrefix, body) {
      const { req, res } = ctx;
      ctx.respond = false;
      // oidc-provider derives its mount path from originalUrl minus url (mock-idp-anchors §4.6).
      (req as { originalUrl?: string }).originalUrl = ctx.originalUrl;
      req.url = ctx.originalUrl.slice(mountPrefix.length) || '/';
      const run = () =>
        new Promise<void>((resolve, reject) => {
          res.once('finish', resolve);
          res.once('close', resolve);
          void callback(req, res).then(() => {
            const lost = storeLost.get(req);
            if (!lost) return;
            ctx.respond = true;
            reject(lost);
          });
        });
      if (body === undefined) return run();
      // oidc-provider reads `req.body` when the stream was consumed upstream, and says so once; here that is on purpose.
      (req as { body?: Buffer }).body = body;
      return withoutWarning('already parsed request body detected', run);
    },
  };
}

/**
 * The model whose token a request spends (see createRegistrationEngine), if any, by method alone: the engine is
 * handed registration requests only (vendors/curity/registration.ts), and oidc-provider's router also takes the
 * paths with a trailing slash or in another letter case, so a path check let those spellings use a token twice.
 */
function singleUseModel(rotateOnRead: boolean) {
  return (method: string): 'InitialAccessToken' | 'RegistrationAccessToken' | undefined => {
    if (method === 'POST') return 'InitialAccessToken';
    return method === 'PUT' || method === 'DELETE' || (method === 'GET' && rotateOnRead) ? 'RegistrationAccessToken' : undefined;
  };
}
