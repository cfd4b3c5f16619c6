/**
 * Auth0's Management API v2 subset Konnect uses (../shared/reference/vendors.md §1.4): clients, client grants and
 * secret rotation, authorised by a Management API access token from the tenant's own /oauth/token; and the open
 * OIDC Dynamic Client Registration endpoint `/oidc/register` (§1.3). Errors use Auth0's hapi/Boom shape
 * `{statusCode, error, message, errorCode}`.
 */
import type { Context, Next } from 'koa';
import { BodyError, readJsonObject } from '../../core/http';
import { alphanumeric, base64url } from '../../core/ids';
import { verifyWithRing } from '../../core/keys';
import { Auth0ApiError, OAuthError } from '../../errors';
import type { Route } from '../../tenant';
import type { Auth0Client, Auth0Tenant } from './index';

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' };

const APP_TYPES = new Set(['native', 'spa', 'regular_web', 'non_interactive', 'rms', 'box', 'cloud', 'expo', 'sso_integration']);
const AUTH_METHODS = new Set(['none', 'client_secret_post', 'client_secret_basic']);
/** Properties of the client schema the harness accepts; others get "Additional properties not allowed". */
const CLIENT_PROPERTIES = new Set([
  'name',
  'description',
  'logo_uri',
  'callbacks',
  'allowed_origins',
  'web_origins',
  'client_aliases',
  'allowed_clients',
  'allowed_logout_urls',
  'grant_types',
  'token_endpoint_auth_method',
  'app_type',
  'is_first_party',
  'oidc_conformant',
  'jwt_configuration',
  'client_metadata',
  'custom_login_page_on',
  'initiate_login_uri',
  'sso',
  'sso_disabled',
  'cross_origin_auth',
  'organization_usage',
  'organization_require_behavior',
  'refresh_token',
]);
// Auth0 docs, "Application Grant Types": applications created through the API without grant_types get these.
const DEFAULT_GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];

// vendors.md §1.4: `{"statusCode":400,"error":"Bad Request","message":"Payload validation error: …","errorCode":"invalid_body"}`.
const invalidBody = (detail: string) => new Auth0ApiError(400, `Payload validation error: ${detail}`, 'invalid_body');
const noSuchClient = () => new Auth0ApiError(404, 'The client does not exist', 'inexistent_client');

export function newClientId(): string {
  return alphanumeric(32);
}

export function newClientSecret(): string {
  return base64url(48);
}

interface ManagementToken {
  scopes: Set<string>;
}

export class Auth0ManagementApi {
  constructor(private readonly tenant: Auth0Tenant) {}

  routes(boundary: (ctx: Context, next: Next) => Promise<void>): Route[] {
    const auth = (scope: string) => [boundary, this.authenticate, this.requireScope(scope)];
    return [
      { method: 'POST', path: '/api/v2/clients', steps: [...auth('create:clients'), this.createClient] },
      { method: 'GET', path: '/api/v2/clients', steps: [...auth('read:clients'), this.listClients] },
      { method: 'GET', path: '/api/v2/clients/:id', steps: [...auth('read:clients'), this.readClient] },
      { method: 'PATCH', path: '/api/v2/clients/:id', steps: [...auth('update:clients'), this.updateClient] },
      { method: 'DELETE', path: '/api/v2/clients/:id', steps: [...auth('delete:clients'), this.deleteClient] },
      { method: 'POST', path: '/api/v2/clients/:id/rotate-secret', steps: [...auth('update:client_keys'), this.rotateSecret] },
      { method: 'POST', path: '/api/v2/client-grants', steps: [...auth('create:client_grants'), this.createGrant] },
      { method: 'GET', path: '/api/v2/client-grants', steps: [...auth('read:client_grants'), this.listGrants] },
      { method: 'PATCH', path: '/api/v2/client-grants/:id', steps: [...auth('update:client_grants'), this.updateGrant] },
      { method: 'DELETE', path: '/api/v2/client-grants/:id', steps: [...auth('delete:client_grants'), this.deleteGrant] },
    ];
  }

  /** A Management API token: an RS256 JWT from this tenant, for `<domain>/api/v2/`, not expired (harness clock). */
  authenticate = async (ctx: Context, next: Next): Promise<void> => {
    const match = /^Bearer (\S+)$/i.exec(ctx.get('authorization'));
    // Wording for a missing token is UNCONFIRMED; "Invalid token" for a bad one is from vendors.md §1.4.
    if (!match?.[1]) throw new Auth0ApiError(401, 'Missing authentication');
    const claims = this.verifyToken(match[1]);
    if (!claims) throw new Auth0ApiError(401, 'Invalid token');
    if (Number(claims.exp) <= this.tenant.env.clock.epoch()) {
      throw new Auth0ApiError(401, 'Expired token received for JSON Web Token validation');
    }
    ctx.state.management = { scopes: new Set(String(claims.scope ?? '').split(' ')) } satisfies ManagementToken;
    await next();
  };

