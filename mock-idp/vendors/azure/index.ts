/**
 * Microsoft Entra ID persona (../shared/reference/vendors.md §4): v1 and v2 token endpoints under /{tenant},
 * AADSTS error envelopes, v1/v2 discovery and keys, and the v1/v2 app-only claim sets.
 */
import type { Context, Middleware, Next } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { azure } from '../../../shared/vendors';
import type { TenantConfigOf } from '../../config';
import { clientCredentials, mediaType, parseForm, readBody, secretMatches } from '../../core/http';
import { alphanumeric, base64url, uuid } from '../../core/ids';
import { RingSigner } from '../../core/keys';
import { NextTokenClaims, RequestRecorder } from '../../core/recorder';
import { StateMap } from '../../core/state';
import { AadstsError, type WireError } from '../../errors';
import { aadTimestamp, errorBoundary, renderError } from '../../errors/render';
import { type ClientRegistry, type Route, recordRequests, type Tenant, type TenantEnv, tokenState } from '../../tenant';
import { endpointPaths, jwksKey, keySetDocument, sendJson, withExtraClaims } from '../kit';

type Config = TenantConfigOf<'azure'>;
/** An application registration's password (Graph `passwordCredential`); `secretText` is shown once, on creation. */
export interface PasswordCredential {
  keyId: string;
  secretText: string;
  displayName: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
}

/** An application registration (client) with its service principal, as the token endpoint and Graph see it. */
export interface AzureClient {
  /** appId: the client id. */
  clientId: string;
  /** The application object's id (Graph `/applications/{id}`). */
  objectId: string;
  name: string;
  servicePrincipalId: string | null;
  /** App roles granted to this client, by resource appId. */
  roles: Record<string, string[]>;
  secrets: PasswordCredential[];
  /** appIds of the applications that own this one (Application.ReadWrite.OwnedBy). */
  owners: string[];
  createdDateTime: string;
}

const TWO_YEARS_MS = 2 * 365 * 86_400_000;

/** Modern Entra secrets: 40 characters with `Q~` in positions 4-5 (e.g. Konnect's example `azR~8Q~…`). */
export function newSecretText(): string {
  return `${alphanumeric(3)}8Q~${alphanumeric(34)}`;
}

export function passwordCredential(
  secretText: string,
  displayName: string | null,
  nowMs: number,
  endDateTime?: string,
): PasswordCredential {
  return {
    keyId: uuid(),
    secretText,
    displayName,
    hint: secretText.slice(0, 3),
    startDateTime: new Date(nowMs).toISOString(),
    // Graph's default lifetime for a new password is two years (vendors.md §4.3).
    endDateTime: endDateTime ?? new Date(nowMs + TWO_YEARS_MS).toISOString(),
  };
}

interface AzureResource {
  appId: string;
  identifierUri: string;
  displayName: string;
  accessTokenVersion: 1 | 2;
}

/** Microsoft Graph exists in every tenant and always receives v1 tokens (learn.microsoft.com, access tokens). */
export const GRAPH: AzureResource = {
  appId: '00000003-0000-0000-c000-000000000000',
  identifierUri: 'https://graph.microsoft.com',
  displayName: 'Microsoft Graph',
  accessTokenVersion: 1,
};

// Headers of a recorded Entra token response (Azure SDK nock recording, vendors.md §4.1).
const TOKEN_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store, no-cache',
  Pragma: 'no-cache',
  Expires: '-1',
  'X-Content-Type-Options': 'nosniff',
};
// Discovery headers from the same recordings (vendors.md §4.2).
const DOCUMENT_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'max-age=86400, private',
  'Access-Control-Allow-Origin': '*',
};

const EXPIRES_IN = 3599;

type Version = 'v1' | 'v2';

