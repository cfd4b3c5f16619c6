import { basicAuthorization } from '../http/basic-auth';

/**
 * Registering clients at each IdP through its own API, over HTTP with `fetch` (shared/reference/vendors.md
 * §1.4, §2.3, §3.3, §4.3, §5.2-5.3). Runtime-neutral: the harness's portal uses it to act as Konnect, the extension
 * uses it to register directly. Every call is the vendor's documented one; failures carry the vendor's message.
 */

/** Where and how to register, per vendor API style (the admin credentials Konnect's DCR providers are given). */
export type RegistrationTarget =
  | {
      style: 'auth0-management';
      /** The tenant's base URL (`https://acme.us.auth0.com`). */
      baseUrl: string;
      tokenEndpoint: string;
      clientId: string;
      clientSecret: string;
      /** The Management API audience (`<domain>/api/v2/`). */
      managementAudience: string;
      /** The API the new client gets a client grant for. */
      apiAudience: string;
    }
  | { style: 'okta-clients'; endpoint: string; apiToken: string }
  | {
      style: 'rfc7591';
      endpoint: string;
      tokenEndpoint: string;
      /** The client allowed to ask for the `dcr` scope (Konnect's initial client). */
      clientId: string;
      clientSecret: string;
      /** Scopes to register when none are asked for (Curity limits a client to its registered scopes). */
      defaultScopes: string[];
    }
  | {
      style: 'graph-applications';
      /** Graph's base URL, e.g. `https://graph.microsoft.com/v1.0`. */
      graphBaseUrl: string;
      tokenEndpoint: string;
      clientId: string;
      clientSecret: string;
      scope: string;
    }
  | { style: 'konnect-http-bridge'; endpoint: string; apiKey: string };

export interface RegistrationInput {
  name: string;
  description?: string;
  scopes?: string[];
  redirectUri?: string | null;
  /** What Konnect adds (client_metadata for Auth0, ids for the bridge); absent when registering directly. */
  konnect?: {
    applicationId: string;
    developerId: string;
    portalId: string;
    organizationId: string;
    authStrategyId: string;
    dcrProviderId: string;
    apiProductVersionId: string;
  };
}

/** A registered client and what its provider needs to rotate or delete it later (may include tokens). */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  state: Record<string, string>;
}

export interface RegistrationProvider {
  create(input: RegistrationInput): Promise<RegisteredClient>;
  rotate(client: RegisteredClient): Promise<RegisteredClient>;
  remove(client: RegisteredClient, input: RegistrationInput): Promise<void>;
}

/** A provider call failed: the operation is aborted (Konnect: "any non-2xx aborts", vendors.md §5.3). */
export class RegistrationError extends Error {}

interface Reply {
  status: number;
  json: Record<string, unknown>;
}

type Fetch = typeof fetch;

