/**
 * Auth0's Management API v2 subset Konnect uses (shared/reference/vendors.md §1.4): clients, client grants and
 * secret rotation, authorised by a Management API access token from the tenant's own /oauth/token (the open
 * OIDC Dynamic Client Registration endpoint `/oidc/register`, §1.3, is in register.ts). Errors use Auth0's
 * hapi/Boom shape `{statusCode, error, message, errorCode}`.
 */
import type { Context, Middleware, Next } from 'koa';
import { auth0 } from '../../../shared/vendors';
import { readJsonObject } from '../../core/http';
import { verifyWithRing } from '../../core/keys';
import { Auth0ApiError } from '../../errors';
import { type ClientRegistry, RegistryError, type Route } from '../../tenant';
import { pathUnder, sendJson } from '../kit';
import { invalidBody, MANAGEMENT_HEADERS, noSuchClient } from './errors';
import { Auth0GrantsApi } from './grants';
import { fieldFilter, offsetPage } from './paging';
import { DEFAULT_GRANT_TYPES, validateClientFields } from './schema';
import { type Auth0Client, type Auth0Host, newClientId, newClientSecret } from './store';

/** `/api/v2/clients`, from the vendor registry; client grants live beside it. */
const CLIENTS = pathUnder(auth0.registration.endpointTemplate);
const GRANTS = CLIENTS.replace(/clients$/, 'client-grants');

/**
 * What Konnect does through the Management API (vendors.md §5.2): a non-interactive client, then a client grant
 * for the tenant's first API with the requested scopes that API defines.
 */
export function managementRegistry(host: Auth0Host): ClientRegistry {
  const { store } = host;
  return {
    register: (input) => {
      const api = host.config.apis[0];
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
      store.clients.set(client.clientId, client);
      const id = `cgr_${newClientId().slice(0, 16)}`;
      store.grants.set(id, {
        id,
        clientId: client.clientId,
        audience: api.identifier,
        scope: input.scopes.filter((s) => api.scopes.includes(s)),
      });
      return { clientId: client.clientId, clientSecret: client.clientSecret, issuedAt: host.env.clock.epoch() };
    },
    rotateSecret: (clientId) => {
      const client = store.clients.get(clientId);
      if (!client) return undefined;
      const rotated = { ...client, clientSecret: newClientSecret() };
      store.clients.set(clientId, rotated);
      return { clientId, clientSecret: rotated.clientSecret, issuedAt: host.env.clock.epoch() };
    },
    remove: (clientId) => store.removeClient(clientId),
    list: () =>
      [...store.clients.values()].map((c) => ({
        clientId: c.clientId,
        name: c.name,
        grantTypes: c.grantTypes,
        scopes: [...store.grants.values()].filter((g) => g.clientId === c.clientId).flatMap((g) => g.scope),
      })),
  };
}

interface ManagementToken {
  scopes: Set<string>;
}

export class Auth0ManagementApi {
  constructor(private readonly host: Auth0Host) {}

  routes(boundary: Middleware): Route[] {
    const auth = (scope: string) => [boundary, this.authenticate, this.requireScope(scope)];
    const grants = new Auth0GrantsApi(this.host);
    return [
      { method: 'POST', path: CLIENTS, steps: [...auth('create:clients'), this.createClient] },
      { method: 'GET', path: CLIENTS, steps: [...auth('read:clients'), this.listClients] },
      { method: 'GET', path: `${CLIENTS}/:id`, steps: [...auth('read:clients'), this.readClient] },
      { method: 'PATCH', path: `${CLIENTS}/:id`, steps: [...auth('update:clients'), this.updateClient] },
      { method: 'DELETE', path: `${CLIENTS}/:id`, steps: [...auth('delete:clients'), this.deleteClient] },
      { method: 'POST', path: `${CLIENTS}/:id/rotate-secret`, steps: [...auth('update:client_keys'), this.rotateSecret] },
      { method: 'POST', path: GRANTS, steps: [...auth('create:client_grants'), grants.createGrant] },
      { method: 'GET', path: GRANTS, steps: [...auth('read:client_grants'), grants.listGrants] },
      { method: 'PATCH', path: `${GRANTS}/:id`, steps: [...auth('update:client_grants'), grants.updateGrant] },
      { method: 'DELETE', path: `${GRANTS}/:id`, steps: [...auth('delete:client_grants'), grants.deleteGrant] },
    ];
  }

  /** A Management API token: an RS256 JWT from this tenant, for `<domain>/api/v2/`, not expired (harness clock). */
  authenticate = async (ctx: Context, next: Next): Promise<void> => {
    const match = /^Bearer (\S+)$/i.exec(ctx.get('authorization'));
    // Wording for a missing token is UNCONFIRMED; "Invalid token" for a bad one is from vendors.md §1.4.
    if (!match?.[1]) throw new Auth0ApiError(401, 'Missing authentication');
    const claims = this.verifyToken(match[1]);
    if (!claims) throw new Auth0ApiError(401, 'Invalid token');
    if (Number(claims.exp) <= this.host.env.clock.epoch()) {
      throw new Auth0ApiError(401, 'Expired token received for JSON Web Token validation');
    }
    ctx.state.management = { scopes: new Set(String(claims.scope ?? '').split(' ')) } satisfies ManagementToken;
    await next();
  };

  verifyToken(token: string): Record<string, unknown> | undefined {
    const claims = verifyWithRing(this.host.keys, token);
    return claims?.iss === this.host.issuer && claims.aud === this.host.store.managementAudience ? claims : undefined;
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
    this.host.store.clients.set(client.clientId, client);
    send(ctx, 201, this.clientBody(client, true));
  };

  // GET /api/v2/clients: page, per_page, include_totals, fields, include_fields (paging.ts has the sources; the
  // get-clients reference lists no checkpoint paging for clients, so `from`/`take` are not read here).
  listClients = (ctx: Context): void => {
    const withKeys = (ctx.state.management as ManagementToken).scopes.has('read:client_keys');
    const only = fieldFilter(ctx);
    const clients = [...this.host.store.clients.values()];
    send(
      ctx,
      200,
      offsetPage(ctx, 'clients', clients, (c) => only(this.clientBody(c, withKeys))),
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
    this.host.store.clients.set(updated.clientId, updated);
    send(ctx, 200, this.clientBody(updated, true));
  };

  /**
   * Deleting a client also deletes its client grants, as Auth0 does. Idempotent: deleting an id that is already
   * gone is 204 too (auth0/go-auth0 test/data/recordings/TestClient_Delete.yaml, interaction 3: a second DELETE
   * of the deleted client answers `204 No Content`).
   */
  deleteClient = (ctx: Context): void => {
    this.host.store.removeClient(String(ctx.params.id));
    ctx.status = 204;
  };

  // POST /api/v2/clients/{id}/rotate-secret: 200 with the whole client and its new secret (Auth0 API reference).
  rotateSecret = (ctx: Context): void => {
    const client = { ...this.findClient(ctx), clientSecret: newClientSecret() };
    this.host.store.clients.set(client.clientId, client);
    send(ctx, 200, this.clientBody(client, true));
  };

  findClient(ctx: Context): Auth0Client {
    const client = this.host.store.clients.get(String(ctx.params.id));
    if (!client) throw noSuchClient();
    return client;
  }

  /** The client object as the Management API returns it (auth0.com/docs/api/management/v2/clients). */
  clientBody(client: Auth0Client, withSecret: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {
      tenant: this.host.id,
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

function send(ctx: Context, status: number, body: unknown): void {
  sendJson(ctx, status, body, MANAGEMENT_HEADERS);
}
