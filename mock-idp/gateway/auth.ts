/**
 * How the gateway tells who is calling, in the openid-connect plugin's search order (shared/reference/vendors.md
 * §6.1): the session cookie (resumed by the gateway, index.ts), a bearer JWT checked against the issuer's JWKS, then
 * client credentials exchanged at the IdP's token endpoint. The application is the strategy's credential claim.
 */
import { createHash } from 'node:crypto';
import type { createRemoteJWKSet, JWTPayload } from 'jose';
import type { Context } from 'koa';
import type { Clock } from '../core/clock';
import type { HarnessFetch } from '../core/fetch';
import { clientCredentials, mediaType, parseForm, parseJsonParams } from '../core/http';
import type { AuthMethod, AuthStrategy } from './strategies';

export interface Authenticated {
  method: AuthMethod;
  credential: string;
  accessToken: string;
  claims: JWTPayload;
}

/** No credential the strategy accepts: the gateway answers 401. */
export class Unauthorized extends Error {}

interface Verifier {
  jwks: ReturnType<typeof createRemoteJWKSet>;
  jwtVerify: typeof import('jose').jwtVerify;
}

export class Authenticator {
  /** Client-credentials tokens, cached until they expire (openid-connect `cache_tokens`, vendors.md §6.2). */
  readonly #tokenCache = new Map<string, { accessToken: string; exp: number }>();
  readonly #verifiers = new Map<string, Promise<Verifier>>();

  constructor(
    private readonly clock: Clock,
    /** How the gateway reaches the IdPs (core/fetch.ts: trusts the harness CA over `--tls`). */
    private readonly fetch: HarnessFetch,
    /** The session the request's cookie holds for the strategy, renewed; undefined when there is none alive. */
    private readonly resumeSession: (ctx: Context, strategy: AuthStrategy) => Authenticated | undefined,
  ) {}

  /** Forgets the cached client-credentials tokens. */
  reset(): void {
    this.#tokenCache.clear();
  }

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
    if (!Authenticator.sendable({ clientId, clientSecret })) return undefined;
    const key = createHash('sha256').update(`${strategy.id}\0${clientId}\0${clientSecret}`).digest('base64url');
    const now = this.clock.epoch();
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
    const response = await this.fetch(strategy.tokenEndpoint, { method: 'POST', headers, body: form });
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
        currentDate: new Date(this.clock.now()),
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
        const response = await this.fetch(strategy.discoveryUrl, { headers: { accept: 'application/json' } });
        const discovery = (await response.json()) as { jwks_uri?: string };
        if (!discovery.jwks_uri) throw new Error(`no jwks_uri in ${strategy.discoveryUrl}`);
        const jose = await import('jose');
        return {
          jwks: jose.createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: 0, [jose.customFetch]: this.fetch }),
          jwtVerify: jose.jwtVerify,
        };
      })();
      // A failed discovery is retried on the next request rather than cached.
      verifier.catch(() => this.#verifiers.delete(strategy.id));
      this.#verifiers.set(strategy.id, verifier);
    }
    return verifier;
  }
}
