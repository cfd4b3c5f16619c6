/**
 * A Kong-like gateway on its own origin (shared/reference/vendors.md §6): an echo API per auth strategy at
 * `<gateway>/<strategy id>/…`, protected the way Konnect's konnect-application-auth + openid-connect plugins protect
 * it. Credentials are searched in the plugin's order (session, bearer JWT, client credentials); the application is
 * identified by the strategy's credential claim; a session cookie is set after any other successful method.
 */
import { randomBytes } from 'node:crypto';
import Koa, { type Context } from 'koa';
import type { Clock } from '../core/clock';
import type { HarnessFetch } from '../core/fetch';
import { BodyError, readBody } from '../core/http';
import { uuid } from '../core/ids';
import { MemoryStore, type StoreMap, StoreUnavailable } from '../core/store';
import { type Authenticated, Authenticator, Unauthorized } from './auth';
import { COOKIE_NAME, DEFAULT_TIMEOUTS, SessionCodec, type SessionTimeouts, sessionAlive, sessionCookie } from './session';
import type { ApplicationRegistry, AuthStrategy } from './strategies';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Kong's 404 when no route matches. */
const NO_ROUTE = '{"message":"no Route matched with those values"}';

export interface GatewayOptions {
  strategies: ReadonlyMap<string, AuthStrategy>;
  applications: ApplicationRegistry;
  clock: Clock;
  /** How the gateway reaches the IdPs (default: the global fetch). */
  fetch?: HarnessFetch;
  timeouts?: SessionTimeouts;
  /** Send the plugin's optional Session-* diagnostic headers. */
  sessionResponseHeaders?: boolean;
  /** Origins allowed to call the gateway from a page (the portal's "Try it"). */
  corsOrigins: () => readonly string[];
  /**
   * Where the session cookies' AES key is kept (`current`, base64url): in the harness store, so every process of a
   * fleet opens the cookies any of them sealed (issue 15). Default: a map of this gateway's own.
   */
  sessionKey?: StoreMap<string>;
}

class Forbidden extends Error {}

export class Gateway {
  readonly timeouts: SessionTimeouts;
  readonly #sessionKey: StoreMap<string>;
  #codec: { key: string; codec: SessionCodec } | undefined;
  /** Who is calling (auth.ts): session, bearer JWT, client credentials, in the plugin's order. */
  readonly #auth: Authenticator;

