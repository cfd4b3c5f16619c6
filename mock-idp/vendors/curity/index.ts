/**
 * Curity Identity Server persona (../shared/reference/vendors.md §2), with the product's default endpoint names.
 * Tokens are JWTs or opaque reference tokens per client; RFC 7662 introspection answers for both.
 */
import type { Context, Middleware, Next } from 'koa';
import type { AdapterPayload } from 'oidc-provider';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { curity } from '../../../shared/vendors';
import type { TenantConfigOf } from '../../config';
import { BodyError, clientCredentials, mediaType, parseForm, readBody, secretMatches } from '../../core/http';
import { alphanumeric, base64url, uuid } from '../../core/ids';
import { RingSigner, verifyWithRing } from '../../core/keys';
import { NextTokenClaims, RequestRecorder } from '../../core/recorder';
import { StateMap } from '../../core/state';
import { OAuthError, type WireError } from '../../errors';
import { errorBoundary, renderError } from '../../errors/render';
import type { ClientStoreBridge, ModelEntry } from '../../oidc/adapter';
import { createRegistrationEngine, type RegistrationEngine } from '../../oidc/registration';
import {
  type ClientRegistry,
  RegistryError,
  type Route,
  recordRequests,
  type Tenant,
  type TenantEnv,
  tokenState,
} from '../../tenant';
import { endpointPaths, jwksKey, keySetDocument, sendJson, splitScope, staticJson, withExtraClaims } from '../kit';

type Config = TenantConfigOf<'curity'>;
/** A client: seeded from config, or registered through RFC 7591 (then `metadata` is what was registered). */
export type CurityClient = Config['clients'][number] & { metadata?: AdapterPayload };

const REGISTRATION_PATH = '/token-service/oauth-registration';
/** oidc-provider's own limit for the bodies it parses (lib/shared/selective_body.js). */
const REGISTRATION_BODY_LIMIT = 56 * 1024;
/** The scope that makes a client_credentials token an initial access token for registration (curity.io). */
const DCR_SCOPE = 'dcr';

const ANONYMOUS = '/oauth/v2/oauth-anonymous';
const TOKEN_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Pragma: 'no-cache' };
const DOCUMENT_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' };

/** Opaque tokens kept for introspection; expired ones are swept when the map grows past this size. */
const OPAQUE_SWEEP_AT = 10_000;

interface OpaqueToken {
  claims: Record<string, unknown>;
  clientId: string;
  exp: number;
}

// Curity's token endpoint errors are RFC 6749 bodies; whether it adds error_description is UNCONFIRMED
// (vendors.md §2.1 shows `{"error":"invalid_client"}` and `{"error":"invalid_scope"}`), so none is added.
interface CuritySnapshot {
  clients: CurityClient[];
  registrationTokens: [string, ModelEntry][];
}

const bare = (status: number, error: string) => new OAuthError(status, error);

export class CurityTenant implements Tenant {
  readonly vendor = 'curity';
  readonly id: string;
  readonly baseUrl: string;
  readonly issuer: string;
  readonly recorder = new RequestRecorder();
  readonly nextClaims = new NextTokenClaims();
  readonly clients: StateMap<string, CurityClient>;
  /** oidc-provider's initial and registration access tokens (see oidc/adapter.ts). */
  readonly registrationTokens: StateMap<string, ModelEntry>;
  readonly #opaque = new Map<string, OpaqueToken>();
  #registration: Promise<RegistrationEngine> | undefined;
  readonly registry: ClientRegistry = {
    register: (input) => {
      const unknown = input.scopes.filter((s) => !this.config.scopes.includes(s));
      if (unknown.length > 0) throw new RegistryError(`scope: unknown scope values ${unknown.join(' ')}`);
      const clientId = alphanumeric(43);
      const client: CurityClient = {
        clientId,
        clientSecret: base64url(64),
        name: input.name,
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'client_secret_basic',
        scopes: [...input.scopes],
        tokenFormat: 'jwt',
      };
      this.clients.set(clientId, client);
      return { clientId, clientSecret: client.clientSecret, issuedAt: this.env.clock.epoch() };
    },
    rotateSecret: (clientId) => {
      const client = this.clients.get(clientId);
      if (!client) return undefined;
      const clientSecret = base64url(64);
      this.clients.set(clientId, {
        ...client,
        clientSecret,
        ...(client.metadata && { metadata: { ...client.metadata, client_secret: clientSecret } }),
      });
      return { clientId, clientSecret, issuedAt: this.env.clock.epoch() };
    },
    remove: (clientId) => this.clients.delete(clientId),
  };
  readonly #signer: RingSigner;

