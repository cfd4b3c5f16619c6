/**
 * The part of Okta's Apps API `/api/v1/apps` that the Okta Node SDK v8 (`ApplicationApi`) uses for OIDC service
 * apps: create, list, get, activate, deactivate, delete. Sources: the management spec the SDK is generated from
 * (okta/okta-sdk-nodejs `oas-spec/management.yaml`, published at
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/) and the pre-OpenAPI Apps
 * API reference (okta/okta-developer-docs, https://developer.okta.com/docs/reference/api/apps/). Each quirk is
 * tagged where it is written.
 *
 * An app is a client of the tenant's one client store, shared with `/oauth2/v1/clients` (clients.ts): an app
 * created here is a client with that client_id whose secret gets tokens at once, and a client created by DCR is an
 * app here. CONFIRMED: Okta's DCR reference says a client's `client_id` is its app id.
 */
import type { Context, Middleware } from 'koa';
import { readJsonObject } from '../../core/http';
import { OAuthError, OktaApiError } from '../../errors';
import type { Route } from '../../tenant';
import { sendJson } from '../kit';
import type { OktaClientsApi } from './clients';
import { API_HEADERS, appNotFound, sendOktaError } from './errors';
import type { OktaClient, OktaHost } from './store';

const APPS = '/api/v1/apps';

/** ISO 8601 with milliseconds, as every Okta timestamp is (`2023-01-21T14:11:24.000Z`, management spec). */
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

// `Api validation failed: {0}` with the causes in `errorCauses` (management spec, ErrorApiValidationFailed,
// CONFIRMED for the envelope); which field names Okta puts in {0} for each case is UNCONFIRMED.
const validationFailed = (field: string) => new OktaApiError(400, 'E0000001', `Api validation failed: ${field}`);

class AppValidationError extends Error {
  constructor(
    readonly error: OktaApiError,
    readonly causes: string[],
  ) {
    super(error.summary);
  }
}