  constructor(private readonly options: GatewayOptions) {
    this.timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    this.#sessionKey = options.sessionKey ?? new MemoryStore().map('gateway/session-key', { durable: false });
    this.#newSessionKey();
    this.#auth = new Authenticator(options.clock, options.fetch ?? ((input, init) => fetch(input, init)), (ctx, strategy) =>
      this.resumeSession(ctx, strategy),
    );
  }

  reset(): void {
    this.#auth.reset();
    this.#newSessionKey();
  }

  /** A new key: every cookie sealed before (a reset) stops working. */
  #newSessionKey(): void {
    this.#sessionKey.set('current', randomBytes(32).toString('base64url'));
  }

  /** The codec of the current key (made once per key and process). */
  get sessions(): SessionCodec {
    const key = this.#sessionKey.get('current') ?? '';
    if (this.#codec?.key !== key) this.#codec = { key, codec: new SessionCodec(Buffer.from(key, 'base64url')) };
    return this.#codec.codec;
  }

  app(): Koa {
    const app = new Koa();
    app.silent = true;
    // Secure is set iff the forwarded scheme is https (vendors.md §6.4), so X-Forwarded-Proto is trusted.
    app.proxy = true;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        // Answered by start/fleet.ts's gate as Kong's 503 with Retry-After.
        if (error instanceof StoreUnavailable) throw error;
        if (error instanceof Unauthorized) return this.unauthorized(ctx);
        if (error instanceof Forbidden) return this.reply(ctx, 403, '{"message":"You cannot consume this service"}');
        if (error instanceof BodyError)
          return this.reply(ctx, error.problem === 'too_large' ? 413 : 400, '{"message":"Bad request"}');
        console.error(`mock-idp gateway: unexpected error on ${ctx.method} ${ctx.path}:`, error);
        this.reply(ctx, 500, '{"message":"An unexpected error occurred"}');
      }
    });
    app.use(this.cors);
    app.use(this.proxy);
    return app;
  }

  /** What `proxy` answers, as `METHOD path` lines: one echo API per strategy, and CORS preflights from the portal. */
  routeListing(): string[] {
    return ['OPTIONS /{*path}', ...[...this.options.strategies.keys()].map((id) => `ALL /${id}/{*path}`)];
  }

  cors = async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    const origin = ctx.get('origin');
    if (origin && this.options.corsOrigins().includes(origin)) {
      ctx.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
      if (ctx.method === 'OPTIONS') {
        ctx.set({
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'Access-Control-Allow-Headers': ctx.get('access-control-request-headers') || 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
        });
        ctx.status = 204;
        return;
      }
    }
    await next();
  };

  proxy = async (ctx: Context): Promise<void> => {
    const [, strategyId, ...rest] = ctx.path.split('/');
    const strategy = strategyId ? this.options.strategies.get(strategyId) : undefined;
    if (!strategy) return this.reply(ctx, 404, NO_ROUTE);
    const body = await readBody(ctx);
    const auth = await this.#auth.authenticate(ctx, strategy, body);
    // konnect-application-auth: the credential must belong to an application registered for this API (§6.1).
    if (!this.options.applications.has(strategy.id, auth.credential)) throw new Forbidden();
    if (auth.method !== 'session' && strategy.authMethods.includes('session')) this.startSession(ctx, strategy, auth);
    this.echo(ctx, strategy, auth, `/${rest.join('/')}`, body);
  };

  resumeSession(ctx: Context, strategy: AuthStrategy): Authenticated | undefined {
    const value = ctx.cookies.get(COOKIE_NAME);
    const session = value ? this.sessions.open(value) : undefined;
    const now = this.options.clock.epoch();
    if (!session || session.aud !== strategy.id || !sessionAlive(session, now, this.timeouts)) return undefined;
    // Using the session renews it: a new cookie with the last-use and renewal times moved to now.
    const renewed = { ...session, lat: now, rat: now };
    ctx.append('Set-Cookie', sessionCookie(this.sessions.seal(renewed), ctx.protocol === 'https'));
    this.sessionHeaders(ctx, renewed.sid, strategy, renewed.sub);
    return { method: 'session', credential: session.sub, accessToken: session.at, claims: {} };
  }

  startSession(ctx: Context, strategy: AuthStrategy, auth: Authenticated): void {
    const now = this.options.clock.epoch();
    const sid = uuid();
    const value = this.sessions.seal({
      sid,
      aud: strategy.id,
      sub: auth.credential,
      at: auth.accessToken,
      iat: now,
      rat: now,
      lat: now,
    });
    ctx.append('Set-Cookie', sessionCookie(value, ctx.protocol === 'https'));
    this.sessionHeaders(ctx, sid, strategy, auth.credential);
  }

  sessionHeaders(ctx: Context, sid: string, strategy: AuthStrategy, subject: string): void {
    if (!this.options.sessionResponseHeaders) return;
    ctx.set({
      'Session-Id': sid,
      'Session-Audience': strategy.id,
      'Session-Subject': subject,
      'Session-Timeout': String(this.timeouts.absolute),
      'Session-Idling-Timeout': String(this.timeouts.idling),
      'Session-Rolling-Timeout': String(this.timeouts.rolling),
      'Session-Absolute-Timeout': String(this.timeouts.absolute),
    });
  }

  /** The echo upstream: what it received, as Kong forwards it (bearer token in, session cookie hidden). */
  echo(ctx: Context, strategy: AuthStrategy, auth: Authenticated, path: string, body: Buffer): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(ctx.headers)) {
      if (name === 'cookie' || name === 'authorization' || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const cookie = ctx
      .get('cookie')
      .split(';')
      .map((c) => c.trim())
      .filter((c) => c && !c.startsWith(`${COOKIE_NAME}=`))
      .join('; ');
    if (cookie) headers.cookie = cookie;
    headers.authorization = `Bearer ${auth.accessToken}`;
    this.reply(
      ctx,
      200,
      JSON.stringify({
        api: strategy.id,
        method: ctx.method,
        path,
        query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
        headers,
        body: body.toString('utf8'),
        consumer: { authMethod: auth.method, credential: auth.credential, credentialClaim: strategy.credentialClaim },
      }),
    );
  }

  unauthorized(ctx: Context): void {
    // The realm is "kong" or the issuer host depending on the build (vendors.md §6.3, PARTIAL).
    ctx.set('WWW-Authenticate', 'Bearer realm="kong"');
    this.reply(ctx, 401, '{"message":"Unauthorized"}');
  }

  reply(ctx: Context, status: number, body: string): void {
    ctx.status = status;
    ctx.set('Content-Type', JSON_TYPE);
    ctx.body = body;
  }
}

export type { AuthStrategy };
