/**
 * Auth0 persona (../shared/reference/vendors.md §1). Sources for each behaviour are cited next to it.
 */
import type { Context, Middleware, Next } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { auth0 } from '../../../shared/vendors';
import { AUTH0_MANAGEMENT_SCOPES, type TenantConfigOf } from '../../config';
import { clientCredentials, mediaType, parseForm, parseJsonParams, readBody, secretMatches } from '../../core/http';
import { RingSigner } from '../../core/keys';
import { NextTokenClaims, RequestRecorder } from '../../core/recorder';
import { StateMap } from '../../core/state';
import { Auth0ApiError, OAuthError, type WireError } from '../../errors';
import { errorBoundary } from '../../errors/render';
import {
  type ClientRegistry,
  RegistryError,
  type Route,
  recordRequests,
  type Tenant,
  type TenantEnv,
  tokenState,
} from '../../tenant';
import { endpointPaths, jwksKey, keySetDocument, sendJson, splitScope, staticJson, withExtraClaims } from '../common';
import { Auth0ManagementApi, MANAGEMENT_HEADERS, newClientId, newClientSecret, openRegistration } from './management';

type Config = TenantConfigOf<'auth0'>;

export interface Auth0Api {
  identifier: string;
  name: string;
  scopes: string[];
  tokenLifetime: number;
  permissionsClaim: boolean;
}

export interface Auth0Client {
  clientId: string;
  clientSecret: string;
  name: string;
  description: string | null;
  appType: string | null;
  grantTypes: string[];
  tokenEndpointAuthMethod: string;
  clientMetadata: Record<string, string>;
  callbacks: string[];
  isFirstParty: boolean;
}

export interface Auth0ClientGrant {
  id: string;
  clientId: string;
  audience: string;
  scope: string[];
}

// Auth0 answers its token endpoint with these headers (captured responses show `cache-control: no-store` and
// `pragma: no-cache`; RFC 6749 §5.1 requires no-store).
const TOKEN_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};
const DOCUMENT_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=15' };

// auth0/node-auth0#682 and #134: a wrong secret and an unknown client both get 401 access_denied "Unauthorized".
interface Auth0Snapshot {
  apis: Auth0Api[];
  clients: Auth0Client[];
  grants: Auth0ClientGrant[];
}

const unauthorized = () => new OAuthError(401, 'access_denied', 'Unauthorized');
const grantNotAllowed = () =>
  new OAuthError(403, 'unauthorized_client', "Grant type 'client_credentials' not allowed for the client.", {
    error_uri: 'https://auth0.com/docs/clients/client-grant-types',
  });

export class Auth0Tenant implements Tenant {
  readonly vendor = 'auth0';
  readonly id: string;
  readonly baseUrl: string;
  readonly issuer: string;
  readonly recorder = new RequestRecorder();
  readonly nextClaims = new NextTokenClaims();
  readonly apis: StateMap<string, Auth0Api>;
  readonly clients: StateMap<string, Auth0Client>;
  readonly grants: StateMap<string, Auth0ClientGrant>;
  /**
   * What Konnect does through the Management API (vendors.md §5.2): a non-interactive client, then a client grant
   * for the tenant's first API with the requested scopes that API defines.
   */
  readonly registry: ClientRegistry = {
    register: (input) => {
      const api = this.config.apis[0];
      if (!api) throw new RegistryError('the tenant has no API to grant the client access to');
      const client: Auth0Client = {
        clientId: newClientId(),
        clientSecret: newClientSecret(),
        name: input.name,
        description: null,
        appType: 'non_interactive',
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'client_secret_post',
        clientMetadata: {},
        callbacks: input.redirectUris,
        isFirstParty: true,
      };
      this.clients.set(client.clientId, client);
      const id = `cgr_${newClientId().slice(0, 16)}`;
      this.grants.set(id, {
        id,
        clientId: client.clientId,
        audience: api.identifier,
        scope: input.scopes.filter((s) => api.scopes.includes(s)),
      });
      return { clientId: client.clientId, clientSecret: client.clientSecret, issuedAt: this.env.clock.epoch() };
    },
    rotateSecret: (clientId) => {
      const client = this.clients.get(clientId);
      if (!client) return undefined;
      const rotated = { ...client, clientSecret: newClientSecret() };
      this.clients.set(clientId, rotated);
      return { clientId, clientSecret: rotated.clientSecret, issuedAt: this.env.clock.epoch() };
    },
    remove: (clientId) => {
      for (const [id, grant] of this.grants) if (grant.clientId === clientId) this.grants.delete(id);
      return this.clients.delete(clientId);
    },
  };
  readonly #signer: RingSigner;

