/**
 * Konnect portal API calls the extension makes with the developer's own portal session (the HttpOnly
 * `portalaccesstoken` cookie, sent because the request includes credentials): list auth strategies, create an
 * application (v2 nests `credentials`, v3 has top-level `client_id`/`client_secret`), regenerate (v2
 * `refresh-token`, v3 `regenerate-secret`), delete. vendors.md §5.4 and Kong's portal OpenAPI files.
 */
export type PortalVersion = 'v2' | 'v3';

export interface PortalStrategy {
  id: string;
  name: string;
  credentialType: string;
  authMethods: string[];
  availableScopes: string[];
}

export interface PortalApplication {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
}

export class PortalError extends Error {}

type Fetch = typeof fetch;

async function call(
  fetcher: Fetch,
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetcher(url, {
    method,
    credentials: 'include',
    headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: response.status, json };
}

/** A problem+json answer in words: its detail and invalid_parameters (vendors.md §5.4). */
function fail(what: string, reply: { status: number; json: Record<string, unknown> }): never {
  if (reply.status === 401) throw new PortalError(`${what}: not logged in to the portal (log in there in a tab first)`);
  const detail = typeof reply.json.detail === 'string' ? reply.json.detail : `HTTP ${reply.status}`;
  const params = Array.isArray(reply.json.invalid_parameters)
    ? (reply.json.invalid_parameters as { field?: string; reason?: string }[]).map((p) => `${p.field} ${p.reason}`).join(', ')
    : '';
  throw new PortalError(`${what}: ${detail}${params ? ` (${params})` : ''}`);
}

function base(portalUrl: string, version: PortalVersion): string {
  return `${new URL(portalUrl).origin}/api/${version}`;
}

export async function listStrategies(fetcher: Fetch, portalUrl: string, version: PortalVersion): Promise<PortalStrategy[]> {
  const path = version === 'v2' ? '/applications/auth-strategies' : '/application-auth-strategies';
  const reply = await call(fetcher, `${base(portalUrl, version)}${path}`, 'GET');
  if (reply.status !== 200 || !Array.isArray(reply.json.data)) fail('list auth strategies', reply);
  return (reply.json.data as Record<string, unknown>[]).map((s) => ({
    id: String(s.id),
    name: String(s.name),
    credentialType: String(s.credential_type),
    authMethods: Array.isArray(s.auth_methods) ? s.auth_methods.map(String) : [],
    availableScopes: Array.isArray(s.available_scopes) ? s.available_scopes.map(String) : [],
  }));
}

export async function createApplication(
  fetcher: Fetch,
  portalUrl: string,
  version: PortalVersion,
  input: { name: string; strategyId: string; scopes?: string[] },
): Promise<PortalApplication> {
  const reply = await call(fetcher, `${base(portalUrl, version)}/applications`, 'POST', {
    name: input.name,
    auth_strategy_id: input.strategyId,
    ...(input.scopes?.length && { scopes: input.scopes }),
  });
  if (reply.status !== 201) fail('create application', reply);
  const credentials = (version === 'v2' ? reply.json.credentials : reply.json) as Record<string, unknown> | undefined;
  if (typeof credentials?.client_id !== 'string' || typeof credentials.client_secret !== 'string') {
    throw new PortalError('create application: the answer has no client credentials (not a DCR strategy?)');
  }
  return {
    id: String(reply.json.id),
    name: String(reply.json.name),
    clientId: credentials.client_id,
    clientSecret: credentials.client_secret,
  };
}

export async function regenerateSecret(
  fetcher: Fetch,
  portalUrl: string,
  version: PortalVersion,
  applicationId: string,
): Promise<string> {
  const path = version === 'v2' ? 'refresh-token' : 'regenerate-secret';
  const reply = await call(
    fetcher,
    `${base(portalUrl, version)}/applications/${encodeURIComponent(applicationId)}/${path}`,
    'POST',
  );
  if (reply.status !== 201 || typeof reply.json.client_secret !== 'string') fail('regenerate secret', reply);
  return reply.json.client_secret as string;
}

export async function deleteApplication(
  fetcher: Fetch,
  portalUrl: string,
  version: PortalVersion,
  applicationId: string,
): Promise<void> {
  const reply = await call(fetcher, `${base(portalUrl, version)}/applications/${encodeURIComponent(applicationId)}`, 'DELETE');
  if (reply.status !== 204) fail('delete application', reply);
}