  verifyToken(token: string): Record<string, unknown> | undefined {
    const claims = verifyWithRing(this.tenant.keys, token);
    return claims?.iss === this.tenant.issuer && claims.aud === this.tenant.managementAudience ? claims : undefined;
  }

  requireScope(scope: string) {
    return async function requireScope(ctx: Context, next: Next): Promise<void> {
      const token = ctx.state.management as ManagementToken;
      if (!token.scopes.has(scope)) {
        // vendors.md §1.4 (CONFIRMED from captured bodies).
        throw new Auth0ApiError(403, `Insufficient scope, expected any of: ${scope}`, 'insufficient_scope');
      }
      await next();
    };
  }

  createClient = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx);
    if (body.name === undefined) throw invalidBody("'Missing required property: name'.");
    const fields = validateClientFields(body);
    const client: Auth0Client = {
      clientId: newClientId(),
      clientSecret: newClientSecret(),
      name: fields.name as string,
      description: (fields.description as string | undefined) ?? null,
      appType: (fields.app_type as string | undefined) ?? null,
      grantTypes: (fields.grant_types as string[] | undefined) ?? [...DEFAULT_GRANT_TYPES],
      tokenEndpointAuthMethod: (fields.token_endpoint_auth_method as string | undefined) ?? 'client_secret_post',
      clientMetadata: (fields.client_metadata as Record<string, string> | undefined) ?? {},
      callbacks: (fields.callbacks as string[] | undefined) ?? [],
      isFirstParty: (fields.is_first_party as boolean | undefined) ?? true,
    };
    this.tenant.clients.set(client.clientId, client);
    send(ctx, 201, this.clientBody(client, true));
  };

  listClients = (ctx: Context): void => {
    const withKeys = (ctx.state.management as ManagementToken).scopes.has('read:client_keys');
    send(
      ctx,
      200,
      [...this.tenant.clients.values()].map((c) => this.clientBody(c, withKeys)),
    );
  };

  readClient = (ctx: Context): void => {
    const withKeys = (ctx.state.management as ManagementToken).scopes.has('read:client_keys');
    send(ctx, 200, this.clientBody(this.findClient(ctx), withKeys));
  };

  updateClient = async (ctx: Context): Promise<void> => {
    const client = this.findClient(ctx);
    const fields = validateClientFields(await readJsonObject(ctx));
    const updated: Auth0Client = {
      ...client,
      ...(fields.name !== undefined && { name: fields.name as string }),
      ...(fields.description !== undefined && { description: fields.description as string }),
      ...(fields.app_type !== undefined && { appType: fields.app_type as string }),
      ...(fields.grant_types !== undefined && { grantTypes: fields.grant_types as string[] }),
      ...(fields.token_endpoint_auth_method !== undefined && {
        tokenEndpointAuthMethod: fields.token_endpoint_auth_method as string,
      }),
      ...(fields.client_metadata !== undefined && { clientMetadata: fields.client_metadata as Record<string, string> }),
      ...(fields.callbacks !== undefined && { callbacks: fields.callbacks as string[] }),
    };
    this.tenant.clients.set(updated.clientId, updated);
    send(ctx, 200, this.clientBody(updated, true));
  };

  /** Deleting a client also deletes its client grants, as Auth0 does. */
  deleteClient = (ctx: Context): void => {
    const client = this.findClient(ctx);
    this.tenant.clients.delete(client.clientId);
    for (const [id, grant] of this.tenant.grants) if (grant.clientId === client.clientId) this.tenant.grants.delete(id);
    ctx.status = 204;
  };

  // POST /api/v2/clients/{id}/rotate-secret: 200 with the whole client and its new secret (Auth0 API reference).
  rotateSecret = (ctx: Context): void => {
    const client = { ...this.findClient(ctx), clientSecret: newClientSecret() };
    this.tenant.clients.set(client.clientId, client);
    send(ctx, 200, this.clientBody(client, true));
  };

  createGrant = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx);
    for (const property of ['client_id', 'audience', 'scope']) {
      if (body[property] === undefined) throw invalidBody(`'Missing required property: ${property}'.`);
    }
    const extra = Object.keys(body).find(
      (k) => !['client_id', 'audience', 'scope', 'organization_usage', 'allow_any_organization'].includes(k),
    );
    if (extra) throw invalidBody(`'Additional properties not allowed: ${extra}'.`);
    if (typeof body.client_id !== 'string' || typeof body.audience !== 'string') {
      throw invalidBody("'Expected type string' on property client_id or audience.");
    }
    const scope = stringArray(body.scope, 'scope');
    // Wording for an unknown client or API is UNCONFIRMED; the statuses follow Auth0's 404 convention.
    if (!this.tenant.clients.has(body.client_id)) throw new Auth0ApiError(404, 'Client not found', 'inexistent_client');
    const api = this.tenant.apis.get(body.audience);
    if (!api)
      throw new Auth0ApiError(404, `No resource server found for audience: ${body.audience}`, 'inexistent_resource_server');
    if (scope.some((s) => !api.scopes.includes(s))) throw invalidBody('scope must be a subset of resource server scopes');
    if (this.tenant.grantFor(body.client_id, api.identifier)) {
      // vendors.md §1.4: a duplicate grant is a 409 (body UNCONFIRMED).
      throw new Auth0ApiError(409, 'A client grant for this client and audience already exists', 'conflict');
    }
    const grant = { id: `cgr_${alphanumeric(16)}`, clientId: body.client_id, audience: api.identifier, scope };
    this.tenant.grants.set(grant.id, grant);
    send(ctx, 201, grantBody(grant));
  };

  listGrants = (ctx: Context): void => {
    const { client_id: clientId, audience } = ctx.query;
    const grants = [...this.tenant.grants.values()].filter(
      (g) =>
        (typeof clientId !== 'string' || g.clientId === clientId) && (typeof audience !== 'string' || g.audience === audience),
    );
    send(ctx, 200, grants.map(grantBody));
  };

  updateGrant = async (ctx: Context): Promise<void> => {
    const grant = this.tenant.grants.get(String(ctx.params.id));
    if (!grant) throw new Auth0ApiError(404, 'The client grant does not exist', 'inexistent_client_grant');
    const body = await readJsonObject(ctx);
    const scope = body.scope === undefined ? grant.scope : stringArray(body.scope, 'scope');
    const api = this.tenant.apis.get(grant.audience);
    if (api && scope.some((s) => !api.scopes.includes(s))) throw invalidBody('scope must be a subset of resource server scopes');
    const updated = { ...grant, scope };
    this.tenant.grants.set(grant.id, updated);
    send(ctx, 200, grantBody(updated));
  };

  deleteGrant = (ctx: Context): void => {
    const id = String(ctx.params.id);
    if (!this.tenant.grants.delete(id))
      throw new Auth0ApiError(404, 'The client grant does not exist', 'inexistent_client_grant');
    ctx.status = 204;
  };

  findClient(ctx: Context): Auth0Client {
    const client = this.tenant.clients.get(String(ctx.params.id));
    if (!client) throw noSuchClient();
    return client;
  }

  /** The client object as the Management API returns it (auth0.com/docs/api/management/v2/clients). */
  clientBody(client: Auth0Client, withSecret: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {
      tenant: this.tenant.id,
      global: false,
      is_token_endpoint_ip_header_trusted: false,
      name: client.name,
    };
    if (client.description !== null) body.description = client.description;
    Object.assign(body, {
      is_first_party: client.isFirstParty,
      oidc_conformant: true,
      sso_disabled: false,
      cross_origin_auth: false,
      callbacks: client.callbacks,
      client_id: client.clientId,
      callback_url_template: false,
    });
    if (withSecret) body.client_secret = client.clientSecret;
    Object.assign(body, {
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
      client_metadata: client.clientMetadata,
      token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    });
    if (client.appType !== null) body.app_type = client.appType;
    body.grant_types = client.grantTypes;
    body.custom_login_page_on = true;
    return body;
  }
}