function object(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export class OktaAppsApi {
  constructor(
    private readonly host: OktaHost,
    private readonly clients: OktaClientsApi,
  ) {}

  routes(boundary: Middleware): Route[] {
    const guard = [boundary, this.clients.authenticateSsws];
    return [
      { method: 'POST', path: APPS, steps: [...guard, this.create] },
      { method: 'GET', path: APPS, steps: [...guard, this.list] },
      { method: 'GET', path: `${APPS}/:appId`, steps: [...guard, this.read] },
      { method: 'DELETE', path: `${APPS}/:appId`, steps: [...guard, this.remove] },
      { method: 'POST', path: `${APPS}/:appId/lifecycle/activate`, steps: [...guard, this.lifecycle('ACTIVE')] },
      { method: 'POST', path: `${APPS}/:appId/lifecycle/deactivate`, steps: [...guard, this.lifecycle('INACTIVE')] },
    ];
  }

  /**
   * The app as Okta returns it. Fields and their order follow a real OIDC app read from the Apps API (the app JSON
   * in a public Terraform state dump found by GitHub code search, 2026) and the spec's OpenidConnectResponseEx:
   * `name` is always `oidc_client`, `label` is the DCR `client_name`, `client_id` = `id`. Parts the harness does not
   * model are left out (`orn`, `credentials.signing`, `universalLogout`, `profile`). The secret is in
   * `credentials.oauthClient.client_secret` on create only (spec's create example; UNCONFIRMED that GET never
   * returns it).
   */
  appBody(client: OktaClient, withSecret: boolean): Record<string, unknown> {
    const status = client.status ?? 'ACTIVE';
    const self = `${this.host.baseUrl}${APPS}/${client.clientId}`;
    const oauthClient: Record<string, unknown> = { autoKeyRotation: true, client_id: client.clientId };
    if (withSecret) oauthClient.client_secret = client.clientSecret;
    oauthClient.token_endpoint_auth_method = client.tokenEndpointAuthMethod;
    return {
      id: client.clientId,
      name: 'oidc_client',
      label: client.name,
      status,
      lastUpdated: iso(client.updatedAt ?? client.issuedAt),
      created: iso(client.issuedAt),
      accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
      visibility: {
        autoLaunch: false,
        autoSubmitToolbar: false,
        hide: { iOS: true, web: true },
        appLinks: { oidc_client_link: true },
      },
      features: [],
      signOnMode: 'OPENID_CONNECT',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Okta's own username template, sent as is
      credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, oauthClient },
      settings: {
        app: {},
        notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
        manualProvisioning: false,
        implicitAssignment: false,
        notes: { admin: null, enduser: null },
        oauthClient: {
          client_uri: client.clientUri,
          logo_uri: client.logoUri,
          redirect_uris: client.redirectUris,
          response_types: client.responseTypes,
          grant_types: client.grantTypes,
          application_type: client.applicationType,
          issuer_mode: 'DYNAMIC',
        },
      },
      // The lifecycle link is the one the app's status allows (old Apps reference: `deactivate` on an ACTIVE app;
      // `activate` on an INACTIVE one is PARTIAL). Only the lifecycle links are served by the harness.
      _links: {
        users: { href: `${self}/users` },
        groups: { href: `${self}/groups` },
        ...(status === 'ACTIVE'
          ? { deactivate: { href: `${self}/lifecycle/deactivate` } }
          : { activate: { href: `${self}/lifecycle/activate` } }),
      },
    };
  }

  /**
   * POST /api/v1/apps: 200 with the app (management spec, createApplication: the only success status is 200, not
   * 201 as on DCR). `?activate=false` creates it INACTIVE (spec: `activate`, default true).
   */
  create = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx);
    let client: OktaClient;
    try {
      client = this.clients.createClient(this.metadata(body));
    } catch (error) {
      if (error instanceof AppValidationError) return sendOktaError(ctx, error.error, error.causes);
      if (error instanceof OAuthError && error.error === 'invalid_client_metadata') {
        // DCR's validation (clients.ts) in the Apps API's dialect: E0000001 with DCR's description as the cause
        // (the field list and wording here are UNCONFIRMED; DCR's own texts are CONFIRMED, vendors.md §3.3).
        const description = error.description ?? '';
        const field = description.split(':')[0] ?? 'oauthClient';
        return sendOktaError(ctx, validationFailed(field === 'client_name' ? 'label' : field), [
          description.replace(/^client_name:/, 'label:'),
        ]);
      }
      throw error;
    }
    if (ctx.query.activate === 'false') {
      client = { ...client, status: 'INACTIVE' };
      this.host.store.clients.set(client.clientId, client);
    }
    sendJson(ctx, 200, this.appBody(client, true), API_HEADERS);
  };

  /** The app's request body as DCR metadata, so both APIs validate alike (the two are one object in Okta). */
  metadata(body: Record<string, unknown>): Record<string, unknown> {
    // Only custom OIDC apps are modelled: another signOnMode is refused (harness choice; Okta accepts the others).
    if (body.signOnMode !== 'OPENID_CONNECT') {
      throw new AppValidationError(validationFailed('signOnMode'), [
        `signOnMode: The harness models OPENID_CONNECT apps only, not '${String(body.signOnMode)}'`,
      ]);
    }
    const label = body.label;
    // A blank label: DCR's "The field cannot be left blank" wording on `label` (UNCONFIRMED for the Apps API).
    if (typeof label !== 'string' || label.trim() === '')
      throw new AppValidationError(validationFailed('label'), ['label: The field cannot be left blank']);
    const credentials = object(object(body.credentials).oauthClient);
    const settings = object(object(body.settings).oauthClient);
    return {
      client_name: label,
      application_type: settings.application_type,
      token_endpoint_auth_method: credentials.token_endpoint_auth_method,
      grant_types: settings.grant_types,
      response_types: settings.response_types,
      redirect_uris: settings.redirect_uris,
      client_uri: settings.client_uri,
      logo_uri: settings.logo_uri,
    };
  }

  /**
   * GET /api/v1/apps: `q` (startsWith on `name` or `label`, management spec), `filter` (below), `limit` (default
   * 20, maximum 200: the Apps reference's parameter table; the current spec says default -1, meaning no limit, which
   * the harness does not follow), `after` (the cursor Okta puts in the `next` link, an app id here). Pages are
   * linked with one `Link` header per relation, `<…>; rel="self"` and `<…?after=…&limit=…>; rel="next"` (the
   * Apps reference's "Link header" pagination; the exact next-URL layout is from a Go test fixture replaying Okta's
   * `/api/v1/apps?limit=2` headers found by GitHub code search, PARTIAL).
   */
  list = (ctx: Context): void => {
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.toLowerCase() : '';
    const keep = this.filter(ctx.query.filter);
    const limit = Math.min(Math.max(Math.trunc(Number(ctx.query.limit)) || 20, 1), 200);
    const after = typeof ctx.query.after === 'string' ? ctx.query.after : undefined;
    let all = [...this.host.store.clients.values()].filter(
      (c) => ('oidc_client'.startsWith(q) || c.name.toLowerCase().startsWith(q)) && keep(c),
    );
    if (after) all = all.slice(all.findIndex((c) => c.clientId === after) + 1);
    const page = all.slice(0, limit);
    const url = `${new URL(this.host.baseUrl).origin}${ctx.path}`;
    const links = [`<${url}${ctx.querystring ? `?${ctx.querystring}` : ''}>; rel="self"`];
    const last = page.at(-1);
    if (all.length > limit && last) {
      const next = new URLSearchParams();
      for (const key of ['q', 'filter'] as const) {
        const value = ctx.query[key];
        if (typeof value === 'string') next.set(key, value);
      }
      next.set('after', last.clientId);
      next.set('limit', String(limit));
      links.push(`<${url}?${next.toString().replaceAll('+', '%20')}>; rel="next"`);
    }
    ctx.set('Link', links);
    sendJson(
      ctx,
      200,
      page.map((c) => this.appBody(c, false)),
      API_HEADERS,
    );
  };

  /**
   * `filter`: the spec's examples `status eq "ACTIVE"` and `name eq "okta_org2org"`, plus `id eq "…"`; other
   * expressions are 400 E0000031 "Bad request. Invalid filter parameter." (Okta's error-code list, E0000031;
   * the on-wire summary is UNCONFIRMED). Okta supports more properties (`credentials.signing.kid`, …).
   */
  filter(raw: unknown): (c: OktaClient) => boolean {
    if (raw === undefined) return () => true;
    const match = typeof raw === 'string' ? /^\s*(status|name|id)\s+eq\s+"([^"]*)"\s*$/.exec(raw) : null;
    if (!match) throw new OktaApiError(400, 'E0000031', 'Bad request. Invalid filter parameter.');
    const [, field, value] = match;
    if (field === 'status') return (c) => (c.status ?? 'ACTIVE') === value;
    if (field === 'name') return () => value === 'oidc_client';
    return (c) => c.clientId === value;
  }

  read = (ctx: Context): void => {
    sendJson(ctx, 200, this.appBody(this.find(ctx), false), API_HEADERS);
  };

  /**
   * POST …/lifecycle/activate and …/deactivate: 200 with `{}` (Apps reference: "An empty JSON object `{}`"; the
   * current spec's 200 has no body schema). Asking for the status an app already has is answered the same
   * (UNCONFIRMED).
   */
  lifecycle(status: 'ACTIVE' | 'INACTIVE'): Middleware {
    return (ctx: Context): void => {
      const client = this.find(ctx);
      if ((client.status ?? 'ACTIVE') !== status) {
        this.host.store.clients.set(client.clientId, { ...client, status, updatedAt: this.host.env.clock.epoch() });
      }
      sendJson(ctx, 200, {}, API_HEADERS);
    };
  }

  /**
   * DELETE /api/v1/apps/{appId}: 204 for an INACTIVE app, after which neither API knows it. An ACTIVE one is 403
   * E0000056 "Delete application forbidden." with the cause "The application must be deactivated before deletion."
   * (CONFIRMED: the Apps reference's Delete Application example, okta/okta-developer-docs).
   */
  remove = (ctx: Context): void => {
    const client = this.find(ctx);
    if ((client.status ?? 'ACTIVE') === 'ACTIVE') {
      sendOktaError(ctx, new OktaApiError(403, 'E0000056', 'Delete application forbidden.'), [
        'The application must be deactivated before deletion.',
      ]);
    } else {
      this.host.store.clients.delete(client.clientId);
      ctx.status = 204;
    }
  };

  find(ctx: Context): OktaClient {
    const id = String(ctx.params.appId);
    const client = this.host.store.clients.get(id);
    if (!client) throw appNotFound(id);
    return client;
  }
}
