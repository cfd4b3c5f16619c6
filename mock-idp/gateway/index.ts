/**
 * A Kong-like gateway on its own origin (shared/reference/vendors.md §6): an echo API per auth strategy at
 * `<gateway>/<strategy id>/…`, protected the way Konnect's konnect-application-auth + openid-connect plugins protect
 * it. Credentials are searched in the plugin's order (session, bearer JWT, client credentials); the application is
 * identified by the strategy's credential claim; a session cookie is set after any other successful method.
 */
import { createHash } from 'node:crypto';
import type { createRemoteJWKSet, JWTPayload } from 'jose';
import Koa, { type Context } from 'koa';
import type { Clock } from '../core/clock';
import { BodyError, clientCredentials, mediaType, parseForm, parseJsonParams, readBody } from '../core/http';
import { uuid } from '../core/ids';
import { COOKIE_NAME, DEFAULT_TIMEOUTS, SessionCodec, type SessionTimeouts, sessionAlive, sessionCookie } from './session';
import type { ApplicationRegistry, AuthMethod, AuthStrategy } from './strategies';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Kong's 404 when no route matches. */
const NO_ROUTE = '{"message":"no Route matched with those values"}';

export interface GatewayOptions {
  strategies: ReadonlyMap<string, AuthStrategy>;
  applications: ApplicationRegistry;
  clock: Clock;
  timeouts?: SessionTimeouts;
  /** Send the plugin's optional Session-* diagnostic headers. */
  sessionResponseHeaders?: boolean;
  /** Origins allowed to call the gateway from a page (the portal's "Try it"). */
  corsOrigins: () => readonly string[];
}

interface Authenticated {
  method: AuthMethod;
  credential: string;
  accessToken: string;
  claims: JWTPayload;
}

class Unauthorized extends Error {}
class Forbidden extends Error {}

interface Verifier {
  jwks: ReturnType<typeof createRemoteJWKSet>;
  jwtVerify: typeof import('jose').jwtVerify;
}

export class Gateway {
  /** Replaced on reset, so every cookie issued before a reset stops working. */
  sessions = new SessionCodec();
  readonly timeouts: SessionTimeouts;
  /** Client-credentials tokens, cached until they expire (openid-connect `cache_tokens`, vendors.md §6.2). */
  readonly #tokenCache = new Map<string, { accessToken: string; exp: number }>();
  readonly #verifiers = new Map<string, Promise<Verifier>>();

  constructor(private readonly options: GatewayOptions) {
    this.timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  }

  reset(): void {
    this.#tokenCache.clear();
    this.sessions = new SessionCodec();
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
    const auth = await this.authenticate(ctx, strategy, body);
    // konnect-application-auth: the credential must belong to an application registered for this API (§6.1).
    if (!this.options.applications.has(strategy.id, auth.credential)) throw new Forbidden();
    if (auth.method !== 'session' && strategy.authMethods.includes('session')) this.startSession(ctx, strategy, auth);
    this.echo(ctx, strategy, auth, `/${rest.join('/')}`, body);
  };

  /** The plugin's search order: session, then bearer, then client credentials (vendors.md §6.1). */
  async authenticate(ctx: Context, strategy: AuthStrategy, body: Buffer): Promise<Authenticated> {
    if (strategy.authMethods.includes('session')) {
      const session = this.resumeSession(ctx, strategy);
      if (session) return session;
    }
    const authorization = ctx.get('authorization');
    if (strategy.authMethods.includes('bearer') && /^bearer /i.test(authorization)) {
      const token = authorization.slice(7).trim();
      const claims = await this.verify(strategy, token);
      if (claims) return this.identify(strategy, 'bearer', token, claims);
    }
    if (strategy.authMethods.includes('client_credentials')) {
      const credentials = this.clientCredentialsOf(ctx, body);
      if (credentials) {
        const accessToken = await this.exchange(strategy, credentials.clientId, credentials.clientSecret);
        const claims = accessToken ? await this.verify(strategy, accessToken) : undefined;
        if (accessToken && claims) return this.identify(strategy, 'client_credentials', accessToken, claims);
      }
    }
    throw new Unauthorized();
  }

  identify(strategy: AuthStrategy, method: AuthMethod, accessToken: string, claims: JWTPayload): Authenticated {
    const credential = claims[strategy.credentialClaim];
    if (typeof credential !== 'string' || credential === '') throw new Unauthorized();
    return { method, credential, accessToken, claims };
  }

