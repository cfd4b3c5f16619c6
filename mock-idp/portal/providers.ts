/**
 * DCR providers as Konnect drives them (../shared/reference/vendors.md §5.2-5.3): over HTTP, against the harness's
 * own vendor APIs, with the initial credentials each provider type is configured with. Creating an application in
 * the portal runs exactly these calls; nothing reaches into a tenant's store directly.
 */
import type { HarnessManifest, ManifestTenant } from '../../shared/harness/manifest';
import type { AuthStrategy } from '../gateway/strategies';

export interface ProviderApp {
  clientId: string;
  clientSecret: string;
  /** What the provider needs to manage the client later (Graph object id and key id, RFC 7592 URI and token…). */
  state: Record<string, string>;
}

export interface CreateInput {
  name: string;
  description: string;
  scopes: string[];
  redirectUri: string | null;
  applicationId: string;
  developerId: string;
  portalId: string;
  organizationId: string;
  strategyUuid: string;
  /** The DCR provider's id, as the portal context lists it in `dcr_provider_ids`. */
  dcrProviderUuid: string;
  /** The API product version the application is registered for (the strategy's API). */
  apiProductVersionId: string;
}

export interface DcrProvider {
  create(input: CreateInput): Promise<ProviderApp>;
  rotate(app: ProviderApp): Promise<ProviderApp>;
  remove(app: ProviderApp, input: CreateInput): Promise<void>;
}

/** A provider call failed: Konnect aborts the operation and reports it (vendors.md §5.3: any non-2xx aborts). */
export class ProviderError extends Error {}

interface Reply {
  status: number;
  json: Record<string, unknown>;
}

async function call(url: string, init: RequestInit & { json?: unknown; form?: Record<string, string> }): Promise<Reply> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  if (init.form !== undefined) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(init.form);
  }
  headers.set('accept', 'application/json');
  const response = await fetch(url, { ...init, headers, body: body ?? null });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: response.status, json };
}

function expect(reply: Reply, status: number, what: string): Reply {
  if (reply.status !== status) {
    const detail =
      (reply.json.error_description as string | undefined) ??
      (reply.json.message as string | undefined) ??
      (reply.json.errorSummary as string | undefined) ??
      ((reply.json.error as { message?: string } | undefined)?.message as string | undefined) ??
      (typeof reply.json.error === 'string' ? reply.json.error : undefined) ??
      `HTTP ${reply.status}`;
    throw new ProviderError(`${what}: ${detail}`);
  }
  return reply;
}

