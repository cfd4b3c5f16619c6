/**
 * Okta's Dynamic Client Registration API, `/oauth2/v1/clients` (shared/reference/vendors.md §3.3, from the
 * Okta DCR reference in okta/okta-developer-docs). Authenticated with `Authorization: SSWS <api token>`.
 * Clients created here get tokens at once: they live in the tenant's client store.
 */
import type { Context, Middleware, Next } from 'koa';
import { okta } from '../../../shared/vendors';
import { readJsonObject, safeEqual } from '../../core/http';
import { alphanumeric } from '../../core/ids';
import { OAuthError, OktaApiError } from '../../errors';
import { type ClientRegistry, RegistryError, type Route } from '../../tenant';
import { pathUnder, sendJson } from '../kit';
import { API_HEADERS, UNKNOWN_CLIENT } from './errors';
import type { OktaClient, OktaHost } from './store';

/** `/oauth2/v1/clients`, from the vendor registry. */
const CLIENTS = pathUnder(okta.registration.endpointTemplate);

const APPLICATION_TYPES = new Set(['web', 'native', 'browser', 'service']);
const AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none']);

function invalidMetadata(description: string): OAuthError {
  return new OAuthError(400, 'invalid_client_metadata', description);
}

// Unknown ids answer like the token endpoint does: CONFIRMED for GET and DELETE (vendors.md §3.3); PUT follows them.
const unknownClient = () => new OAuthError(401, 'invalid_client', UNKNOWN_CLIENT);

/** The response body of a client (the secret only where Okta returns it: create, update, newSecret). */
export function clientBody(client: OktaClient, withSecret: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { client_id: client.clientId };
  if (withSecret) body.client_secret = client.clientSecret;
  Object.assign(body, {
    client_id_issued_at: client.issuedAt,
    client_secret_expires_at: 0,
    client_name: client.name,
    client_uri: client.clientUri,
    logo_uri: client.logoUri,
    application_type: client.applicationType,
    redirect_uris: client.redirectUris,
    response_types: client.responseTypes,
    grant_types: client.grantTypes,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
  });
  return body;
}

function stringArray(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw invalidMetadata(`${field}: The field must be an array of strings`);
  return value as string[];
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalidMetadata(`${field}: The field must be a string`);
  return value;
}

export class OktaClientsApi {
  constructor(private readonly host: OktaHost) {}

  routes(boundary: Middleware): Route[] {
    const base = CLIENTS;
    const guard = [boundary, this.authenticateSsws];
    return [
      { method: 'POST', path: base, steps: [...guard, this.create] },
      { method: 'GET', path: base, steps: [...guard, this.list] },
      { method: 'GET', path: `${base}/:clientId`, steps: [...guard, this.read] },
      { method: 'PUT', path: `${base}/:clientId`, steps: [...guard, this.replace] },
      { method: 'DELETE', path: `${base}/:clientId`, steps: [...guard, this.remove] },
      { method: 'POST', path: `${base}/:clientId/lifecycle/newSecret`, steps: [...guard, this.newSecret] },
    ];
  }