  constructor(
    readonly config: Config,
    readonly env: TenantEnv,
  ) {
    this.clients = new StateMap(env.changes);
    this.registrationTokens = new StateMap(env.changes);
    this.id = config.id;
    this.baseUrl = `${env.origin}/${config.id}`;
    this.issuer = `${this.baseUrl}${ANONYMOUS}`;
    // Curity's JWT header as seen in its examples: kid and alg (x5t when a certificate is configured).
    this.#signer = new RingSigner(env.keys, (key) => ({ kid: key.kid, alg: 'RS256' }));
    this.reset();
  }

  get keys() {
    return this.env.keys;
  }

  /** A bare `invalid_request` with 405, as on its token endpoint (Curity's exact answer is UNCONFIRMED). */
  wrongMethod(allowed: string[]): Middleware[] {
    return [
      (ctx) =>
        renderError(ctx, bare(405, 'invalid_request'), {
          clock: this.env.clock,
          headers: { ...TOKEN_HEADERS, Allow: allowed.join(', ') },
        }),
    ];
  }

  /** Token endpoint errors fault rules can name (Curity's bare RFC 6749 bodies). */
  readonly faultErrorNames = ['invalid_client', 'invalid_scope', 'unauthorized_client'];

  faultError(name: string): WireError | undefined {
    if (name === 'invalid_client') return bare(401, 'invalid_client');
    if (name === 'invalid_scope' || name === 'unauthorized_client') return bare(400, name);
    return undefined;
  }

  /** Opaque reference tokens are not saved: after a restart they introspect as inactive, like tokens of a new node. */
  snapshot(): CuritySnapshot {
    return { clients: [...this.clients.values()], registrationTokens: [...this.registrationTokens] };
  }

  restore(snapshot: unknown): void {
    const saved = snapshot as CuritySnapshot;
    this.clients.load(saved.clients.map((c) => [c.clientId, c]));
    this.registrationTokens.load(saved.registrationTokens);
  }

  reset(): void {
    this.clients.clear();
    this.registrationTokens.clear();
    for (const client of this.config.clients) this.clients.set(client.clientId, { ...client, scopes: [...client.scopes] });
    this.#opaque.clear();
    // Registration and initial access tokens live in the engine: a reset starts a fresh one when next needed.
    this.#registration = undefined;
    this.recorder.clear();
    this.nextClaims.clear();
  }