export class AzureTenant implements Tenant {
  readonly vendor = 'azure';
  readonly id: string;
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly recorder = new RequestRecorder();
  readonly nextClaims = new NextTokenClaims();
  readonly clients: StateMap<string, AzureClient>;
  readonly resources: AzureResource[];
  /** What Konnect does through Graph (vendors.md §5.2): application, service principal, password. */
  readonly registry: ClientRegistry = {
    register: (input) => {
      const now = this.env.clock.now();
      const secret = passwordCredential(newSecretText(), 'dcr-kit', now);
      const client: AzureClient = {
        clientId: uuid(),
        objectId: uuid(),
        name: input.name,
        servicePrincipalId: uuid(),
        roles: {},
        secrets: [secret],
        owners: [],
        createdDateTime: new Date(now).toISOString(),
      };
      this.clients.set(client.clientId, client);
      return { clientId: client.clientId, clientSecret: secret.secretText, issuedAt: Math.floor(now / 1000) };
    },
    rotateSecret: (clientId) => {
      const client = this.clients.get(clientId);
      if (!client) return undefined;
      const secret = passwordCredential(newSecretText(), 'dcr-kit', this.env.clock.now());
      this.clients.set(clientId, { ...client, secrets: [secret] });
      return { clientId, clientSecret: secret.secretText, issuedAt: this.env.clock.epoch() };
    },
    remove: (clientId) => this.clients.delete(clientId),
  };
  readonly #signers: Record<Version, RingSigner>;
  /** `xms_tcdt`: when the directory was created (fixed per harness start). */
  readonly #createdAt: number;