  constructor(
    readonly config: Config,
    readonly env: TenantEnv,
  ) {
    this.apis = new StateMap(env.changes);
    this.clients = new StateMap(env.changes);
    this.grants = new StateMap(env.changes);
    this.id = config.id;
    this.baseUrl = `${env.origin}/${config.id}`;
    // Auth0 issuers always end with "/" and equal the domain the token was requested from (vendors.md §1.1).
    this.issuer = `${this.baseUrl}/`;
    // Header of captured Auth0 access tokens: {"alg":"RS256","typ":"JWT","kid":…}.
    this.#signer = new RingSigner(env.keys, (key) => ({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
    this.reset();
  }

  get keys() {
    return this.env.keys;
  }

  /** hapi answers a method a route does not serve like an unknown route: Boom's 404 (as on the token endpoint). */
  wrongMethod(): Middleware[] {
    return [(ctx) => sendJson(ctx, 404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }, DOCUMENT_HEADERS)];
  }

  /** Token endpoint errors fault rules can name (the texts are the ones this persona answers with). */
  readonly faultErrorNames = ['access_denied', 'unauthorized_client'];

  faultError(name: string): WireError | undefined {
    if (name === 'access_denied') return unauthorized();
    if (name === 'unauthorized_client') return grantNotAllowed();
    return undefined;
  }

  snapshot(): Auth0Snapshot {
    return { apis: [...this.apis.values()], clients: [...this.clients.values()], grants: [...this.grants.values()] };
  }

  restore(snapshot: unknown): void {
    const saved = snapshot as Auth0Snapshot;
    this.apis.load(saved.apis.map((a) => [a.identifier, a]));
    this.clients.load(saved.clients.map((c) => [c.clientId, c]));
    this.grants.load(saved.grants.map((g) => [g.id, g]));
  }

  get managementAudience(): string {
    return `${this.baseUrl}/api/v2/`;
  }

  reset(): void {
    this.apis.clear();
    this.clients.clear();
    this.grants.clear();
    for (const api of this.config.apis) this.apis.set(api.identifier, { ...api, scopes: [...api.scopes] });
    // Every tenant has the Management API as a resource server (vendors.md §1.4).
    this.apis.set(this.managementAudience, {
      identifier: this.managementAudience,
      name: 'Auth0 Management API',
      scopes: [...AUTH0_MANAGEMENT_SCOPES],
      tokenLifetime: 86400,
      permissionsClaim: false,
    });
    const seeded = (client: {
      clientId: string;
      clientSecret: string;
      name: string;
      grantTypes: string[];
      tokenEndpointAuthMethod: string;
    }) => ({
      ...client,
      grantTypes: [...client.grantTypes],
      description: null,
      appType: 'non_interactive',
      clientMetadata: {},
      callbacks: [],
      isFirstParty: true,
    });
    let n = 0;
    const grant = (clientId: string, audience: string, scope: string[]) => {
      n += 1;
      const id = `cgr_seed${String(n).padStart(12, '0')}`;
      this.grants.set(id, { id, clientId, audience, scope: [...scope] });
    };
    for (const { scopes, ...client } of this.config.managementClients) {
      this.clients.set(client.clientId, seeded(client));
      grant(client.clientId, this.managementAudience, scopes);
    }
    for (const { grants, ...client } of this.config.clients) {
      this.clients.set(client.clientId, seeded(client));
      for (const g of grants) grant(client.clientId, g.audience, g.scope);
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
          ? new OAuthError(413, 'invalid_request', 'Payload content length greater than maximum allowed: 65536')
          : new OAuthError(400, 'invalid_request', 'Invalid request body'),
      serverError: () => new OAuthError(500, 'server_error', 'Internal Server Error'),
    });
    const paths = endpointPaths(auth0.tokenEndpoints[0]);
    return [
      { endpoint: 'discovery', method: 'GET', path: paths.discovery, steps: [staticJson(this.discovery(), DOCUMENT_HEADERS)] },
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
      // A wrong method on the token endpoint: Auth0 runs on hapi, whose unmatched route answers with Boom's
      // 404 body. UNCONFIRMED for /oauth/token specifically (vendors.md §1.1 has no source).
      {
        method: 'ALL',
        path: paths.token,
        endpoint: 'token',
        steps: [(ctx) => sendJson(ctx, 404, { statusCode: 404, error: 'Not Found', message: 'Not Found' }, DOCUMENT_HEADERS)],
      },
      ...new Auth0ManagementApi(this).routes(
        errorBoundary({
          clock: this.env.clock,
          headers: MANAGEMENT_HEADERS,
          bodyError: (problem) =>
            problem === 'too_large'
              ? new Auth0ApiError(413, 'Payload content length greater than maximum allowed: 65536')
              : problem === 'not_an_object'
                ? new Auth0ApiError(400, "Payload validation error: 'Expected type object'.", 'invalid_body')
                : new Auth0ApiError(400, "Payload validation error: 'Invalid JSON'.", 'invalid_body'),
          serverError: () => new Auth0ApiError(500, 'Internal Server Error'),
        }),
      ),
      { method: 'POST', path: '/oidc/register', steps: [boundary, openRegistration(this)] },
    ];
  }

  // Both `application/json` and form bodies are accepted (auth0.com/docs "Call Your API Using the Client
  // Credentials Flow" shows both). Anything else is refused: the wording is ours (UNCONFIRMED).
  readParams = async (ctx: Context, next: Next): Promise<void> => {
    const type = mediaType(ctx);
    const state = tokenState(ctx);
    if (type === 'other') {
      throw new OAuthError(400, 'invalid_request', 'Content-Type must be application/json or application/x-www-form-urlencoded');
    }
    const body = await readBody(ctx);
    state.params = type === 'json' ? parseJsonParams(body) : parseForm(body);
    const repeated = state.params.repeated[0];
    if (repeated) throw new OAuthError(400, 'invalid_request', `Duplicate parameter: ${repeated}`);
    await next();
  };

  requireClientCredentialsGrant = async (ctx: Context, next: Next): Promise<void> => {
    const grantType = tokenState(ctx).params?.values.grant_type;
    // "Missing required parameter: grant_type" is Auth0's phrasing for missing parameters (UNCONFIRMED here).
    if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type');
    if (grantType !== 'client_credentials') {
      throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
    await next();
  };

  authenticateClient = async (ctx: Context, next: Next): Promise<void> => {
    const state = tokenState(ctx);
    const credentials = clientCredentials(ctx.get('authorization') || undefined, state.params?.values ?? {});
    state.credentials = credentials;
    if (credentials.method === 'none' && credentials.clientId === undefined) {
      throw new OAuthError(400, 'invalid_request', 'Missing required parameter: client_id');
    }
    const client = credentials.clientId === undefined ? undefined : this.clients.get(credentials.clientId);
    if (!client || !secretMatches(client.clientSecret, credentials)) throw unauthorized();
    // auth0/ruby-auth0#190: 403 unauthorized_client when the application does not have the grant enabled.
    if (!client.grantTypes.includes('client_credentials')) {
      throw grantNotAllowed();
    }
    ctx.state.client = client;
    await next();
  };

  mintToken = (ctx: Context): void => {
    const params = tokenState(ctx).params?.values ?? {};
    const client = ctx.state.client as Auth0Client;
    const audience = params.audience || this.config.defaultAudience;
    if (!audience) {
      // Wording quoted in UsefulSoftwareCo/executor#1277 and two third-party READMEs; status 403 is PARTIAL.
      throw new OAuthError(
        403,
        'access_denied',
        'No audience parameter was provided, and no default audience has been configured',
      );
    }
    const api = this.resolveApi(audience);
    // "Service not found: <audience>" (vendors.md §1.1, PARTIAL: one source shows the suffix).
    if (!api) throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`);
    const grant = this.grantFor(client.clientId, api.identifier);
    if (!grant) {
      // auth0/ruby-auth0#610 (current wording).
      throw new OAuthError(
        403,
        'access_denied',
        `Client is not authorized to access "${api.identifier}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
      );
    }
    const requested = splitScope(params.scope);
    const missing = requested.filter((s) => !grant.scope.includes(s));
    if (missing.length > 0) {
      // Auth0 refuses scopes outside the client grant; exact text UNCONFIRMED.
      throw new OAuthError(403, 'access_denied', `Client has not been granted scopes: ${missing.join(', ')}`);
    }
    const scopes = requested.length > 0 ? requested : grant.scope;
    const iat = this.env.clock.epoch();
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      sub: `${client.clientId}@clients`,
      aud: api.identifier,
      iat,
      exp: iat + api.tokenLifetime,
      gty: 'client-credentials',
      azp: client.clientId,
    };
    if (scopes.length > 0) claims.scope = scopes.join(' ');
    if (api.permissionsClaim) claims.permissions = scopes;
    const accessToken = this.#signer.sign(withExtraClaims(ctx, claims, this.nextClaims.take(client.clientId)));
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: api.tokenLifetime };
    // Real responses carry `scope` when the grant has scopes (vendors.md §1.1, PARTIAL).
    if (scopes.length > 0) body.scope = scopes.join(' ');
    sendJson(ctx, 200, body, TOKEN_HEADERS);
  };

  /** The Management API is a resource server of every tenant (`<domain>/api/v2/`). */
  resolveApi(audience: string): Auth0Api | undefined {
    return this.apis.get(audience);
  }

  grantFor(clientId: string, audience: string): Auth0ClientGrant | undefined {
    for (const grant of this.grants.values()) if (grant.clientId === clientId && grant.audience === audience) return grant;
    return undefined;
  }

  // GET /.well-known/openid-configuration (vendors.md §1.2: issuer with "/", token_endpoint, jwks_uri and
  // registration_endpoint are CONFIRMED; the remaining members follow a public Auth0 tenant's document).
  discovery(): Record<string, unknown> {
    const base = this.baseUrl;
    return {
      issuer: this.issuer,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/oauth/token`,
      device_authorization_endpoint: `${base}/oauth/device/code`,
      userinfo_endpoint: `${base}/userinfo`,
      mfa_challenge_endpoint: `${base}/mfa/challenge`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      registration_endpoint: `${base}/oidc/register`,
      revocation_endpoint: `${base}/oauth/revoke`,
      scopes_supported: [
        'openid',
        'profile',
        'offline_access',
        'name',
        'given_name',
        'family_name',
        'nickname',
        'email',
        'email_verified',
        'picture',
        'created_at',
        'identities',
        'phone',
        'address',
      ],
      response_types_supported: [
        'code',
        'token',
        'id_token',
        'code token',
        'code id_token',
        'token id_token',
        'code token id_token',
      ],
      code_challenge_methods_supported: ['S256', 'plain'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['public'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      claims_supported: [
        'aud',
        'auth_time',
        'created_at',
        'email',
        'email_verified',
        'exp',
        'family_name',
        'given_name',
        'iat',
        'identities',
        'iss',
        'name',
        'nickname',
        'phone_number',
        'picture',
        'sub',
      ],
      request_uri_parameter_supported: false,
      request_parameter_supported: false,
      id_token_signing_alg_values_supported: ['HS256', 'RS256', 'PS256'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'PS256'],
      end_session_endpoint: `${base}/oidc/logout`,
    };
  }

  // Auth0's JWKS also carries x5t and x5c (a self-signed certificate); the harness has no certificate, so
  // those two members are left out (listed in the README's fidelity table).
  jwks(keys = this.keys.published()): { keys: Record<string, string>[] } {
    return { keys: keys.map((key) => jwksKey(key, ['alg', 'use'])) };
  }

  manifest(): ManifestTenant {
    const demo = this.config.clients[0];
    const demoGrant = demo?.grants[0];
    return {
      id: this.id,
      vendor: 'auth0',
      baseUrl: this.baseUrl,
      issuer: this.issuer,
      discoveryUrl: `${this.baseUrl}/.well-known/openid-configuration`,
      jwksUri: `${this.baseUrl}/.well-known/jwks.json`,
      tokenEndpoint: `${this.baseUrl}/oauth/token`,
      demoClient: {
        clientId: demo?.clientId ?? '',
        clientSecret: demo?.clientSecret ?? '',
        params: demoGrant ? { audience: demoGrant.audience } : {},
      },
      registration: {
        style: 'auth0-management',
        endpoint: `${this.baseUrl}/api/v2/clients`,
        credentials: {
          clientId: this.config.managementClients[0]?.clientId ?? '',
          clientSecret: this.config.managementClients[0]?.clientSecret ?? '',
          audience: this.managementAudience,
        },
        live: true,
      },
    };
  }

  banner(showSecrets: boolean): string[] {
    const demo = this.manifest().demoClient;
    return [
      `token     POST ${this.baseUrl}/oauth/token`,
      `discovery ${this.baseUrl}/.well-known/openid-configuration`,
      `demo      client_id=${demo.clientId} client_secret=${showSecrets ? demo.clientSecret : '(from your config)'} audience=${demo.params.audience ?? ''}`,
    ];
  }
}