async function clientCredentialsToken(
  tokenEndpoint: string,
  id: string,
  secret: string,
  params: Record<string, string>,
  basic: boolean,
): Promise<string> {
  const form: Record<string, string> = { grant_type: 'client_credentials', ...params };
  const headers: Record<string, string> = {};
  if (basic)
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  else Object.assign(form, { client_id: id, client_secret: secret });
  const reply = expect(await call(tokenEndpoint, { method: 'POST', headers, form }), 200, 'token request');
  return String(reply.json.access_token);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

/** Auth0: Management API token, `POST /api/v2/clients`, then a client grant for the strategy's audience. */
function auth0(tenant: ManifestTenant, strategy: AuthStrategy): DcrProvider {
  const { clientId, clientSecret, audience } = tenant.registration.credentials as Record<string, string>;
  const base = tenant.baseUrl;
  const token = () =>
    clientCredentialsToken(tenant.tokenEndpoint, clientId ?? '', clientSecret ?? '', { audience: audience ?? '' }, false);
  return {
    async create(input) {
      const bearer = { authorization: `Bearer ${await token()}` };
      // The client_metadata keys Konnect sets (Kong docs, Auth0 DCR how-to: CONFIRMED in vendors.md §5.2).
      const created = expect(
        await call(`${base}/api/v2/clients`, {
          method: 'POST',
          headers: bearer,
          json: {
            name: input.name,
            description: input.description,
            app_type: 'non_interactive',
            grant_types: ['client_credentials'],
            token_endpoint_auth_method: 'client_secret_post',
            client_metadata: {
              konnect_portal_id: input.portalId,
              konnect_developer_id: input.developerId,
              konnect_org_id: input.organizationId,
              konnect_application_id: input.applicationId,
            },
          },
        }),
        201,
        'Auth0 create client',
      );
      const id = str(created.json.client_id);
      const grant = await call(`${base}/api/v2/client-grants`, {
        method: 'POST',
        headers: bearer,
        json: { client_id: id, audience: strategy.tokenParams.audience, scope: input.scopes },
      });
      if (grant.status !== 201) {
        // Nothing half-created: the client is removed again when its grant cannot be made.
        await call(`${base}/api/v2/clients/${id}`, { method: 'DELETE', headers: bearer });
        expect(grant, 201, 'Auth0 create client grant');
      }
      return { clientId: id, clientSecret: str(created.json.client_secret), state: {} };
    },
    async rotate(app) {
      const reply = expect(
        await call(`${base}/api/v2/clients/${app.clientId}/rotate-secret`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await token()}` },
        }),
        200,
        'Auth0 rotate secret',
      );
      return { ...app, clientSecret: str(reply.json.client_secret) };
    },
    async remove(app) {
      expect(
        await call(`${base}/api/v2/clients/${app.clientId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${await token()}` },
        }),
        204,
        'Auth0 delete client',
      );
    },
  };
}

/** Okta: `POST /oauth2/v1/clients` with `SSWS <dcr_token>`, `…/lifecycle/newSecret`, DELETE (Kong's reference bridge). */
function okta(tenant: ManifestTenant): DcrProvider {
  const endpoint = tenant.registration.endpoint;
  const headers = { authorization: `SSWS ${tenant.registration.credentials.apiToken}` };
  return {
    async create(input) {
      const reply = expect(
        await call(endpoint, {
          method: 'POST',
          headers,
          json: {
            client_name: input.name,
            application_type: 'service',
            grant_types: ['client_credentials'],
            response_types: ['token'],
            token_endpoint_auth_method: 'client_secret_basic',
            redirect_uris: [],
          },
        }),
        201,
        'Okta create client',
      );
      return { clientId: str(reply.json.client_id), clientSecret: str(reply.json.client_secret), state: {} };
    },
    async rotate(app) {
      const reply = expect(
        await call(`${endpoint}/${app.clientId}/lifecycle/newSecret`, { method: 'POST', headers }),
        200,
        'Okta new secret',
      );
      return { ...app, clientSecret: str(reply.json.client_secret) };
    },
    async remove(app) {
      expect(await call(`${endpoint}/${app.clientId}`, { method: 'DELETE', headers }), 204, 'Okta delete client');
    },
  };
}

/** Curity: a `dcr` token from the initial client, RFC 7591 registration, RFC 7592 PUT and DELETE. */
function curity(tenant: ManifestTenant, strategy: AuthStrategy): DcrProvider {
  const { clientId, clientSecret } = tenant.registration.credentials as Record<string, string>;
  return {
    async create(input) {
      const iat = await clientCredentialsToken(tenant.tokenEndpoint, clientId ?? '', clientSecret ?? '', { scope: 'dcr' }, true);
      // Curity restricts a client to its registered scopes: with none chosen, the strategy's scopes are registered.
      const scope = (input.scopes.length > 0 ? input.scopes : strategy.availableScopes).join(' ');
      const reply = expect(
        await call(tenant.registration.endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${iat}` },
          json: {
            client_name: input.name,
            grant_types: ['client_credentials'],
            ...(scope && { scope }),
            token_endpoint_auth_method: 'client_secret_basic',
          },
        }),
        201,
        'Curity registration',
      );
      return {
        clientId: str(reply.json.client_id),
        clientSecret: str(reply.json.client_secret),
        state: {
          registrationClientUri: str(reply.json.registration_client_uri),
          registrationAccessToken: str(reply.json.registration_access_token),
          clientName: input.name,
          scope,
        },
      };
    },
    async rotate(app) {
      const reply = expect(
        await call(app.state.registrationClientUri ?? '', {
          method: 'PUT',
          headers: { authorization: `Bearer ${app.state.registrationAccessToken}` },
          json: {
            client_id: app.clientId,
            client_name: app.state.clientName,
            grant_types: ['client_credentials'],
            ...(app.state.scope && { scope: app.state.scope }),
          },
        }),
        200,
        'Curity update registration',
      );
      return {
        ...app,
        clientSecret: str(reply.json.client_secret),
        state: { ...app.state, registrationAccessToken: str(reply.json.registration_access_token) },
      };
    },
    async remove(app) {
      expect(
        await call(app.state.registrationClientUri ?? '', {
          method: 'DELETE',
          headers: { authorization: `Bearer ${app.state.registrationAccessToken}` },
        }),
        204,
        'Curity delete registration',
      );
    },
  };
}

