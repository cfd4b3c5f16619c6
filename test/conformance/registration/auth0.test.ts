/**
 * Auth0 Management API (clients, client grants, rotation) and open DCR at /oidc/register, pinned to
 * shared/reference/vendors.md §1.3-1.4 (Auth0 Management API reference; auth0/docs dynamic-client-registration).
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { postJson, send } from '../../helpers/http';

const MGMT = {
  clientId: 'Mg7kT2vRq9LxW4sB8nZc1Hd5Jf3Gy6Pa',
  clientSecret: 'demo-auth0-management-secret-Vn4Lq8Wz2Rt6Yk0Pm3Xc7Bd5Sf9Gh1',
};
const API = 'https://api.dcr-kit.test/';
const harness = useHarness({
  config: {
    tenants: [
      {
        id: 'auth0-limited',
        vendor: 'auth0',
        managementClients: [
          { clientId: 'limited-mgmt-client', clientSecret: 'limited-secret', name: 'read only', scopes: ['read:clients'] },
        ],
      },
    ],
  },
});
const base = (tenant = 'auth0') => `${harness().url}/${tenant}`;

async function managementToken(tenant = 'auth0', id = MGMT.clientId, secret = MGMT.clientSecret): Promise<string> {
  const res = await postJson(`${base(tenant)}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: id,
    client_secret: secret,
    audience: `${base(tenant)}/api/v2/`,
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}

const api = async (method: string, path: string, body?: unknown, token?: string) =>
  send(`${base()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token ?? (await managementToken())}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const tokenFor = (clientId: string, clientSecret: string) =>
  postJson(`${base()}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    audience: API,
  });

describe('Auth0 Management API token', () => {
  it('is a client_credentials token for <domain>/api/v2/ carrying the granted permissions as scope', async () => {
    const res = await postJson(`${base()}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: MGMT.clientId,
      client_secret: MGMT.clientSecret,
      audience: `${base()}/api/v2/`,
    });
    expect(res.json.scope.split(' ')).toEqual(
      expect.arrayContaining(['create:clients', 'update:client_keys', 'create:client_grants']),
    );
  });
});

describe('Auth0 POST /api/v2/clients', () => {
  it('creates a client (201, client object with the secret) that cannot get a token until it has a client grant', async () => {
    const res = await api('POST', '/api/v2/clients', {
      name: 'Konnect app',
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      client_metadata: { konnect_application_id: 'a1b2' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      name: 'Konnect app',
      client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      client_metadata: { konnect_application_id: 'a1b2' },
      is_first_party: true,
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
    });
    const { client_id, client_secret } = res.json;
    const denied = await tokenFor(client_id, client_secret);
    expect(denied.status).toBe(403);
    expect(denied.json.error_description).toMatch(/^Client is not authorized to access "https:\/\/api\.dcr-kit\.test\/"/);

    const grant = await api('POST', '/api/v2/client-grants', { client_id, audience: API, scope: ['read:data'] });
    expect(grant.status).toBe(201);
    expect(grant.json).toEqual({
      id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/),
      client_id,
      audience: API,
      scope: ['read:data'],
    });
    const allowed = await tokenFor(client_id, client_secret);
    expect(allowed.status).toBe(200);
    expect(allowed.json.scope).toBe('read:data');
  });

  it('answers a missing name with 400 invalid_body and creates nothing', async () => {
    const before = (await api('GET', '/api/v2/clients')).json.length;
    const res = await api('POST', '/api/v2/clients', { app_type: 'non_interactive' });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      '{"statusCode":400,"error":"Bad Request","message":"Payload validation error: \'Missing required property: name\'.","errorCode":"invalid_body"}',
    );
    expect((await api('GET', '/api/v2/clients')).json.length).toBe(before);
  });

  it('refuses non-string client_metadata values and unknown properties', async () => {
    const metadata = await api('POST', '/api/v2/clients', { name: 'x', client_metadata: { n: 1 } });
    expect(metadata.status).toBe(400);
    expect(metadata.json.message).toBe(
      "Payload validation error: 'Expected type string but found type number' on property client_metadata.n.",
    );
    const extra = await api('POST', '/api/v2/clients', { name: 'x', colour: 'blue' });
    expect(extra.json).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Additional properties not allowed: colour'.",
      errorCode: 'invalid_body',
    });
  });

  it('answers a token without create:clients with 403 insufficient_scope', async () => {
    const limited = await managementToken('auth0-limited', 'limited-mgmt-client', 'limited-secret');
    const res = await send(`${base('auth0-limited')}/api/v2/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      '{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: create:clients","errorCode":"insufficient_scope"}',
    );
  });

  it('answers a bad, foreign or expired token with 401', async () => {
    expect((await api('GET', '/api/v2/clients', undefined, 'not-a-jwt')).json).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid token',
    });
    const foreign = await managementToken('auth0-limited', 'limited-mgmt-client', 'limited-secret');
    expect((await api('GET', '/api/v2/clients', undefined, foreign)).json.message).toBe('Invalid token');
    const token = await managementToken();
    harness().control.clock.advance(86_401);
    expect((await api('GET', '/api/v2/clients', undefined, token)).status).toBe(401);
  });
});

describe('Auth0 client lifecycle', () => {
  async function createGranted(): Promise<{ client_id: string; client_secret: string }> {
    const { client_id, client_secret } = (
      await api('POST', '/api/v2/clients', { name: 'lifecycle', grant_types: ['client_credentials'] })
    ).json;
    await api('POST', '/api/v2/client-grants', { client_id, audience: API, scope: [] });
    return { client_id, client_secret };
  }

  it('rotates the secret: 200 with the new secret, the old one gets 401 access_denied', async () => {
    const { client_id, client_secret } = await createGranted();
    const res = await api('POST', `/api/v2/clients/${client_id}/rotate-secret`);
    expect(res.status).toBe(200);
    expect(res.json.client_id).toBe(client_id);
    expect(res.json.client_secret).not.toBe(client_secret);
    expect((await tokenFor(client_id, res.json.client_secret)).status).toBe(200);
    expect((await tokenFor(client_id, client_secret)).text).toBe('{"error":"access_denied","error_description":"Unauthorized"}');
  });

  it('reads and patches a client; deleting it (204) removes its grants and its access', async () => {
    const { client_id, client_secret } = await createGranted();
    expect((await api('GET', `/api/v2/clients/${client_id}`)).json.name).toBe('lifecycle');
    expect((await api('PATCH', `/api/v2/clients/${client_id}`, { description: 'patched' })).json.description).toBe('patched');
    expect((await api('DELETE', `/api/v2/clients/${client_id}`)).status).toBe(204);
    expect((await api('GET', `/api/v2/client-grants?client_id=${client_id}`)).json).toEqual([]);
    expect((await tokenFor(client_id, client_secret)).status).toBe(401);
    const gone = await api('GET', `/api/v2/clients/${client_id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'The client does not exist',
      errorCode: 'inexistent_client',
    });
  });

  it('refuses grant scopes outside the API and a second grant for the same audience', async () => {
    const { client_id } = await createGranted();
    const subset = await api('POST', '/api/v2/client-grants', { client_id, audience: API, scope: ['admin:all'] });
    expect(subset.json).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Payload validation error: scope must be a subset of resource server scopes',
      errorCode: 'invalid_body',
    });
    const duplicate = await api('POST', '/api/v2/client-grants', { client_id, audience: API, scope: [] });
    expect(duplicate.status).toBe(409);
    const [grant] = (await api('GET', `/api/v2/client-grants?client_id=${client_id}`)).json;
    expect((await api('DELETE', `/api/v2/client-grants/${grant.id}`)).status).toBe(204);
  });
});

describe('Auth0 POST /oidc/register (open dynamic registration)', () => {
  it('registers without a token: 201 with client_name, client_id, client_secret, redirect_uris, client_secret_expires_at', async () => {
    const res = await postJson(`${base()}/oidc/register`, {
      client_name: 'My Dynamic Client',
      redirect_uris: ['https://client.example.com/callback'],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json)).toEqual([
      'client_name',
      'client_id',
      'client_secret',
      'redirect_uris',
      'client_secret_expires_at',
    ]);
    expect(res.json).toMatchObject({
      client_name: 'My Dynamic Client',
      redirect_uris: ['https://client.example.com/callback'],
      client_secret_expires_at: 0,
    });
  });

  it('requires redirect_uris', async () => {
    const res = await postJson(`${base()}/oidc/register`, { client_name: 'x' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_redirect_uri');
  });

  it('is refused when the tenant has dynamic registration off', async () => {
    const res = await postJson(`${base('auth0-limited')}/oidc/register`, { redirect_uris: ['https://x.example/cb'] });
    expect(res.status).toBe(403);
  });
});