  /**
   * Client credentials from the Basic header (base64 of `id:secret`: the Konnect docs' un-encoded
   * `Basic id:secret` is not recognised, as in the plugin's arguments.lua), the query string, or a form or JSON body.
   */
  clientCredentialsOf(ctx: Context, body: Buffer): { clientId: string; clientSecret: string } | undefined {
    const grantType = ctx.get('grant-type') || ctx.get('x-grant-type');
    if (grantType && grantType !== 'client_credentials') return undefined;
    const header = ctx.get('authorization');
    if (/^basic /i.test(header)) {
      const parsed = clientCredentials(header, {});
      return parsed.method === 'client_secret_basic'
        ? { clientId: parsed.clientId, clientSecret: parsed.clientSecret }
        : undefined;
    }
    const query = Object.fromEntries(new URLSearchParams(ctx.querystring));
    if (query.client_id && query.client_secret && (!query.grant_type || query.grant_type === 'client_credentials')) {
      return { clientId: query.client_id, clientSecret: query.client_secret };
    }
    let params: Record<string, string> = {};
    try {
      const type = mediaType(ctx);
      if (type === 'form') params = parseForm(body).values;
      else if (type === 'json') params = parseJsonParams(body).values;
    } catch {
      params = {};
    }
    if (params.client_id && params.client_secret) return { clientId: params.client_id, clientSecret: params.client_secret };
    return undefined;
  }

  /** Credentials that cannot be sent on (a lone UTF-16 surrogate from a JSON escape) are just wrong credentials. */
  static sendable(credentials: { clientId: string; clientSecret: string }): boolean {
    // With the u flag a paired surrogate is one code point, so \p{Cs} matches only a lone one.
    return !/\p{Cs}/u.test(credentials.clientId) && !/\p{Cs}/u.test(credentials.clientSecret);
  }

  /** POSTs the caller's credentials to the IdP's token endpoint, the way the strategy's vendor expects. */
  async exchange(strategy: AuthStrategy, clientId: string, clientSecret: string): Promise<string | undefined> {
    if (!Gateway.sendable({ clientId, clientSecret })) return undefined;
    const key = createHash('sha256').update(`${strategy.id}\0${clientId}\0${clientSecret}`).digest('base64url');
    const now = this.options.clock.epoch();
    const cached = this.#tokenCache.get(key);
    if (cached && cached.exp > now) return cached.accessToken;
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...strategy.tokenParams });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (strategy.tokenEndpointAuth === 'client_secret_basic') {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const response = await fetch(strategy.tokenEndpoint, { method: 'POST', headers, body: form });
    if (response.status !== 200) return undefined;
    const json = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string') return undefined;
    // cache_ttl is capped by the token's lifetime (vendors.md §6.2); Entra v1 sends expires_in as a string.
    this.#tokenCache.set(key, { accessToken: json.access_token, exp: now + Math.min(Number(json.expires_in) || 0, 3600) });
    return json.access_token;
  }

  /** Signature via the issuer's discovery and JWKS, then `iss`, `aud` and `exp`/`nbf` against the harness clock. */
  async verify(strategy: AuthStrategy, token: string): Promise<JWTPayload | undefined> {
    try {
      const { jwks, jwtVerify } = await this.verifier(strategy);
      const { payload } = await jwtVerify(token, jwks, {
        issuer: strategy.issuer,
        ...(strategy.audiences.length > 0 && { audience: strategy.audiences }),
        algorithms: ['RS256'],
        currentDate: new Date(this.options.clock.now()),
      });
      return payload;
    } catch {
      return undefined;
    }
  }

  /** jose is loaded with the first bearer token, not at start (it is a tenth of the start-up import time). */
  verifier(strategy: AuthStrategy): Promise<Verifier> {
    let verifier = this.#verifiers.get(strategy.id);
    if (!verifier) {
      verifier = (async () => {
        const response = await fetch(strategy.discoveryUrl, { headers: { accept: 'application/json' } });
        const discovery = (await response.json()) as { jwks_uri?: string };
        if (!discovery.jwks_uri) throw new Error(`no jwks_uri in ${strategy.discoveryUrl}`);
        const jose = await import('jose');
        return {
          jwks: jose.createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: 0 }),
          jwtVerify: jose.jwtVerify,
        };
      })();
      // A failed discovery is retried on the next request rather than cached.
      verifier.catch(() => this.#verifiers.delete(strategy.id));
      this.#verifiers.set(strategy.id, verifier);
    }
    return verifier;
  }

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
