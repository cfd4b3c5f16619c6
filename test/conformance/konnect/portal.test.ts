/**
 * The developer portal API (shared/reference/vendors.md §5.4 and Kong's portal OpenAPI v2/v3): the
 * portalaccesstoken cookie, problem+json errors with the spec's example bodies, strategies, applications.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { postJson, send } from '../../helpers/http';

const harness = useHarness();
const portal = () => harness().manifest.portal.url;
const PROBLEM_INSTANCE = /^kong:trace:\d+$/;

async function login(): Promise<string> {
  const res = await postJson(`${portal()}/api/v2/developer/authenticate`, {
    username: 'developer@dcr-kit.test',
    password: 'dcr-kit-developer',
  });
  expect(res.status).toBe(204);
  return (res.headers.getSetCookie()[0] as string).split(';')[0] as string;
}

const authed = async (method: string, path: string, body?: unknown) =>
  send(`${portal()}${path}`, {
    method,
    headers: { cookie: await login(), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('portal: developer authentication', () => {
  it('sets HttpOnly portalaccesstoken and portalrefreshtoken cookies on 204', async () => {
    const res = await postJson(`${portal()}/api/v3/developer/authenticate`, {
      username: 'developer@dcr-kit.test',
      password: 'dcr-kit-developer',
    });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^portalaccesstoken=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/),
      expect.stringMatching(/^portalrefreshtoken=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Lax$/),
    ]);
  });

  it('answers a wrong password with the spec\'s 401 "Invalid Credentials" problem', async () => {
    const res = await postJson(`${portal()}/api/v2/developer/authenticate`, {
      username: 'developer@dcr-kit.test',
      password: 'nope',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toEqual({
      status: 401,
      title: 'Invalid Credentials',
      type: 'https://httpstatuses.com/401',
      instance: expect.stringMatching(PROBLEM_INSTANCE),
      detail: 'You have entered an invalid email or password.',
    });
  });

  it('answers a missing password with the spec\'s 400 "Required fields are missing" and invalid_parameters', async () => {
    const res = await postJson(`${portal()}/api/v2/developer/authenticate`, { username: 'developer@dcr-kit.test' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: 'Required fields are missing',
      invalid_parameters: [{ field: 'password', reason: 'is required' }],
    });
  });

  it('answers API calls without the cookie with the 401 Unauthorized problem', async () => {
    const res = await send(`${portal()}/api/v3/applications`);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      status: 401,
      title: 'Unauthorized',
      type: 'https://httpstatuses.com/401',
      instance: expect.stringMatching(PROBLEM_INSTANCE),
      detail: 'Unauthorized',
      invalid_parameters: [],
    });
  });

  it('logs out: the cookie stops working', async () => {
    const cookie = await login();
    expect((await send(`${portal()}/api/v3/developer/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await send(`${portal()}/api/v3/developer/me`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('portal: context and strategies', () => {
  it('serves GET /api/v3/portal (the Konnect v3 fingerprint) and /api/v2/portal without login', async () => {
    const v3 = await send(`${portal()}/api/v3/portal`);
    expect(Object.keys(v3.json)).toEqual([
      'portal_id',
      'org_id',
      'basic_auth_enabled',
      'oidc_auth_enabled',
      'saml_auth_enabled',
      'authentication_enabled',
      'rbac_enabled',
      'name',
      'canonical_domain',
    ]);
    expect(v3.json.canonical_domain).toBe(new URL(portal()).host);
    const v2 = await send(`${portal()}/api/v2/portal`);
    expect(v2.json).toMatchObject({
      portal_id: v3.json.portal_id,
      org_id: v3.json.org_id,
      is_public: false,
      dcr_provider_ids: expect.any(Array),
    });
  });

  it('lists client_credentials strategies with stable UUIDs, in a data/meta page', async () => {
    const res = await authed('GET', '/api/v3/application-auth-strategies');
    expect(res.json.meta).toEqual({ page: { number: 1, size: 5, total: 5 } });
    expect(res.json.data[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: 'Auth0 client credentials',
      credential_type: 'client_credentials',
      auth_methods: ['client_credentials', 'bearer', 'session'],
      available_scopes: [],
    });
    const again = await authed('GET', '/api/v2/applications/auth-strategies');
    expect(again.json.data.map((s: { id: string }) => s.id)).toEqual(res.json.data.map((s: { id: string }) => s.id));
  });
});

describe('portal: application validation', () => {
  it('requires a name and refuses unknown fields, with invalid_parameters', async () => {
    const noName = await authed('POST', '/api/v3/applications', {});
    expect(noName.status).toBe(400);
    expect(noName.json).toMatchObject({
      detail: 'Required fields are missing',
      invalid_parameters: [{ field: 'name', reason: 'is required' }],
    });
    const v3Only = await authed('POST', '/api/v2/applications', { name: 'x', team_id: 'y' });
    expect(v3Only.json.invalid_parameters).toEqual([{ field: 'team_id', reason: 'is not allowed' }]);
  });

  it('refuses scopes the strategy does not offer and an unknown strategy id', async () => {
    const strategies = (await authed('GET', '/api/v3/application-auth-strategies')).json.data;
    const okta = strategies.find((s: { name: string }) => s.name === 'Okta client credentials');
    const scopes = await authed('POST', '/api/v3/applications', { name: 'x', auth_strategy_id: okta.id, scopes: ['admin'] });
    expect(scopes.status).toBe(400);
    expect(scopes.json.invalid_parameters[0].field).toBe('scopes');
    const unknown = await authed('POST', '/api/v3/applications', {
      name: 'x',
      auth_strategy_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.json.invalid_parameters).toEqual([
      { field: 'auth_strategy_id', reason: 'does not reference an auth strategy of this portal' },
    ]);
  });

  it('answers a second application with the same name with 409', async () => {
    const cookie = await login();
    const create = () =>
      send(`${portal()}/api/v3/applications`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'twice' }),
      });
    expect((await create()).status).toBe(201);
    const again = await create();
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it('answers an unknown application with the 404 problem, and lists applications with page meta', async () => {
    const cookie = await login();
    const missing = await send(`${portal()}/api/v3/applications/7c1d5b8e-0000-4000-8000-000000000000`, { headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 404, title: 'Not Found', detail: 'Not Found' });
    const list = await send(`${portal()}/api/v2/applications?page[size]=2`, { headers: { cookie } });
    expect(list.json).toEqual({ data: [], meta: { page: { number: 1, size: 2, total: 0 } } });
  });

  it("reports a DCR provider's refusal as a 400 problem and keeps nothing", async () => {
    const cookie = await login();
    const headers = { cookie, 'content-type': 'application/json' };
    const strategies = (await send(`${portal()}/api/v3/application-auth-strategies`, { headers })).json.data;
    const okta = strategies.find((s: { name: string }) => s.name === 'Okta client credentials');
    // The seeded Okta demo client is called "dcr-kit demo service": Okta refuses a duplicate client_name.
    const res = await send(`${portal()}/api/v3/applications`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'dcr-kit demo service', auth_strategy_id: okta.id }),
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe(
      'DCR provider error: Okta create client: client_name: An object with this field already exists in the current organization',
    );
    expect((await send(`${portal()}/api/v3/applications`, { headers })).json.data).toEqual([]);
  });
});

describe('portal: pages', () => {
  it('serves the UI shell for each route, with the config the page script needs', async () => {
    for (const path of ['/login', '/my-apps', '/application/create', '/apis', '/spec/okta']) {
      const res = await send(`${portal()}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<main>');
      expect(res.text).toContain(`"gatewayUrl":"${harness().manifest.gateway.url}"`);
    }
  });
});
