/**
 * Okta persona (../shared/reference/vendors.md §3): custom authorization servers under /oauth2/{authServerId}
 * and the org authorization server under /oauth2/v1. Sources are cited next to each behaviour.
 */
import type { Context, Middleware, Next } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { okta } from '../../../shared/vendors';
import type { TenantConfigOf } from '../../config';
import { clientCredentials, mediaType, parseForm, readBody, secretMatches } from '../../core/http';
import { base64url } from '../../core/ids';
import { RingSigner } from '../../core/keys';
import { NextTokenClaims, RequestRecorder } from '../../core/recorder';
import { StateMap } from '../../core/state';
import { OAuthError, OktaApiError, type WireError } from '../../errors';
import { errorBoundary, renderError } from '../../errors/render';
import {
  type ClientRegistry,
  RegistryError,
  type Route,
  recordRequests,
  type Tenant,
  type TenantEnv,
  tokenState,
} from '../../tenant';
import { endpointPaths, jwksKey, keySetDocument, sendJson, splitScope, withExtraClaims } from '../kit';
import { OktaClientsApi } from './clients';

type Config = TenantConfigOf<'okta'>;
type AuthServerConfig = Config['authServers'][number];

export interface OktaClient {
  clientId: string;
  clientSecret: string;
  issuedAt: number;
  name: string;
  applicationType: string;
  grantTypes: string[];
  tokenEndpointAuthMethod: string;
  redirectUris: string[];
  responseTypes: string[];
  clientUri: string | null;
  logoUri: string | null;
}