  routes(): Route[] {
    const boundary = errorBoundary({
      clock: this.env.clock,
      headers: TOKEN_HEADERS,
      bodyError: (problem) => (problem === 'too_large' ? bare(413, 'invalid_request') : bare(400, 'invalid_request')),
      serverError: () => bare(500, 'server_error'),
    });
    const wrongMethod = [
      boundary,
      () => {
        // RFC 6749 §3.2 requires POST; Curity's exact answer to GET is UNCONFIRMED.
        throw bare(405, 'invalid_request');
      },
    ];
    const paths = endpointPaths(curity.tokenEndpoints[0]);
    return [
      {
        method: 'GET',
        path: paths.discovery,
        endpoint: 'discovery',
        steps: [staticJson(this.discovery(), DOCUMENT_HEADERS)],
      },
      {
        method: 'GET',
        path: `${ANONYMOUS}/.well-known/oauth-authorization-server`,
        endpoint: 'discovery',
        steps: [staticJson(this.discovery(), DOCUMENT_HEADERS)],
      },
      {
        endpoint: 'jwks',
        method: 'GET',
        path: paths.jwks,
        steps: [keySetDocument(this.keys, (keys) => this.jwks(keys), DOCUMENT_HEADERS)],
      },
      {
        method: 'POST',
        path: paths.token,
        endpoint: 'token',
        steps: [
          recordRequests(this.recorder, this.env.clock),
          boundary,
          this.readParams,
          this.requireClientCredentialsGrant,
          this.authenticateClient,
          this.mintToken,
        ],
      },
      { endpoint: 'token', method: 'ALL', path: paths.token, steps: wrongMethod },
      {
        method: 'POST',
        path: '/oauth/v2/oauth-introspect',
        endpoint: 'introspection',
        steps: [
          recordRequests(this.recorder, this.env.clock),
          boundary,
          this.readParams,
          this.authenticateClient,
          this.introspect,
        ],
      },
      { endpoint: 'introspection', method: 'ALL', path: '/oauth/v2/oauth-introspect', steps: wrongMethod },
      // RFC 7591 registration and RFC 7592 management, served by oidc-provider (vendors.md §2.3).
      // RFC 7591 registers with POST; RFC 7592 reads, updates and deletes the client's own URL.
      { method: 'POST', path: REGISTRATION_PATH, steps: [boundary, this.limitRegistrationBody, this.handOverToRegistration] },
      ...(['GET', 'PUT', 'DELETE'] as const).map((method) => ({
        method,
        path: `${REGISTRATION_PATH}/:clientId`,
        steps: [boundary, this.limitRegistrationBody, this.handOverToRegistration],
      })),
    ];
  }

  readParams = async (ctx: Context, next: Next): Promise<void> => {
    const type = mediaType(ctx);
    if (type !== 'form' && type !== 'none') throw bare(400, 'invalid_request');
    const state = tokenState(ctx);
    state.params = parseForm(await readBody(ctx));
    if (state.params.repeated.length > 0) throw bare(400, 'invalid_request');
    await next();
  };

  requireClientCredentialsGrant = async (ctx: Context, next: Next): Promise<void> => {
    const grantType = tokenState(ctx).params?.values.grant_type;
    if (!grantType) throw bare(400, 'invalid_request');
    if (grantType !== 'client_credentials') throw bare(400, 'unsupported_grant_type');
    await next();
  };

  authenticateClient = async (ctx: Context, next: Next): Promise<void> => {
    const state = tokenState(ctx);
    const credentials = clientCredentials(ctx.get('authorization') || undefined, state.params?.values ?? {});
    state.credentials = credentials;
    if (credentials.method === 'multiple') throw bare(400, 'invalid_request');
    const client = credentials.clientId === undefined ? undefined : this.clients.get(credentials.clientId);
    if (!client || !secretMatches(client.clientSecret, credentials)) throw bare(401, 'invalid_client');
    ctx.state.client = client;
    await next();
  };

  mintToken = async (ctx: Context): Promise<void> => {
    const client = ctx.state.client as CurityClient;
    if (!client.grantTypes.includes('client_credentials')) throw bare(400, 'unauthorized_client');
    const requested = splitScope(tokenState(ctx).params?.values.scope);
    if (requested.some((s) => !client.scopes.includes(s))) throw bare(400, 'invalid_scope');
    const ttl = this.config.tokenLifetime;
    if (requested.includes(DCR_SCOPE)) {
      // A `dcr` token is a single-use initial access token for the registration endpoint (vendors.md §2.3).
      const engine = await this.registration();
      const accessToken = await engine.mintInitialAccessToken(ttl);
      sendJson(
        ctx,
        200,
        { access_token: accessToken, scope: requested.join(' '), token_type: 'bearer', expires_in: ttl },
        TOKEN_HEADERS,
      );
      return;
    }
    // No scope requested: the client's configured scopes apply (vendors.md §0.1, "client defaults apply"), except
    // `dcr`, which a token carries only when asked for ("If dcr is not requested, the token lacks it").
    const scope = (requested.length > 0 ? requested : client.scopes.filter((s) => s !== DCR_SCOPE)).join(' ');
    const now = this.env.clock.epoch();
    // Claim set and order of Curity's example payloads (vendors.md §2.1, CONFIRMED).
    const claims = withExtraClaims(
      ctx,
      {
        jti: uuid(),
        delegationId: uuid(),
        exp: now + ttl,
        nbf: now,
        scope,
        iss: this.issuer,
        sub: client.clientId,
        aud: client.audience ?? client.clientId,
        iat: now,
        purpose: 'access_token',
      },
      this.nextClaims.take(client.clientId),
    );
    let accessToken: string;
    if (client.tokenFormat === 'opaque') {
      // Curity reference tokens look like `_0XBPWQQ_<uuid>` in its examples.
      accessToken = `_0XBPWQQ_${uuid()}`;
      this.storeOpaque(accessToken, { claims, clientId: client.clientId, exp: Number(claims.exp) });
    } else {
      accessToken = this.#signer.sign(claims);
    }
    sendJson(ctx, 200, { access_token: accessToken, scope, token_type: 'bearer', expires_in: ttl }, TOKEN_HEADERS);
  };