async function call(
  fetcher: Fetch,
  url: string,
  init: { method: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string> },
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  if (init.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetcher(url, { method: init.method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { status: response.status, json };
}

function expectStatus(reply: Reply, status: number, what: string): Reply {
  if (reply.status === status) return reply;
  const nested = reply.json.error as { message?: unknown } | undefined;
  const detail =
    [reply.json.error_description, reply.json.message, reply.json.errorSummary, nested?.message, reply.json.error].find(
      (v): v is string => typeof v === 'string',
    ) ?? `HTTP ${reply.status}`;
  throw new RegistrationError(`${what}: ${detail}`);
}

async function clientCredentialsToken(
  fetcher: Fetch,
  tokenEndpoint: string,
  id: string,
  secret: string,
  params: Record<string, string>,
  useBasic: boolean,
): Promise<string> {
  const form: Record<string, string> = { grant_type: 'client_credentials', ...params };
  const headers: Record<string, string> = {};
  if (useBasic) headers.authorization = basicAuthorization(id, secret);
  else Object.assign(form, { client_id: id, client_secret: secret });
  return String(
    expectStatus(await call(fetcher, tokenEndpoint, { method: 'POST', headers, form }), 200, 'token request').json.access_token,
  );
}

const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/** A field the answer must carry (a new secret above all): its absence aborts instead of storing ''. */
function required(reply: Reply, field: string, what: string): string {
  const value = reply.json[field];
  if (typeof value !== 'string' || value === '') throw new RegistrationError(`${what}: the answer has no ${field}`);
  return value;
}

/** Auth0: Management API token, `POST /api/v2/clients`, then a client grant for the API (vendors.md §1.4, §5.2). */
function auth0(t: Extract<RegistrationTarget, { style: 'auth0-management' }>, fetcher: Fetch): RegistrationProvider {
  const bearer = async () => ({
    authorization: `Bearer ${await clientCredentialsToken(fetcher, t.tokenEndpoint, t.clientId, t.clientSecret, { audience: t.managementAudience }, false)}`,
  });
  const api = t.baseUrl.replace(/\/+$/, '');
  return {
    async create(input) {
      const headers = await bearer();
      const created = expectStatus(
        await call(fetcher, `${api}/api/v2/clients`, {
          method: 'POST',
          headers,
          json: {
            name: input.name,
            ...(input.description && { description: input.description }),
            app_type: 'non_interactive',
            grant_types: ['client_credentials'],
            token_endpoint_auth_method: 'client_secret_post',
            // The client_metadata keys Konnect sets (Kong's Auth0 DCR how-to, vendors.md §5.2).
            ...(input.konnect && {
              client_metadata: {
                konnect_portal_id: input.konnect.portalId,
                konnect_developer_id: input.konnect.developerId,
                konnect_org_id: input.konnect.organizationId,
                konnect_application_id: input.konnect.applicationId,
              },
            }),
          },
        }),
        201,
        'Auth0 create client',
      );
      const id = str(created.json.client_id);
      const grant = await call(fetcher, `${api}/api/v2/client-grants`, {
        method: 'POST',
        headers,
        json: { client_id: id, audience: t.apiAudience, scope: input.scopes ?? [] },
      });
      if (grant.status !== 201) {
        // Nothing half-created: the client goes when its grant cannot be made.
        await call(fetcher, `${api}/api/v2/clients/${id}`, { method: 'DELETE', headers });
        expectStatus(grant, 201, 'Auth0 create client grant');
      }
      return { clientId: id, clientSecret: required(created, 'client_secret', 'Auth0 create client'), state: {} };
    },
    async rotate(client) {
      const reply = expectStatus(
        await call(fetcher, `${api}/api/v2/clients/${client.clientId}/rotate-secret`, {
          method: 'POST',
          headers: await bearer(),
        }),
        200,
        'Auth0 rotate secret',
      );
      return { ...client, clientSecret: required(reply, 'client_secret', 'Auth0 rotate secret') };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, `${api}/api/v2/clients/${client.clientId}`, { method: 'DELETE', headers: await bearer() }),
        204,
        'Auth0 delete client',
      );
    },
  };
}

/** Okta: `/oauth2/v1/clients` with `SSWS <token>`, `…/lifecycle/newSecret`, DELETE (vendors.md §3.3, §5.2). */
function okta(t: Extract<RegistrationTarget, { style: 'okta-clients' }>, fetcher: Fetch): RegistrationProvider {
  const headers = { authorization: `SSWS ${t.apiToken}` };
  return {
    async create(input) {
      const reply = expectStatus(
        await call(fetcher, t.endpoint, {
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
      return {
        clientId: required(reply, 'client_id', 'Okta create client'),
        clientSecret: required(reply, 'client_secret', 'Okta create client'),
        state: {},
      };
    },
    async rotate(client) {
      const reply = expectStatus(
        await call(fetcher, `${t.endpoint}/${client.clientId}/lifecycle/newSecret`, { method: 'POST', headers }),
        200,
        'Okta new secret',
      );
      return { ...client, clientSecret: required(reply, 'client_secret', 'Okta new secret') };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, `${t.endpoint}/${client.clientId}`, { method: 'DELETE', headers }),
        204,
        'Okta delete client',
      );
    },
  };
}

/** Curity: a `dcr` initial access token, RFC 7591 registration, RFC 7592 PUT (new secret) and DELETE (§2.3). */
function rfc7591(t: Extract<RegistrationTarget, { style: 'rfc7591' }>, fetcher: Fetch): RegistrationProvider {
  return {
    async create(input) {
      const iat = await clientCredentialsToken(fetcher, t.tokenEndpoint, t.clientId, t.clientSecret, { scope: 'dcr' }, true);
      const scope = (input.scopes?.length ? input.scopes : t.defaultScopes).join(' ');
      const reply = expectStatus(
        await call(fetcher, t.endpoint, {
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
        'RFC 7591 registration',
      );
      return {
        clientId: str(reply.json.client_id),
        clientSecret: required(reply, 'client_secret', 'RFC 7591 registration'),
        state: {
          registrationClientUri: str(reply.json.registration_client_uri),
          registrationAccessToken: str(reply.json.registration_access_token),
          clientName: input.name,
          scope,
        },
      };
    },
    async rotate(client) {
      // RFC 7592 §2.2: a PUT without client_secret may be answered with a new one (the harness's Curity does).
      const reply = expectStatus(
        await call(fetcher, client.state.registrationClientUri ?? '', {
          method: 'PUT',
          headers: { authorization: `Bearer ${client.state.registrationAccessToken}` },
          json: {
            client_id: client.clientId,
            client_name: client.state.clientName,
            grant_types: ['client_credentials'],
            ...(client.state.scope && { scope: client.state.scope }),
          },
        }),
        200,
        'RFC 7592 update',
      );
      // RFC 7592 lets the server keep the registration access token: keep ours when none comes back.
      const token = reply.json.registration_access_token;
      return {
        ...client,
        clientSecret: required(reply, 'client_secret', 'RFC 7592 update'),
        state: { ...client.state, ...(typeof token === 'string' && token && { registrationAccessToken: token }) },
      };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, client.state.registrationClientUri ?? '', {
          method: 'DELETE',
          headers: { authorization: `Bearer ${client.state.registrationAccessToken}` },
        }),
        204,
        'RFC 7592 delete',
      );
    },
  };
}

/** Entra: a Graph token, `POST /applications`, a service principal, `addPassword`; rotation adds then removes (§4.3). */
function graph(t: Extract<RegistrationTarget, { style: 'graph-applications' }>, fetcher: Fetch): RegistrationProvider {
  const base = t.graphBaseUrl.replace(/\/+$/, '');
  const bearer = async () => ({
    authorization: `Bearer ${await clientCredentialsToken(fetcher, t.tokenEndpoint, t.clientId, t.clientSecret, { scope: t.scope }, false)}`,
  });
  const addPassword = async (headers: Record<string, string>, objectId: string) =>
    expectStatus(
      await call(fetcher, `${base}/applications/${objectId}/addPassword`, {
        method: 'POST',
        headers,
        json: { passwordCredential: { displayName: 'dcr-kit' } },
      }),
      200,
      'Graph addPassword',
    );
  return {
    async create(input) {
      const headers = await bearer();
      const app = expectStatus(
        await call(fetcher, `${base}/applications`, { method: 'POST', headers, json: { displayName: input.name } }),
        201,
        'Graph create application',
      );
      const objectId = str(app.json.id);
      const appId = str(app.json.appId);
      try {
        // Without a service principal the new app's token requests fail with AADSTS7000229. Whether Konnect
        // creates one is UNCONFIRMED (vendors.md §5.2); it is needed, so it is created.
        expectStatus(
          await call(fetcher, `${base}/servicePrincipals`, { method: 'POST', headers, json: { appId } }),
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
        await call(fetcher, `${base}/applications/${objectId}`, { method: 'DELETE', headers });
        throw error;
      }
    },
    async rotate(client) {
      const headers = await bearer();
      const password = await addPassword(headers, client.state.objectId ?? '');
      const secretText = required(password, 'secretText', 'Graph addPassword');
      // The new password works from here on; if removing the old one fails, the error says so and the old one stays.
      expectStatus(
        await call(fetcher, `${base}/applications/${client.state.objectId}/removePassword`, {
          method: 'POST',
          headers,
          json: { keyId: client.state.keyId },
        }),
        204,
        'Graph removePassword',
      );
      return { ...client, clientSecret: secretText, state: { ...client.state, keyId: str(password.json.keyId) } };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, `${base}/applications/${client.state.objectId}`, { method: 'DELETE', headers: await bearer() }),
        204,
        'Graph delete application',
      );
    },
  };
}

/** The Konnect HTTP DCR bridge contract, with its lifecycle event hook (vendors.md §5.3). */
function bridge(t: Extract<RegistrationTarget, { style: 'konnect-http-bridge' }>, fetcher: Fetch): RegistrationProvider {
  const endpoint = t.endpoint.replace(/\/+$/, '');
  const headers = { 'x-api-key': t.apiKey };
  const ids = (input: RegistrationInput) => ({
    portal_id: input.konnect?.portalId ?? '00000000-0000-4000-8000-000000000000',
    organization_id: input.konnect?.organizationId ?? '00000000-0000-4000-8000-000000000000',
    developer_id: input.konnect?.developerId ?? '00000000-0000-4000-8000-000000000000',
    auth_strategy_id: input.konnect?.authStrategyId ?? '00000000-0000-4000-8000-000000000000',
    dcr_provider_id: input.konnect?.dcrProviderId ?? '00000000-0000-4000-8000-000000000000',
  });
  // add_registration / remove_registration carry the application and the API product version.
  const event = (type: string, clientId: string, input: RegistrationInput) => ({
    event_type: type,
    client_id: clientId,
    application_id: input.konnect?.applicationId ?? clientId,
    application_name: input.name,
    application_description: input.description ?? '',
    ...ids(input),
    ...(input.konnect && { api_product_version_id: input.konnect.apiProductVersionId }),
  });
  return {
    async create(input) {
      const reply = expectStatus(
        await call(fetcher, `${endpoint}/`, {
          method: 'POST',
          headers,
          json: {
            redirect_uris: input.redirectUri ? [input.redirectUri] : [],
            client_name: input.name,
            grant_types: ['client_credentials'],
            scopes: input.scopes ?? [],
            token_endpoint_auth_method: 'client_secret_post',
            application_description: input.description ?? '',
            ...ids(input),
          },
        }),
        201,
        'DCR bridge create',
      );
      const clientId = str(reply.json.client_id);
      if (input.konnect) {
        // Any non-2xx aborts the operation: the client is removed again.
        const hook = await call(fetcher, `${endpoint}/${clientId}/event-hook`, {
          method: 'POST',
          headers,
          json: event('add_registration', clientId, input),
        });
        if (hook.status !== 200) {
          await call(fetcher, `${endpoint}/${clientId}`, { method: 'DELETE', headers });
          expectStatus(hook, 200, 'DCR bridge event hook');
        }
      }
      return { clientId, clientSecret: required(reply, 'client_secret', 'DCR bridge create'), state: {} };
    },
    async rotate(client) {
      const reply = expectStatus(
        await call(fetcher, `${endpoint}/${client.clientId}/new-secret`, { method: 'POST', headers }),
        200,
        'DCR bridge new secret',
      );
      return { ...client, clientSecret: required(reply, 'client_secret', 'DCR bridge new secret') };
    },
    async remove(client, input) {
      if (input.konnect) {
        expectStatus(
          await call(fetcher, `${endpoint}/${client.clientId}/event-hook`, {
            method: 'POST',
            headers,
            json: event('remove_registration', client.clientId, input),
          }),
          200,
          'DCR bridge event hook',
        );
      }
      expectStatus(
        await call(fetcher, `${endpoint}/${client.clientId}`, { method: 'DELETE', headers }),
        204,
        'DCR bridge delete',
      );
    },
  };
}

export function registrationProvider(target: RegistrationTarget, fetcher: Fetch = fetch): RegistrationProvider {
  switch (target.style) {
    case 'auth0-management':
      return auth0(target, fetcher);
    case 'okta-clients':
      return okta(target, fetcher);
    case 'rfc7591':
      return rfc7591(target, fetcher);
    case 'graph-applications':
      return graph(target, fetcher);
    case 'konnect-http-bridge':
      return bridge(target, fetcher);
  }
}