// The content type Okta's APIs answer with (okta-developer-docs, DCR reference: `application/json;charset=UTF-8`).
const JSON_TYPE = 'application/json;charset=UTF-8';
// Cache headers as RFC 6749 §5.1 requires; Okta's exact set on /v1/token is UNCONFIRMED.
const TOKEN_HEADERS = { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache, no-store', Pragma: 'no-cache', Expires: '0' };
const DOCUMENT_HEADERS = { 'Content-Type': JSON_TYPE, 'Cache-Control': 'max-age=86400, must-revalidate' };

// Okta's token endpoint descriptions, verbatim from the sources in vendors.md §3.1.
const WRONG_SECRET = 'The client secret supplied for a confidential client is invalid.'; // CONFIRMED
const UNKNOWN_CLIENT = "Invalid value for 'client_id' parameter."; // CONFIRMED (Okta DCR docs)
const NO_DEFAULT_SCOPES =
  "The authorization server resource does not have any configured default scopes, 'scope' must be provided."; // requests-oauthlib#463
const UNKNOWN_SCOPE = 'One or more scopes are not configured for the authorization server resource.'; // CONFIRMED
const CUSTOM_SCOPES_ON_ORG = 'Custom scopes are not allowed for this request.'; // devforum.okta.com (org AS)

/**
 * Okta's rate-limit answer on every endpoint: 429 with E0000047 "API call exceeded rate limit due to too many
 * requests." (okta-developer-docs "Rate limits"; the text is seen in firezone/firezone#6735). Okta also sends
 * X-Rate-Limit-* headers, which the harness does not.
 */
const rateLimited = () => new OktaApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.');

/** Scopes Okta defines on every authorization server that a client_credentials token may not carry. */
const USER_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso']);

export class OktaTenant implements Tenant {
  readonly vendor = 'okta';
  readonly id: string;
  readonly baseUrl: string;
  readonly recorder = new RequestRecorder();
  readonly nextClaims = new NextTokenClaims();
  readonly clients: StateMap<string, OktaClient>;
  readonly authServers: ReadonlyMap<string, AuthServerConfig>;
  readonly clientsApi = new OktaClientsApi(this);
  /** The bridge registers service apps, as Kong's reference bridge does for client_credentials (vendors.md §5.3). */
  readonly registry: ClientRegistry = {
    register: (input) => {
      try {
        const client = this.clientsApi.createClient({
          client_name: input.name,
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          redirect_uris: [],
        });
        return { clientId: client.clientId, clientSecret: client.clientSecret, issuedAt: client.issuedAt };
      } catch (error) {
        if (error instanceof OAuthError) throw new RegistryError(error.description ?? error.error);
        throw error;
      }
    },
    rotateSecret: (clientId) => {
      const client = this.clientsApi.rotate(clientId);
      return client && { clientId, clientSecret: client.clientSecret, issuedAt: client.issuedAt };
    },
    remove: (clientId) => this.clients.delete(clientId),
  };
  readonly #signer: RingSigner;

  constructor(
    readonly config: Config,
    readonly env: TenantEnv,
  ) {
    this.clients = new StateMap(env.changes);
    this.id = config.id;
    this.baseUrl = `${env.origin}/${config.id}`;
    this.authServers = new Map(config.authServers.map((s) => [s.id, s]));
    // Okta access-token headers carry only kid and alg (okta-developer-docs, "Validate access tokens").
    this.#signer = new RingSigner(env.keys, (key) => ({ kid: key.kid, alg: 'RS256' }));
    this.reset();
  }

  get keys() {
    return this.env.keys;
  }

  /** E0000022 (the wording is UNCONFIRMED, as on the token endpoint), with the methods the path serves. */
  wrongMethod(allowed: string[]): Middleware[] {
    return [
      (ctx) => {
        renderError(ctx, new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'), {
          clock: this.env.clock,
          headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache, no-store', Allow: allowed.join(', ') },
        });
      },
    ];
  }

  /** Token endpoint errors fault rules can name. */
  readonly faultErrorNames = ['invalid_client', 'invalid_scope', 'E0000047'];

  faultError(name: string): WireError | undefined {
    if (name === 'invalid_client') return new OAuthError(401, 'invalid_client', WRONG_SECRET);
    if (name === 'invalid_scope') return new OAuthError(400, 'invalid_scope', UNKNOWN_SCOPE);
    if (name === 'E0000047') return rateLimited();
    return undefined;
  }

  snapshot(): { clients: OktaClient[] } {
    return { clients: [...this.clients.values()] };
  }

  restore(snapshot: unknown): void {
    this.clients.load((snapshot as { clients: OktaClient[] }).clients.map((c) => [c.clientId, c]));
  }

  issuerOf(authServerId: string | null): string {
    return authServerId === null ? this.baseUrl : `${this.baseUrl}/oauth2/${authServerId}`;
  }

  reset(): void {
    this.clients.clear();
    const issuedAt = this.env.clock.epoch();
    for (const client of this.config.clients) {
      this.clients.set(client.clientId, {
        ...client,
        issuedAt,
        applicationType: 'service',
        grantTypes: [...client.grantTypes],
        redirectUris: [],
        responseTypes: ['token'],
        clientUri: null,
        logoUri: null,
      });
    }
    this.recorder.clear();
    this.nextClaims.clear();
  }

  routes(): Route[] {
    const boundary = errorBoundary({
      clock: this.env.clock,
      headers: TOKEN_HEADERS,
      bodyError: (problem) =>
        problem === 'too_large'
          ? new OAuthError(413, 'invalid_request', 'The request body is too large.')
          : new OAuthError(400, 'invalid_request', 'The request body is malformed.'),
      serverError: () => new OAuthError(500, 'server_error', 'The server encountered an internal error.'),
      injected: (status) => (status === 429 ? rateLimited() : undefined),
    });
    const token = (org: boolean) => [
      recordRequests(this.recorder, this.env.clock),
      boundary,
      this.findAuthServer(org),
      this.readParams,
      this.requireClientCredentialsGrant,
      this.authenticateClient(org),
      this.mintToken,
    ];
    const documents = (org: boolean) => [boundary, this.findAuthServer(org)];
    // E0000022 is Okta's "The endpoint does not support the provided HTTP method" (UNCONFIRMED for /v1/token).
    const wrongMethod = [
      boundary,
      () => {
        throw new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
      },
    ];
    const [customEndpoint, orgEndpoint] = okta.tokenEndpoints;
    const custom = endpointPaths(customEndpoint);
    const org = endpointPaths(orgEndpoint);
    return [
      // Custom authorization servers (okta-developer-docs: /oauth2/{authServerId}/…).
      {
        method: 'GET',
        path: custom.discovery,
        endpoint: 'discovery',
        steps: [...documents(false), this.serveDiscovery('openid-configuration')],
      },
      {
        method: 'GET',
        path: '/oauth2/:authServerId/.well-known/oauth-authorization-server',
        endpoint: 'discovery',
        steps: [...documents(false), this.serveDiscovery('oauth-authorization-server')],
      },
      {
        method: 'GET',
        path: custom.jwks,
        endpoint: 'jwks',
        steps: [
          ...documents(false),
          this.requireAuthServer,
          keySetDocument(this.keys, (keys) => this.jwks(keys), DOCUMENT_HEADERS),
        ],
      },
      { endpoint: 'token', method: 'POST', path: custom.token, steps: token(false) },
      { endpoint: 'token', method: 'ALL', path: custom.token, steps: wrongMethod },
      // The org authorization server (issuer = the org URL).
      {
        method: 'GET',
        path: org.discovery,
        endpoint: 'discovery',
        steps: [...documents(true), this.serveDiscovery('openid-configuration')],
      },
      {
        method: 'GET',
        path: '/.well-known/oauth-authorization-server',
        endpoint: 'discovery',
        steps: [...documents(true), this.serveDiscovery('oauth-authorization-server')],
      },
      {
        endpoint: 'jwks',
        method: 'GET',
        path: org.jwks,
        steps: [keySetDocument(this.keys, (keys) => this.jwks(keys), DOCUMENT_HEADERS)],
      },
      { endpoint: 'token', method: 'POST', path: org.token, steps: token(true) },
      { endpoint: 'token', method: 'ALL', path: org.token, steps: wrongMethod },
      // The Dynamic Client Registration API (vendors.md §3.3).
      ...this.clientsApi.routes(
        errorBoundary({
          clock: this.env.clock,
          headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache, no-store', Pragma: 'no-cache' },
          bodyError: (problem) =>
            problem === 'too_large'
              ? new OktaApiError(413, 'E0000003', 'The request body was not well-formed.')
              : new OktaApiError(400, 'E0000003', 'The request body was not well-formed.'),
          serverError: () => new OktaApiError(500, 'E0000009', 'Internal Server Error'),
        }),
      ),
    ];
  }

  findAuthServer(org: boolean) {
    return async function findAuthServer(this: void, ctx: Context, next: Next): Promise<void> {
      ctx.state.authServerId = org ? null : ctx.params.authServerId;
      await next();
    };
  }

  requireAuthServer = async (ctx: Context, next: Next): Promise<void> => {
    this.authServer(ctx);
    await next();
  };

  /** An unknown authorization server is an unknown resource (E0000007, as for clients in vendors.md §3.3). */
  authServer(ctx: Context): AuthServerConfig | null {
    const id = ctx.state.authServerId as string | null;
    if (id === null) return null;
    const server = this.authServers.get(id);
    if (!server) throw new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (AuthorizationServer)`);
    return server;
  }

  // Okta's token endpoint takes form bodies only; a JSON body is refused (the wording is UNCONFIRMED, §8.5).
  readParams = async (ctx: Context, next: Next): Promise<void> => {
    this.authServer(ctx);
    const type = mediaType(ctx);
    if (type !== 'form' && type !== 'none') {
      throw new OAuthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded.');
    }
    const state = tokenState(ctx);
    state.params = parseForm(await readBody(ctx));
    const repeated = state.params.repeated[0];
    if (repeated) throw new OAuthError(400, 'invalid_request', `The '${repeated}' parameter was provided more than once.`);
    await next();
  };

  requireClientCredentialsGrant = async (ctx: Context, next: Next): Promise<void> => {
    const grantType = tokenState(ctx).params?.values.grant_type;
    if (!grantType) throw new OAuthError(400, 'invalid_request', "The 'grant_type' parameter is required.");
    if (grantType !== 'client_credentials') {
      throw new OAuthError(
        400,
        'unsupported_grant_type',
        `The authorization grant type is not supported by the authorization server. '${grantType}'`,
      );
    }
    await next();
  };

  authenticateClient(org: boolean) {
    return async (ctx: Context, next: Next): Promise<void> => {
      const state = tokenState(ctx);
      const credentials = clientCredentials(ctx.get('authorization') || undefined, state.params?.values ?? {});
      state.credentials = credentials;
      if (credentials.method === 'multiple') {
        throw new OAuthError(
          400,
          'invalid_request',
          'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.',
        );
      }
      const client = credentials.clientId === undefined ? undefined : this.clients.get(credentials.clientId);
      if (credentials.clientId !== undefined && !client) throw new OAuthError(401, 'invalid_client', UNKNOWN_CLIENT);
      if (!client || credentials.method === 'none' || credentials.method === 'malformed_basic') {
        throw new OAuthError(
          401,
          'invalid_client',
          'Client authentication failed. Either the client or the client credentials are invalid.',
        );
      }
      if (!secretMatches(client.clientSecret, credentials)) throw new OAuthError(401, 'invalid_client', WRONG_SECRET);
      if (!client.grantTypes.includes('client_credentials')) {
        // vendors.md §3.1 (PARTIAL: the "Configured grant types: [..]" tail is confirmed).
        throw new OAuthError(
          400,
          'unauthorized_client',
          `The client is not authorized to use the provided grant type. Configured grant types: [${client.grantTypes.join(', ')}].`,
        );
      }
      if (org) {
        // The org server needs private_key_jwt for client credentials ("Implement OAuth for Okta with a service
        // app"); the harness does not verify client assertions, so a secret is refused (wording UNCONFIRMED).
        const scopes = splitScope(state.params?.values.scope);
        if (scopes.some((s) => !s.startsWith('okta.'))) throw new OAuthError(400, 'invalid_scope', CUSTOM_SCOPES_ON_ORG);
        throw new OAuthError(
          401,
          'invalid_client',
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
        );
      }
      ctx.state.client = client;
      await next();
    };
  }

  mintToken = (ctx: Context): void => {
    const server = this.authServer(ctx) as AuthServerConfig;
    const client = ctx.state.client as OktaClient;
    const requested = splitScope(tokenState(ctx).params?.values.scope);
    let scopes = requested;
    if (scopes.length === 0) {
      scopes = server.scopes.filter((s) => s.default).map((s) => s.name);
      if (scopes.length === 0) throw new OAuthError(400, 'invalid_scope', NO_DEFAULT_SCOPES);
    }
    // Konnect's docs warn that `openid` blocks client credentials; Okta answers invalid_scope (text UNCONFIRMED).
    const userScopes = scopes.filter((s) => USER_SCOPES.has(s));
    if (userScopes.length > 0) {
      throw new OAuthError(
        400,
        'invalid_scope',
        `The following scopes are not allowed for the client_credentials grant type: ${userScopes.join(', ')}`,
      );
    }
    if (scopes.some((s) => !server.scopes.some((known) => known.name === s)))
      throw new OAuthError(400, 'invalid_scope', UNKNOWN_SCOPE);

    const iat = this.env.clock.epoch();
    // Claim set and order from Okta's documented access token (okta-developer-docs, "Access token" reference).
    const claims: Record<string, unknown> = {
      ver: 1,
      jti: `AT.${base64url(32)}`,
      iss: this.issuerOf(server.id),
      aud: server.audience,
      iat,
      exp: iat + server.tokenLifetime,
      cid: client.clientId,
      scp: scopes,
      sub: client.clientId,
    };
    for (const [name, expression] of Object.entries(server.claims))
      if (expression === 'app.clientId') claims[name] = client.clientId;
    const accessToken = this.#signer.sign(withExtraClaims(ctx, claims, this.nextClaims.take(client.clientId)));
    sendJson(
      ctx,
      200,
      { token_type: 'Bearer', expires_in: server.tokenLifetime, access_token: accessToken, scope: scopes.join(' ') },
      TOKEN_HEADERS,
    );
  };

  serveDiscovery(kind: 'openid-configuration' | 'oauth-authorization-server') {
    const cache = new Map<string, string>();
    return (ctx: Context): void => {
      const server = this.authServer(ctx);
      const key = server?.id ?? '';
      let text = cache.get(key);
      if (text === undefined) {
        text = JSON.stringify(this.discovery(server, kind));
        cache.set(key, text);
      }
      ctx.status = 200;
      ctx.set(DOCUMENT_HEADERS);
      ctx.body = text;
    };
  }

  // okta-developer-docs (vendors.md §3.2): issuer, token_endpoint, jwks_uri and the org-level
  // registration_endpoint are CONFIRMED; the other members follow Okta's published metadata.
  discovery(
    server: AuthServerConfig | null,
    kind: 'openid-configuration' | 'oauth-authorization-server',
  ): Record<string, unknown> {
    const issuer = this.issuerOf(server?.id ?? null);
    const v1 = server ? `${issuer}/v1` : `${this.baseUrl}/oauth2/v1`;
    const scopes = [
      'openid',
      'profile',
      'email',
      'address',
      'phone',
      'offline_access',
      'device_sso',
      ...(server?.scopes.map((s) => s.name) ?? []),
    ];
    const doc: Record<string, unknown> = {
      issuer,
      authorization_endpoint: `${v1}/authorize`,
      token_endpoint: `${v1}/token`,
      registration_endpoint: `${this.baseUrl}/oauth2/v1/clients`,
      jwks_uri: `${v1}/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
      response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
      grant_types_supported: [
        'authorization_code',
        'implicit',
        'refresh_token',
        'password',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
      subject_types_supported: ['public'],
      scopes_supported: scopes,
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'client_secret_jwt',
        'private_key_jwt',
        'none',
      ],
      code_challenge_methods_supported: ['S256'],
      introspection_endpoint: `${v1}/introspect`,
      introspection_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'client_secret_jwt',
        'private_key_jwt',
        'none',
      ],
      revocation_endpoint: `${v1}/revoke`,
      revocation_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'client_secret_jwt',
        'private_key_jwt',
        'none',
      ],
      end_session_endpoint: `${v1}/logout`,
      request_parameter_supported: true,
      request_object_signing_alg_values_supported: [
        'HS256',
        'HS384',
        'HS512',
        'RS256',
        'RS384',
        'RS512',
        'ES256',
        'ES384',
        'ES512',
      ],
      device_authorization_endpoint: `${v1}/device/authorize`,
    };
    if (kind === 'openid-configuration') {
      doc.userinfo_endpoint = `${v1}/userinfo`;
      doc.id_token_signing_alg_values_supported = ['RS256'];
      doc.claims_supported = [
        'iss',
        'ver',
        'sub',
        'aud',
        'iat',
        'exp',
        'jti',
        'auth_time',
        'amr',
        'idp',
        'nonce',
        'name',
        'nickname',
        'preferred_username',
        'given_name',
        'middle_name',
        'family_name',
        'email',
        'email_verified',
        'profile',
        'zoneinfo',
        'locale',
        'address',
        'phone_number',
        'picture',
        'website',
        'gender',
        'birthdate',
        'updated_at',
        'at_hash',
        'c_hash',
      ];
    }
    return doc;
  }

  // Okta's /v1/keys members: kty, alg, kid, use, e, n (okta-developer-docs "keys" response).
  jwks(keys = this.keys.published()): { keys: Record<string, string>[] } {
    return { keys: keys.map((key) => jwksKey(key, ['alg', 'use'])) };
  }

  manifest(): ManifestTenant {
    const demo = this.config.clients[0];
    const server = this.config.authServers[0] as AuthServerConfig;
    const issuer = this.issuerOf(server.id);
    return {
      id: this.id,
      vendor: 'okta',
      baseUrl: this.baseUrl,
      authServerId: server.id,
      audience: server.audience,
      issuer,
      discoveryUrl: `${issuer}/.well-known/openid-configuration`,
      jwksUri: `${issuer}/v1/keys`,
      tokenEndpoint: `${issuer}/v1/token`,
      demoClient: {
        clientId: demo?.clientId ?? '',
        clientSecret: demo?.clientSecret ?? '',
        params: {
          scope: server.scopes
            .map((s) => s.name)
            .slice(0, 1)
            .join(' '),
        },
      },
      registration: {
        style: 'okta-clients',
        endpoint: `${this.baseUrl}/oauth2/v1/clients`,
        credentials: { apiToken: this.config.apiToken },
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