/**
 * Open Dynamic Client Registration, `POST /oidc/register` (auth0/docs articles/api-auth/dynamic-client-registration.md):
 * no token; 201 with only client_name, client_id, client_secret, redirect_uris, client_secret_expires_at:0.
 * Clients made this way are third-party and get tokens only through client grants.
 */
export function openRegistration(tenant: Auth0Tenant) {
  return async function registerClient(ctx: Context): Promise<void> {
    if (!tenant.config.dynamicClientRegistration) {
      // Auth0's answer when the tenant flag is off is UNCONFIRMED (vendors.md §8.3).
      throw new OAuthError(403, 'access_denied', 'Dynamic client registration is disabled for this tenant');
    }
    let body: Record<string, unknown>;
    try {
      body = await readJsonObject(ctx);
    } catch (error) {
      if (error instanceof BodyError && error.problem === 'too_large') throw error;
      throw new OAuthError(400, 'invalid_client_metadata', 'The request body must be a JSON object');
    }
    const redirectUris = body.redirect_uris;
    if (!Array.isArray(redirectUris) || redirectUris.length === 0 || redirectUris.some((u) => typeof u !== 'string')) {
      throw new OAuthError(400, 'invalid_redirect_uri', 'redirect_uris is required and must be an array of URIs');
    }
    const method = body.token_endpoint_auth_method ?? 'client_secret_post';
    if (method !== 'none' && method !== 'client_secret_post') {
      throw new OAuthError(400, 'invalid_client_metadata', 'token_endpoint_auth_method must be none or client_secret_post');
    }
    if (body.client_name !== undefined && typeof body.client_name !== 'string') {
      throw new OAuthError(400, 'invalid_client_metadata', 'client_name must be a string');
    }
    // The default grant types of a dynamically registered client are UNCONFIRMED (Auth0's DCR article lists none).
    const grantTypes = body.grant_types === undefined ? ['authorization_code', 'implicit'] : body.grant_types;
    if (!Array.isArray(grantTypes) || grantTypes.some((g) => typeof g !== 'string')) {
      throw new OAuthError(400, 'invalid_client_metadata', 'grant_types must be an array of strings');
    }
    const client: Auth0Client = {
      clientId: newClientId(),
      clientSecret: newClientSecret(),
      name: (body.client_name as string | undefined) ?? 'My App',
      description: null,
      appType: null,
      grantTypes: grantTypes as string[],
      tokenEndpointAuthMethod: method as string,
      clientMetadata: {},
      callbacks: redirectUris as string[],
      isFirstParty: false,
    };
    tenant.clients.set(client.clientId, client);
    send(ctx, 201, {
      client_name: client.name,
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.callbacks,
      client_secret_expires_at: 0,
    });
  };
}