  /**
   * oidc-provider parses registration bodies up to 56 KiB and answers anything bigger with a 400 of its own; a
   * declared length over that is refused first, as a 413 in the token endpoint's dialect.
   */
  limitRegistrationBody = async (ctx: Context, next: Next): Promise<void> => {
    if (Number(ctx.get('content-length') || 0) > REGISTRATION_BODY_LIMIT) throw bare(413, 'invalid_request');
    // A chunked body has no declared length: it is read here, against the same limit, and handed over read.
    if (!ctx.get('content-length') && ctx.get('transfer-encoding')) {
      try {
        ctx.state.registrationBody = await readBody(ctx, REGISTRATION_BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyError && error.problem === 'too_large') throw bare(413, 'invalid_request');
        throw error;
      }
    }
    await next();
  };

  handOverToRegistration = async (ctx: Context): Promise<void> => {
    const engine = await this.registration();
    await engine.handle(ctx, `/${this.id}`, ctx.state.registrationBody as Buffer | undefined);
  };

  registration(): Promise<RegistrationEngine> {
    this.#registration ??= createRegistrationEngine({
      issuer: this.issuer,
      key: this.keys.current,
      clients: this.clientBridge(),
      models: this.registrationTokens,
      changes: this.env.changes,
      scopes: [...this.config.scopes, DCR_SCOPE],
      registrationPath: REGISTRATION_PATH,
      rotateOnRead: true,
    });
    return this.#registration;
  }

  /** The tenant's client map, seen by oidc-provider as RFC 7591 metadata. */
  clientBridge(): ClientStoreBridge {
    return {
      find: (clientId) => {
        const client = this.clients.get(clientId);
        if (!client) return undefined;
        return (
          client.metadata ?? {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            client_name: client.name,
            grant_types: client.grantTypes,
            response_types: [],
            redirect_uris: [],
            token_endpoint_auth_method: client.tokenEndpointAuthMethod,
            scope: client.scopes.join(' '),
          }
        );
      },
      upsert: (clientId, metadata) => {
        this.clients.set(clientId, {
          clientId,
          clientSecret: String(metadata.client_secret ?? ''),
          name: typeof metadata.client_name === 'string' ? metadata.client_name : clientId,
          grantTypes: Array.isArray(metadata.grant_types) ? (metadata.grant_types as string[]) : ['client_credentials'],
          tokenEndpointAuthMethod:
            (metadata.token_endpoint_auth_method as CurityClient['tokenEndpointAuthMethod']) ?? 'client_secret_basic',
          scopes: typeof metadata.scope === 'string' ? splitScope(metadata.scope) : [],
          tokenFormat: 'jwt',
          metadata,
        });
      },
      destroy: (clientId) => {
        this.clients.delete(clientId);
      },
    };
  }

  storeOpaque(token: string, entry: OpaqueToken): void {
    if (this.#opaque.size >= OPAQUE_SWEEP_AT) {
      const now = this.env.clock.epoch();
      for (const [key, value] of this.#opaque) if (value.exp <= now) this.#opaque.delete(key);
    }
    this.#opaque.set(token, entry);
  }

  /** RFC 7662: `{"active":false}` for anything unknown, expired, or not issued here. */
  introspect = (ctx: Context): void => {
    const token = tokenState(ctx).params?.values.token;
    if (!token) throw bare(400, 'invalid_request');
    const claims = this.#opaque.get(token)?.claims ?? this.verifyOwnJwt(token);
    const now = this.env.clock.epoch();
    if (!claims || Number(claims.exp) <= now || Number(claims.nbf ?? 0) > now) {
      sendJson(ctx, 200, { active: false }, TOKEN_HEADERS);
      return;
    }
    // Curity's introspection output (vendors.md §2.1): the token's claims plus active, token_type, client_id.
    sendJson(ctx, 200, { active: true, token_type: 'bearer', client_id: claims.sub, ...claims }, TOKEN_HEADERS);
  };

  verifyOwnJwt(token: string): Record<string, unknown> | undefined {
    return verifyWithRing(this.keys, token);
  }

  // Curity's discovery document for the anonymous profile (vendors.md §2.2); endpoint names are the defaults.
  discovery(): Record<string, unknown> {
    const base = `${this.baseUrl}/oauth/v2`;
    const scopes = [...new Set(this.config.clients.flatMap((c) => c.scopes))];
    return {
      issuer: this.issuer,
      authorization_endpoint: `${base}/oauth-authorize`,
      token_endpoint: `${base}/oauth-token`,
      userinfo_endpoint: `${base}/oauth-userinfo`,
      introspection_endpoint: `${base}/oauth-introspect`,
      revocation_endpoint: `${base}/oauth-revoke`,
      end_session_endpoint: `${base}/oauth-session/logout`,
      jwks_uri: `${this.issuer}/jwks`,
      registration_endpoint: `${this.baseUrl}${REGISTRATION_PATH}`,
      response_types_supported: [
        'code',
        'token',
        'id_token',
        'code id_token',
        'code token',
        'id_token token',
        'code id_token token',
      ],
      grant_types_supported: [
        'authorization_code',
        'client_credentials',
        'refresh_token',
        'implicit',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'tls_client_auth'],
      scopes_supported: ['openid', ...scopes],
      subject_types_supported: ['public', 'pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  jwks(keys = this.keys.published()): { keys: Record<string, string>[] } {
    return { keys: keys.map((key) => jwksKey(key, ['alg', 'use'])) };
  }

  manifest(): ManifestTenant {
    const demo = this.config.clients.find((c) => !c.scopes.includes(DCR_SCOPE));
    const dcrClient = this.config.clients.find((c) => c.scopes.includes(DCR_SCOPE));
    return {
      id: this.id,
      vendor: 'curity',
      baseUrl: this.baseUrl,
      issuer: this.issuer,
      discoveryUrl: `${this.issuer}/.well-known/openid-configuration`,
      jwksUri: `${this.issuer}/jwks`,
      tokenEndpoint: `${this.baseUrl}/oauth/v2/oauth-token`,
      introspectionEndpoint: `${this.baseUrl}/oauth/v2/oauth-introspect`,
      demoClient: {
        clientId: demo?.clientId ?? '',
        clientSecret: demo?.clientSecret ?? '',
        params: { scope: demo?.scopes.join(' ') ?? '' },
      },
      registration: {
        style: 'rfc7591',
        endpoint: `${this.baseUrl}${REGISTRATION_PATH}`,
        credentials: { clientId: dcrClient?.clientId ?? '', clientSecret: dcrClient?.clientSecret ?? '', scope: DCR_SCOPE },
        live: true,
      },
    };
  }

  banner(showSecrets: boolean): string[] {
    const m = this.manifest();
    return [
      `token     POST ${m.tokenEndpoint}`,
      `discovery ${m.discoveryUrl}`,
      `demo      client_id=${m.demoClient.clientId} client_secret=${showSecrets ? m.demoClient.clientSecret : '(from your config)'} scope=${m.demoClient.params.scope ?? ''}`,
    ];
  }
}