  constructor(
    readonly config: Config,
    readonly env: TenantEnv,
  ) {
    this.clients = new StateMap(env.changes);
    this.id = config.id;
    this.baseUrl = `${env.origin}/${config.id}`;
    this.tenantId = config.tenantId;
    this.resources = [...config.apis, GRAPH];
    // v1 tokens carry x5t and kid (equal in Entra); v2 tokens carry kid only.
    this.#signers = {
      v1: new RingSigner(env.keys, (key) => ({ typ: 'JWT', alg: 'RS256', x5t: key.sha1Thumbprint, kid: key.kid })),
      v2: new RingSigner(env.keys, (key) => ({ typ: 'JWT', alg: 'RS256', kid: key.kid })),
    };
    this.#createdAt = env.clock.epoch() - 86_400 * 365;
    this.reset();
  }

  get keys() {
    return this.env.keys;
  }

  /** AADSTS900561, as the token endpoint answers a GET, naming the methods the path serves. */
  wrongMethod(allowed: string[]): Middleware[] {
    return [
      (ctx) => {
        const error = new AadstsError(
          400,
          'invalid_request',
          900561,
          `The endpoint only accepts ${[...allowed, 'OPTIONS'].join(', ')} requests. Received a ${ctx.method} request.`,
        );
        renderError(ctx, error, { clock: this.env.clock, headers: TOKEN_HEADERS });
      },
    ];
  }

  /** Token endpoint errors fault rules can name, by AADSTS code. */
  readonly faultErrorNames = ['AADSTS7000215', 'AADSTS7000222', 'AADSTS700016'];
  /** Entra answers throttled client-credentials requests with 429 and `Retry-After: 60` (MSAL.NET throttling docs). */
  readonly defaultRetryAfter = 60;

  faultError(name: string, clientId: string): WireError | undefined {
    if (name === 'AADSTS7000215') return invalidSecret(clientId);
    if (name === 'AADSTS7000222') return expiredSecret(clientId);
    if (name === 'AADSTS700016') return this.unknownApplication(clientId);
    return undefined;
  }

  unknownApplication(clientId: string): AadstsError {
    return new AadstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${this.config.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }

  snapshot(): { clients: AzureClient[] } {
    return { clients: [...this.clients.values()] };
  }

  restore(snapshot: unknown): void {
    this.clients.load((snapshot as { clients: AzureClient[] }).clients.map((c) => [c.clientId, c]));
  }

  get issuerV1(): string {
    // Entra issues v1 tokens with this issuer whatever host served them (vendors.md §4.1).
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  get issuerV2(): string {
    return `${this.baseUrl}/${this.tenantId}/v2.0`;
  }

  reset(): void {
    this.clients.clear();
    const now = this.env.clock.now();
    for (const client of this.config.clients) {
      this.clients.set(client.clientId, {
        clientId: client.clientId,
        objectId: client.objectId,
        name: client.name,
        servicePrincipalId: client.servicePrincipalId,
        roles: structuredClone(client.roles),
        secrets: [passwordCredential(client.clientSecret, 'seeded', now)],
        owners: [],
        createdDateTime: new Date(now).toISOString(),
      });
    }
    this.recorder.clear();
    this.nextClaims.clear();
  }

  routes(): Route[] {
    const boundary = errorBoundary({
      clock: this.env.clock,
      headers: TOKEN_HEADERS,
      // Entra reads only form bodies; anything it cannot parse reads as a body without parameters.
      bodyError: (problem) =>
        problem === 'too_large'
          ? new AadstsError(413, 'invalid_request', 90004, 'Request is too large.')
          : new AadstsError(
              400,
              'invalid_request',
              900144,
              "The request body must contain the following parameter: 'grant_type'.",
            ),
      serverError: () =>
        new AadstsError(500, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
    });
    const token = (version: Version) => [
      recordRequests(this.recorder, this.env.clock),
      boundary,
      this.resolveTenant,
      this.readParams,
      this.authenticateClient,
      this.mintToken(version),
    ];
    // A GET on either token endpoint: AADSTS900561. API callers get JSON with status 400 and the "POST, OPTIONS"
    // wording (a PowerShell caller reported "(400) Bad Request" with it: NunoFilipeMota/PublicScripts#5; also
    // BitySA/oauth2-auth-code-pkce#30); browsers get Entra's HTML page with the wording vendors.md §4.1 confirms.
    // OPTIONS (CORS preflight) is accepted, as the wording says.
    const onlyPost = [
      boundary,
      (ctx: Context) => {
        if (ctx.method === 'OPTIONS') {
          ctx.status = 204;
          ctx.set('Allow', 'POST, OPTIONS');
          return;
        }
        if (ctx.accepts('json', 'html') === 'html') {
          return this.htmlError(ctx, 900561, `The endpoint only accepts POST requests. Received a ${ctx.method} request.`);
        }
        throw new AadstsError(
          400,
          'invalid_request',
          900561,
          `The endpoint only accepts POST, OPTIONS requests. Received a ${ctx.method} request.`,
        );
      },
    ];
    const documents = [boundary, this.resolveTenant];
    const [v2Endpoint, v1Endpoint] = azure.tokenEndpoints;
    const v2 = endpointPaths(v2Endpoint);
    const v1 = endpointPaths(v1Endpoint);
    return [
      {
        method: 'GET',
        path: v2.discovery,
        endpoint: 'discovery',
        steps: [...documents, this.serveDocument(() => this.discovery('v2'))],
      },
      {
        method: 'GET',
        path: v1.discovery,
        endpoint: 'discovery',
        steps: [...documents, this.serveDocument(() => this.discovery('v1'))],
      },
      {
        method: 'GET',
        path: v2.jwks,
        endpoint: 'jwks',
        steps: [...documents, keySetDocument(this.keys, (keys) => this.jwks('v2', keys), DOCUMENT_HEADERS)],
      },
      {
        method: 'GET',
        path: v1.jwks,
        endpoint: 'jwks',
        steps: [...documents, keySetDocument(this.keys, (keys) => this.jwks('v1', keys), DOCUMENT_HEADERS)],
      },
      { endpoint: 'token', method: 'POST', path: v2.token, steps: token('v2') },
      { endpoint: 'token', method: 'ALL', path: v2.token, steps: onlyPost },
      { endpoint: 'token', method: 'POST', path: v1.token, steps: token('v1') },
      { endpoint: 'token', method: 'ALL', path: v1.token, steps: onlyPost },
    ];
  }

  /** The tenant segment may be the directory id or its verified domain; `common` serves the shared keys. */
  resolveTenant = async (ctx: Context, next: Next): Promise<void> => {
    const segment = String(ctx.params.tenantId ?? '').toLowerCase();
    const known = segment === this.tenantId || segment === this.config.domain.toLowerCase();
    const commonKeys = segment === 'common' && ctx.path.endsWith('/discovery/keys');
    if (!known && !commonKeys) {
      // AADSTS90002 (vendors.md §4.1, PARTIAL: the code and first sentence are confirmed).
      throw new AadstsError(
        400,
        'invalid_request',
        90002,
        `Tenant '${ctx.params.tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
    }
    await next();
  };

  readParams = async (ctx: Context, next: Next): Promise<void> => {
    const state = tokenState(ctx);
    const body = await readBody(ctx);
    // Entra parses form bodies only: a JSON body reads as no parameters, hence "must contain 'grant_type'".
    state.params = mediaType(ctx) === 'form' ? parseForm(body) : { values: Object.create(null), repeated: [] };
    const repeated = state.params.repeated[0];
    if (repeated) {
      // AADSTS90100 is Entra's "parameter is empty or not valid"; its use for a repeated parameter is our choice.
      throw new AadstsError(400, 'invalid_request', 90100, `${repeated} parameter is empty or not valid.`);
    }
    const values = state.params.values;
    if (!values.grant_type) throw missing('grant_type');
    if (values.grant_type !== 'client_credentials') {
      throw new AadstsError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${values.grant_type}'.`,
      );
    }
    await next();
  };

  authenticateClient = async (ctx: Context, next: Next): Promise<void> => {
    const state = tokenState(ctx);
    const credentials = clientCredentials(ctx.get('authorization') || undefined, state.params?.values ?? {});
    state.credentials = credentials;
    if (credentials.clientId === undefined) throw missing('client_id');
    const client = this.clients.get(credentials.clientId.toLowerCase());
    // AADSTS700016 (vendors.md §4.1, CONFIRMED).
    if (!client) throw this.unknownApplication(credentials.clientId);
    if (credentials.method === 'none') {
      // AADSTS7000218: no secret or assertion at all.
      throw new AadstsError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const matching =
      credentials.method === 'multiple' ? undefined : client.secrets.find((s) => secretMatches(s.secretText, credentials));
    // AADSTS7000222 "The provided client secret keys for app '…' are expired." (Entra's error code reference,
    // learn.microsoft.com/entra/identity-platform/reference-error-codes; not in vendors.md).
    if (matching && Date.parse(matching.endDateTime) <= this.env.clock.now()) throw expiredSecret(client.clientId);
    // AADSTS7000215 (vendors.md §4.1, CONFIRMED from captured bodies).
    if (!matching) throw invalidSecret(client.clientId);
    if (client.servicePrincipalId === null) {
      // AADSTS7000229 (vendors.md §4.3): an app registration without a service principal cannot get tokens.
      throw new AadstsError(
        401,
        'invalid_client',
        7000229,
        `The client application ${client.clientId} is missing service principal in the tenant ${this.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
      );
    }
    ctx.state.client = client;
    await next();
  };

  mintToken(version: Version) {
    return (ctx: Context): void => {
      const values = tokenState(ctx).params?.values ?? {};
      const client = ctx.state.client as AzureClient;
      const requested = version === 'v2' ? this.resourceFromScope(values.scope) : this.resourceFromParam(values.resource);
      const resource = this.findResource(requested);
      if (!resource) {
        // AADSTS500011 (vendors.md §4.1, PARTIAL: status and code confirmed, text from captured messages).
        throw new AadstsError(
          400,
          'invalid_resource',
          500011,
          `The resource principal named ${requested} was not found in the tenant named ${this.config.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
        );
      }
      // The token version follows the resource's manifest; the v1 endpoint always issues v1 (vendors.md §4.1).
      const tokenVersion: Version = version === 'v1' || resource.accessTokenVersion === 1 ? 'v1' : 'v2';
      const now = this.env.clock.epoch();
      const exp = now + EXPIRES_IN;
      const roles = client.roles[resource.appId] ?? [];
      const common = {
        aio: base64url(48),
        ...(tokenVersion === 'v1'
          ? { app_displayname: client.name, appid: client.clientId, appidacr: '1', idp: this.issuerV1 }
          : { azp: client.clientId, azpacr: '1' }),
        idtyp: 'app',
        oid: client.servicePrincipalId,
        rh: `0.A${base64url(40)}.`,
        ...(roles.length > 0 ? { roles } : {}),
        sub: client.servicePrincipalId,
        tid: this.tenantId,
        uti: base64url(16),
        ver: tokenVersion === 'v1' ? '1.0' : '2.0',
        ...(tokenVersion === 'v1' ? { xms_tcdt: this.#createdAt } : {}),
      };
      // v1: aud is the resource as requested (App ID URI or appId); v2: the resource's appId (vendors.md §4.1).
      const claims = {
        aud: tokenVersion === 'v1' ? requested : resource.appId,
        iss: tokenVersion === 'v1' ? this.issuerV1 : this.issuerV2,
        iat: now,
        nbf: now,
        exp,
        ...common,
      };
      const accessToken = this.#signers[tokenVersion].sign(withExtraClaims(ctx, claims, this.nextClaims.take(client.clientId)));
      const body =
        version === 'v1'
          ? // v1 serialises every number as a string and echoes the resource (vendors.md §4.1, CONFIRMED).
            {
              token_type: 'Bearer',
              expires_in: String(EXPIRES_IN),
              ext_expires_in: String(EXPIRES_IN),
              expires_on: String(exp),
              not_before: String(now),
              resource: requested,
              access_token: accessToken,
            }
          : // v2: integers, no scope (Azure SDK recording, CONFIRMED).
            { token_type: 'Bearer', expires_in: EXPIRES_IN, ext_expires_in: EXPIRES_IN, access_token: accessToken };
      sendJson(ctx, 200, body, { ...TOKEN_HEADERS, 'x-ms-request-id': uuid() });
    };
  }

  /** v2: exactly one `<resource>/.default` value (AADSTS1002012 otherwise). */
  resourceFromScope(scope: string | undefined): string {
    if (!scope) throw missing('scope');
    const values = scope.split(' ').filter(Boolean);
    const value = values[0] ?? '';
    if (values.length !== 1 || !value.endsWith('/.default') || value.length === '/.default'.length) {
      throw new AadstsError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    return value.slice(0, -'/.default'.length);
  }

  resourceFromParam(resource: string | undefined): string {
    if (!resource) throw missing('resource');
    return resource;
  }

  findResource(requested: string): AzureResource | undefined {
    const wanted = requested.replace(/\/+$/, '').toLowerCase();
    return this.resources.find((r) => r.appId === wanted || r.identifierUri.replace(/\/+$/, '').toLowerCase() === wanted);
  }

  serveDocument(build: () => unknown) {
    let text: string | undefined;
    return (ctx: Context): void => {
      text ??= JSON.stringify(build());
      ctx.status = 200;
      ctx.set(DOCUMENT_HEADERS);
      ctx.body = text;
    };
  }

  htmlError(ctx: Context, code: number, message: string): void {
    const requestId = uuid();
    const timestamp = aadTimestamp(this.env.clock.now()).replace(' ', 'T');
    ctx.status = 400;
    ctx.set({ ...TOKEN_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'x-ms-request-id': requestId });
    ctx.body = `<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><h1>Sorry, but we're having trouble signing you in.</h1><p>Request Id: ${requestId}<br>Correlation Id: ${uuid()}<br>Timestamp: ${timestamp}<br>Message: AADSTS${code}: ${message}</p></body></html>`;
  }

  // Entra discovery documents (vendors.md §4.2, from SDK recordings); login.microsoftonline.com becomes the
  // harness tenant's base URL, except the v1 issuer which Entra always reports as sts.windows.net.
  discovery(version: Version): Record<string, unknown> {
    const t = `${this.baseUrl}/${this.tenantId}`;
    const shared = {
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
    };
    const cloud = {
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
    if (version === 'v2') {
      return {
        token_endpoint: `${t}/oauth2/v2.0/token`,
        ...shared,
        jwks_uri: `${t}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: this.issuerV2,
        request_uri_parameter_supported: false,
        userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
        authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        claims_supported: [
          'sub',
          'iss',
          'cloud_instance_name',
          'cloud_instance_host_name',
          'cloud_graph_host_name',
          'msgraph_host',
          'aud',
          'exp',
          'iat',
          'auth_time',
          'acr',
          'nonce',
          'preferred_username',
          'name',
          'tid',
          'ver',
          'at_hash',
          'c_hash',
          'email',
        ],
        kerberos_endpoint: `${t}/kerberos`,
        ...cloud,
      };
    }
    return {
      token_endpoint: `${t}/oauth2/token`,
      ...shared,
      // vendors.md §4.2: v1 discovery points at the shared keys (PARTIAL).
      jwks_uri: `${this.baseUrl}/common/discovery/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid'],
      issuer: this.issuerV1,
      microsoft_multi_refresh_token: true,
      authorization_endpoint: `${t}/oauth2/authorize`,
      device_authorization_endpoint: `${t}/oauth2/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${t}/oauth2/logout`,
      claims_supported: [
        'sub',
        'iss',
        'cloud_instance_name',
        'cloud_instance_host_name',
        'cloud_graph_host_name',
        'msgraph_host',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'amr',
        'nonce',
        'email',
        'given_name',
        'family_name',
        'nickname',
      ],
      check_session_iframe: `${t}/oauth2/checksession`,
      userinfo_endpoint: `${t}/openid/userinfo`,
      kerberos_endpoint: `${t}/kerberos`,
      ...cloud,
    };
  }

  // Entra keys carry kid = x5t; v2 keys add `issuer`. x5c (the certificate chain) is not emulated.
  jwks(version: Version, keys = this.keys.published()): { keys: Record<string, string>[] } {
    return {
      keys: keys.map((k) => {
        const key = jwksKey(k, ['use', 'x5t']);
        return version === 'v2' ? { ...key, issuer: this.issuerV2 } : key;
      }),
    };
  }

  manifest(): ManifestTenant {
    const demo = this.config.clients[0];
    // The first client allowed to write applications through Graph is the DCR provider's initial app.
    const provider = this.config.clients.find((c) =>
      (c.roles[GRAPH.appId] ?? []).some((r) => r.startsWith('Application.ReadWrite')),
    );
    const api = this.config.apis[0];
    const resource = api?.identifierUri ?? GRAPH.identifierUri;
    const t = `${this.baseUrl}/${this.tenantId}`;
    return {
      id: this.id,
      vendor: 'azure',
      baseUrl: this.baseUrl,
      tenantId: this.tenantId,
      issuer: this.issuerV2,
      discoveryUrl: `${t}/v2.0/.well-known/openid-configuration`,
      jwksUri: `${t}/discovery/v2.0/keys`,
      tokenEndpoint: `${t}/oauth2/v2.0/token`,
      tokenEndpointV1: `${t}/oauth2/token`,
      issuerV1: this.issuerV1,
      discoveryUrlV1: `${t}/.well-known/openid-configuration`,
      jwksUriV1: `${this.baseUrl}/common/discovery/keys`,
      demoClient: {
        clientId: demo?.clientId ?? '',
        clientSecret: demo?.clientSecret ?? '',
        params: { scope: `${resource}/.default` },
        paramsV1: { resource },
      },
      registration: {
        style: 'graph-applications',
        // Graph has its own base URL on the harness origin (standing in for https://graph.microsoft.com).
        endpoint: `${this.env.origin}/graph/v1.0/applications`,
        credentials: {
          clientId: provider?.clientId ?? '',
          clientSecret: provider?.clientSecret ?? '',
          scope: 'https://graph.microsoft.com/.default',
        },
        live: true,
      },
    };
  }

  banner(showSecrets: boolean): string[] {
    const m = this.manifest();
    return [
      `token v2  POST ${m.tokenEndpoint}`,
      `token v1  POST ${m.tokenEndpointV1}`,
      `discovery ${m.discoveryUrl}`,
      `demo      client_id=${m.demoClient.clientId} client_secret=${showSecrets ? m.demoClient.clientSecret : '(from your config)'} scope=${m.demoClient.params.scope ?? ''} (v1: resource=${m.demoClient.paramsV1?.resource ?? ''})`,
    ];
  }
}

const invalidSecret = (clientId: string) =>
  new AadstsError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );

const expiredSecret = (clientId: string) =>
  new AadstsError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${clientId}' are expired.`);

/** AADSTS900144: a required parameter is missing (vendors.md §4.1, PARTIAL). */
function missing(parameter: string): AadstsError {
  return new AadstsError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${parameter}'.`,
  );
}