function grantBody(grant: { id: string; clientId: string; audience: string; scope: string[] }) {
  return { id: grant.id, client_id: grant.clientId, audience: grant.audience, scope: grant.scope };
}

/** JSON Schema's name for a value's type, as Auth0's validator words it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

function stringArray(value: unknown, property: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidBody(`'Expected type array of strings' on property ${property}.`);
  }
  return value as string[];
}

/** Validates the client fields present in a create or update body; nothing is stored when one is wrong. */
function validateClientFields(body: Record<string, unknown>): Record<string, unknown> {
  const extra = Object.keys(body).find((k) => !CLIENT_PROPERTIES.has(k));
  if (extra) throw invalidBody(`'Additional properties not allowed: ${extra}'.`);
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length === 0)) {
    throw invalidBody("'String is too short (0 chars), minimum 1' on property name (The name of the client).");
  }
  if (body.description !== undefined && typeof body.description !== 'string')
    throw invalidBody("'Expected type string' on property description.");
  if (body.app_type !== undefined && (typeof body.app_type !== 'string' || !APP_TYPES.has(body.app_type))) {
    throw invalidBody(`'No enum match for: ${JSON.stringify(body.app_type)}' on property app_type.`);
  }
  if (
    body.token_endpoint_auth_method !== undefined &&
    (typeof body.token_endpoint_auth_method !== 'string' || !AUTH_METHODS.has(body.token_endpoint_auth_method))
  ) {
    throw invalidBody(
      `'No enum match for: ${JSON.stringify(body.token_endpoint_auth_method)}' on property token_endpoint_auth_method.`,
    );
  }
  if (body.is_first_party !== undefined && typeof body.is_first_party !== 'boolean') {
    throw invalidBody(`'Expected type boolean but found type ${jsonType(body.is_first_party)}' on property is_first_party.`);
  }
  if (body.grant_types !== undefined) stringArray(body.grant_types, 'grant_types');
  if (body.callbacks !== undefined) stringArray(body.callbacks, 'callbacks');
  if (body.client_metadata !== undefined) {
    const metadata = body.client_metadata;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw invalidBody("'Expected type object' on property client_metadata.");
    }
    // vendors.md §1.4: client_metadata values must be strings.
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string')
        throw invalidBody(`'Expected type string but found type ${typeof value}' on property client_metadata.${key}.`);
    }
  }
  return body;
}

function send(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.set(JSON_HEADERS);
  ctx.body = JSON.stringify(body);
}

export { JSON_HEADERS as MANAGEMENT_HEADERS };