/** Entra: a Graph token, `POST /applications`, a service principal, `addPassword`; rotation adds then removes. */
function azure(tenant: ManifestTenant): DcrProvider {
  const { clientId, clientSecret, scope } = tenant.registration.credentials as Record<string, string>;
  const graph = tenant.registration.endpoint.replace(/\/applications$/, '');
  const token = async () => ({
    authorization: `Bearer ${await clientCredentialsToken(tenant.tokenEndpoint, clientId ?? '', clientSecret ?? '', { scope: scope ?? '' }, false)}`,
  });
  const addPassword = async (headers: Record<string, string>, objectId: string) =>
    expect(
      await call(`${graph}/applications/${objectId}/addPassword`, {
        method: 'POST',
        headers,
        json: { passwordCredential: { displayName: 'Konnect' } },
      }),
      200,
      'Graph addPassword',
    );
  return {
    async create(input) {
      const headers = await token();
      const app = expect(
        await call(`${graph}/applications`, { method: 'POST', headers, json: { displayName: input.name } }),
        201,
        'Graph create application',
      );
      const objectId = str(app.json.id);
      const appId = str(app.json.appId);
      try {
        // Whether Konnect creates the service principal is UNCONFIRMED (vendors.md §5.2); without one the new
        // app's token requests fail with AADSTS7000229, so the harness's Konnect creates it.
        expect(
          await call(`${graph}/servicePrincipals`, { method: 'POST', headers, json: { appId } }),
          201,
          'Graph create service principal',
        );
        const password = await addPassword(headers, objectId);
        return {
          clientId: appId,
          clientSecret: str(password.json.secretText),
          state: { objectId, keyId: str(password.json.keyId) },
        };
      } catch (error) {
        await call(`${graph}/applications/${objectId}`, { method: 'DELETE', headers });
        throw error;
      }
    },
    async rotate(app) {
      const headers = await token();
      const password = await addPassword(headers, app.state.objectId ?? '');
      expect(
        await call(`${graph}/applications/${app.state.objectId}/removePassword`, {
          method: 'POST',
          headers,
          json: { keyId: app.state.keyId },
        }),
        204,
        'Graph removePassword',
      );
      return { ...app, clientSecret: str(password.json.secretText), state: { ...app.state, keyId: str(password.json.keyId) } };
    },
    async remove(app) {
      expect(
        await call(`${graph}/applications/${app.state.objectId}`, { method: 'DELETE', headers: await token() }),
        204,
        'Graph delete application',
      );
    },
  };
}

/** The HTTP DCR bridge contract (vendors.md §5.3), including the lifecycle event hook. */
function bridge(endpoint: string, apiKey: string): DcrProvider {
  const headers = { 'x-api-key': apiKey };
  const ids = (input: CreateInput) => ({
    portal_id: input.portalId,
    organization_id: input.organizationId,
    developer_id: input.developerId,
    auth_strategy_id: input.strategyUuid,
    dcr_provider_id: input.dcrProviderUuid,
  });
  // add_registration / remove_registration carry the application and the API product version (vendors.md §5.3).
  const event = (type: string, clientId: string, input: CreateInput) => ({
    event_type: type,
    client_id: clientId,
    application_id: input.applicationId,
    application_name: input.name,
    application_description: input.description,
    ...ids(input),
    api_product_version_id: input.apiProductVersionId,
  });
  return {
    async create(input) {
      const reply = expect(
        await call(`${endpoint}/`, {
          method: 'POST',
          headers,
          json: {
            redirect_uris: input.redirectUri ? [input.redirectUri] : [],
            client_name: input.name,
            grant_types: ['client_credentials'],
            scopes: input.scopes,
            token_endpoint_auth_method: 'client_secret_post',
            application_description: input.description,
            ...ids(input),
          },
        }),
        201,
        'DCR bridge create',
      );
      const clientId = str(reply.json.client_id);
      // Any non-2xx aborts the operation (vendors.md §5.3): the client is removed again.
      const hook = await call(`${endpoint}/${clientId}/event-hook`, {
        method: 'POST',
        headers,
        json: event('add_registration', clientId, input),
      });
      if (hook.status !== 200) {
        await call(`${endpoint}/${clientId}`, { method: 'DELETE', headers });
        expect(hook, 200, 'DCR bridge event hook');
      }
      return { clientId, clientSecret: str(reply.json.client_secret), state: {} };
    },
    async rotate(app) {
      const reply = expect(
        await call(`${endpoint}/${app.clientId}/new-secret`, { method: 'POST', headers }),
        200,
        'DCR bridge new secret',
      );
      return { ...app, clientSecret: str(reply.json.client_secret) };
    },
    async remove(app, input) {
      expect(
        await call(`${endpoint}/${app.clientId}/event-hook`, {
          method: 'POST',
          headers,
          json: event('remove_registration', app.clientId, input),
        }),
        200,
        'DCR bridge event hook',
      );
      expect(await call(`${endpoint}/${app.clientId}`, { method: 'DELETE', headers }), 204, 'DCR bridge delete');
    },
  };
}

export function providerFor(strategy: AuthStrategy, manifest: HarnessManifest): DcrProvider {
  if (strategy.dcrProvider === 'http') {
    if (!manifest.dcrBridge) throw new ProviderError('no HTTP DCR bridge is configured');
    return bridge(manifest.dcrBridge.endpoint, manifest.dcrBridge.apiKey);
  }
  const tenant = manifest.tenants.find((t) => t.id === strategy.tenantId);
  if (!tenant) throw new ProviderError(`no tenant "${strategy.tenantId}"`);
  switch (tenant.vendor) {
    case 'auth0':
      return auth0(tenant, strategy);
    case 'okta':
      return okta(tenant);
    case 'curity':
      return curity(tenant, strategy);
    case 'azure':
      return azure(tenant);
  }
}