  // No Authorization header at all: 403 E0000005 "Invalid session". The code and summary are Okta's error-code
  // list (https://developer.okta.com/docs/reference/error-codes/, E0000005); the status and the whole envelope
  // are the body okta/okta-sdk-php's tests replay (tests/Unit/DataStore/DefaultDataStoreTest.php: 403 with
  // {"errorCode":"E0000005","errorSummary":"Invalid session","errorLink":"E0000005","errorId":"oae…",
  // "errorCauses":[]}). That Okta gives it to a request with no credentials is PARTIAL (third-party reports of an
  // unauthenticated `GET /api/v1/users` and of a DCR call refused this way, found by GitHub code search).
  // An empty header counts as none (node trims header values; the harness's choice, UNCONFIRMED). A malformed or
  // wrong SSWS token stays 401 E0000011 (vendors.md §3.3, CONFIRMED).
  authenticateSsws = async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    if (header === '') throw new OktaApiError(403, 'E0000005', 'Invalid session');
    const match = /^SSWS (.+)$/.exec(header);
    if (!match?.[1] || !safeEqual(match[1], this.host.config.apiToken))
      throw new OktaApiError(401, 'E0000011', 'Invalid token provided');
    await next();
  };

  create = async (ctx: Context): Promise<void> => {
    this.send(ctx, 201, clientBody(this.createClient(await this.readMetadata(ctx)), true));
  };

  /** Validates, then stores: the one place a client is created (the HTTP API and the in-process registry). */
  createClient(raw: Record<string, unknown>): OktaClient {
    const client = this.build(this.validate(raw), {
      clientId: `0oa${alphanumeric(17)}`,
      clientSecret: alphanumeric(40),
      issuedAt: this.host.env.clock.epoch(),
    });
    this.host.store.clients.set(client.clientId, client);
    return client;
  }

  rotate(clientId: string): OktaClient | undefined {
    const client = this.host.store.clients.get(clientId);
    if (!client) return undefined;
    const rotated = { ...client, clientSecret: alphanumeric(40) };
    this.host.store.clients.set(clientId, rotated);
    return rotated;
  }

  list = (ctx: Context): void => {
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.toLowerCase() : '';
    const limit = Math.min(Math.max(Number(ctx.query.limit) || 20, 1), 200);
    const after = typeof ctx.query.after === 'string' ? ctx.query.after : undefined;
    let all = [...this.host.store.clients.values()].filter((c) => c.name.toLowerCase().startsWith(q));
    if (after) all = all.slice(all.findIndex((c) => c.clientId === after) + 1);
    const page = all.slice(0, limit);
    const self = `${new URL(this.host.baseUrl).origin}${ctx.path}${ctx.querystring ? `?${ctx.querystring}` : ''}`;
    const links = [`<${self}>; rel="self"`];
    const last = page.at(-1);
    if (all.length > limit && last) {
      links.push(`<${new URL(this.host.baseUrl).origin}${ctx.path}?limit=${limit}&after=${last.clientId}>; rel="next"`);
    }
    ctx.set('Link', links.join(', '));
    this.send(
      ctx,
      200,
      page.map((c) => clientBody(c, false)),
    );
  };

  read = (ctx: Context): void => {
    this.send(ctx, 200, clientBody(this.find(ctx), false));
  };

  /** PUT replaces the whole client; the secret stays (Okta returns it on update). */
  replace = async (ctx: Context): Promise<void> => {
    const current = this.find(ctx);
    const metadata = this.validate(await this.readMetadata(ctx), current.clientId);
    // The app's lifecycle status and last change (the Apps API's, apps.ts) survive a DCR update.
    const client = { ...this.build(metadata, current), ...(current.status && { status: current.status }) };
    this.host.store.clients.set(client.clientId, client);
    this.send(ctx, 200, clientBody(client, true));
  };

  remove = (ctx: Context): void => {
    const client = this.find(ctx);
    this.host.store.clients.delete(client.clientId);
    ctx.status = 204;
  };

  // POST …/lifecycle/newSecret: 200 with the client and its new secret; the old one stops working.
  newSecret = (ctx: Context): void => {
    const id = String(ctx.params.clientId);
    const rotated = this.rotate(id);
    if (!rotated) throw new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (PublicClientApp)`);
    this.send(ctx, 200, clientBody(rotated, true));
  };

  find(ctx: Context): OktaClient {
    const client = this.host.store.clients.get(String(ctx.params.clientId));
    if (!client) throw unknownClient();
    return client;
  }

  /** Reads RFC 7591-style metadata; `validate` checks it, and nothing is stored unless all of it is valid. */
  /** A body Okta cannot parse is 400 E0000003 (the boundary's answer to a BodyError). */
  readMetadata(ctx: Context): Promise<Record<string, unknown>> {
    return readJsonObject(ctx);
  }

  validate(metadata: Record<string, unknown>, updating?: string): Record<string, unknown> {
    const name = metadata.client_name;
    if (typeof name !== 'string' || name.trim() === '') throw invalidMetadata('client_name: The field cannot be left blank');
    for (const other of this.host.store.clients.values()) {
      if (other.name === name && other.clientId !== updating) {
        throw invalidMetadata('client_name: An object with this field already exists in the current organization');
      }
    }
    const type = metadata.application_type ?? 'web';
    if (typeof type !== 'string' || !APPLICATION_TYPES.has(type)) {
      throw invalidMetadata(`application_type: '${String(type)}' is not a valid application type`);
    }
    const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
    if (typeof method !== 'string' || !AUTH_METHODS.has(method)) {
      throw invalidMetadata(`token_endpoint_auth_method: '${String(method)}' is not a valid authentication method`);
    }
    const grantTypes =
      stringArray(metadata.grant_types, 'grant_types') ?? (type === 'service' ? ['client_credentials'] : ['authorization_code']);
    // Okta's DCR reference (okta/okta-developer-docs, docs/reference/api/oauth-clients/index.md, "Different
    // Application types have different valid values for the corresponding grant type"): a `service` app's only
    // valid grant type is client_credentials. The answer is the reference's invalid_client_metadata shape; the
    // description text is UNCONFIRMED (Okta's wording for this case is not documented).
    if (type === 'service') {
      const other = grantTypes.find((g) => g !== 'client_credentials');
      if (other !== undefined) {
        throw invalidMetadata(`grant_types: '${other}' is not a valid grant type for application_type 'service'`);
      }
    }
    const redirectUris = stringArray(metadata.redirect_uris, 'redirect_uris') ?? [];
    if ((grantTypes.includes('authorization_code') || grantTypes.includes('implicit')) && redirectUris.length === 0) {
      throw invalidMetadata('redirect_uris: The field cannot be left blank');
    }
    return {
      ...metadata,
      application_type: type,
      token_endpoint_auth_method: method,
      grant_types: grantTypes,
      redirect_uris: redirectUris,
      response_types: stringArray(metadata.response_types, 'response_types') ?? (type === 'service' ? ['token'] : ['code']),
      client_uri: optionalString(metadata.client_uri, 'client_uri'),
      logo_uri: optionalString(metadata.logo_uri, 'logo_uri'),
    };
  }

  build(metadata: Record<string, unknown>, ids: { clientId: string; clientSecret: string; issuedAt: number }): OktaClient {
    return {
      clientId: ids.clientId,
      clientSecret: ids.clientSecret,
      issuedAt: ids.issuedAt,
      name: metadata.client_name as string,
      applicationType: metadata.application_type as string,
      tokenEndpointAuthMethod: metadata.token_endpoint_auth_method as string,
      grantTypes: metadata.grant_types as string[],
      redirectUris: metadata.redirect_uris as string[],
      responseTypes: metadata.response_types as string[],
      clientUri: metadata.client_uri as string | null,
      logoUri: metadata.logo_uri as string | null,
    };
  }

  send(ctx: Context, status: number, body: unknown): void {
    sendJson(ctx, status, body, API_HEADERS);
  }

  /** The bridge registers service apps, as Kong's reference bridge does for client_credentials (vendors.md §5.3). */
  registry(): ClientRegistry {
    return {
      register: (input) => {
        try {
          const client = this.createClient({
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
        const client = this.rotate(clientId);
        return client && { clientId, clientSecret: client.clientSecret, issuedAt: client.issuedAt };
      },
      remove: (clientId) => this.host.store.clients.delete(clientId),
      // Okta grants scopes through the authorization server's policies, not on the client (vendors.md §3).
      list: () =>
        [...this.host.store.clients.values()].map((c) => ({
          clientId: c.clientId,
          name: c.name,
          grantTypes: c.grantTypes,
          scopes: [],
        })),
    };
  }
}
