/**
 * Okta's Apps API `/api/v1/apps`, the part the Okta Node SDK v8 `ApplicationApi` uses for OIDC service apps, and
 * Okta's answers to unknown paths and methods under the tenant. Every expectation names its source:
 * - SPEC: okta/okta-sdk-nodejs `oas-spec/management.yaml` (the spec the SDK is generated from, published at
 *   https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/);
 * - APPS-REF: the pre-OpenAPI Apps API reference (okta/okta-developer-docs, https://developer.okta.com/docs/reference/api/apps/);
 * - REAL-APP: an OIDC app read from a real org's Apps API (a public Terraform state dump found by GitHub code search);
 * - ERROR-CODES: https://developer.okta.com/docs/reference/error-codes/.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { basic, postForm, send } from '../../helpers/http';

const SSWS = '00dcrKit-demo-SSWS-token-Yq3nW8vR2xT6mK9pL4';
const harness = useHarness();
const apps = () => `${harness().url}/okta/api/v1/apps`;
const headers = (token = SSWS) => ({
  authorization: `SSWS ${token}`,
  accept: 'application/json',
  'content-type': 'application/json',
});
// The SDK's OpenIdConnectApplication for a service app (SPEC OpenidConnectEx, with the service values).
const serviceApp = (label = 'Payments service') => ({
  name: 'oidc_client',
  label,
  signOnMode: 'OPENID_CONNECT',
  credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
  settings: { oauthClient: { grant_types: ['client_credentials'], response_types: ['token'], application_type: 'service' } },
});
const create = (body: unknown = serviceApp(), query = '') =>
  send(`${apps()}${query}`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
const call = (path: string, method = 'GET') => send(`${apps()}${path}`, { method, headers: headers() });
const tokenFor = (id: string, secret: string) =>
  postForm(
    `${harness().url}/okta/oauth2/default/v1/token`,
    { grant_type: 'client_credentials', scope: 'api:read' },
    basic(id, secret),
  );
// Okta's error envelope (SPEC ModelError; errorId `oae…` as in every recorded example).
const oktaError = (errorCode: string, errorSummary: string, causes: string[] = []) => ({
  errorCode,
  errorSummary,
  errorLink: errorCode,
  errorId: expect.stringMatching(/^oae[A-Za-z0-9]{22}$/),
  errorCauses: causes.map((errorSummary) => ({ errorSummary })),
});
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Okta POST /api/v1/apps', () => {
  it('creates an OIDC service app: 200 with the app, its client_id = id and the secret, which gets a token at once', async () => {
    const res = await create();
    // SPEC createApplication: the success status is 200 (not DCR's 201).
    expect(res.status).toBe(200);
    // The content type of Okta's APIs (DCR reference, vendors.md §3.3); PARTIAL for /api/v1/apps.
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    // Field order of REAL-APP (the parts the harness models).
    expect(Object.keys(res.json)).toEqual([
      'id',
      'name',
      'label',
      'status',
      'lastUpdated',
      'created',
      'accessibility',
      'visibility',
      'features',
      'signOnMode',
      'credentials',
      'settings',
      '_links',
    ]);
    const app = res.json;
    // SPEC OpenidConnectResponseEx and REAL-APP: id `0oa` + 17 (20 characters), name oidc_client, ISO timestamps
    // with milliseconds, client_secret in credentials.oauthClient on create.
    expect(app).toMatchObject({
      id: expect.stringMatching(/^0oa[A-Za-z0-9]{17}$/),
      name: 'oidc_client',
      label: 'Payments service',
      status: 'ACTIVE',
      lastUpdated: expect.stringMatching(ISO_MS),
      created: expect.stringMatching(ISO_MS),
      features: [],
      signOnMode: 'OPENID_CONNECT',
    });
    expect(app.credentials.oauthClient).toEqual({
      autoKeyRotation: true,
      client_id: app.id,
      client_secret: expect.stringMatching(/^[A-Za-z0-9]+$/),
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(app.settings.oauthClient).toMatchObject({
      grant_types: ['client_credentials'],
      response_types: ['token'],
      application_type: 'service',
    });
    // REAL-APP and APPS-REF: an ACTIVE app links its users, groups and `deactivate`.
    expect(app._links.deactivate).toEqual({ href: `${harness().url}/okta/api/v1/apps/${app.id}/lifecycle/deactivate` });
    expect((await tokenFor(app.id, app.credentials.oauthClient.client_secret)).status).toBe(200);
  });

  it('is one store with /oauth2/v1/clients: an app is a DCR client and a DCR client is an app', async () => {
    // Okta's DCR reference (vendors.md §3.3): a client's client_id is its app id.
    const app = (await create()).json;
    const asClient = await send(`${harness().url}/okta/oauth2/v1/clients/${app.id}`, { headers: headers() });
    expect(asClient.status).toBe(200);
    expect(asClient.json).toMatchObject({ client_id: app.id, client_name: 'Payments service', application_type: 'service' });
    const client = await send(`${harness().url}/okta/oauth2/v1/clients`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ client_name: 'Via DCR', application_type: 'service', grant_types: ['client_credentials'] }),
    });
    const asApp = await call(`/${client.json.client_id}`);
    expect(asApp.status).toBe(200);
    expect(asApp.json).toMatchObject({ id: client.json.client_id, label: 'Via DCR', status: 'ACTIVE' });
    // No secret on reads (SPEC shows it on create; REAL-APP, a read, has none).
    expect(asApp.json.credentials.oauthClient).not.toHaveProperty('client_secret');
  });

  it('creates an INACTIVE app with ?activate=false (SPEC createApplication `activate`), which gets no token', async () => {
    const res = await create(serviceApp(), '?activate=false');
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('INACTIVE');
    expect(res.json._links.activate).toEqual({ href: `${harness().url}/okta/api/v1/apps/${res.json.id}/lifecycle/activate` });
    expect((await tokenFor(res.json.id, res.json.credentials.oauthClient.client_secret)).status).toBe(401);
  });

  it('answers a blank label with 400 E0000001 and its cause (SPEC ErrorApiValidationFailed; the cause text is UNCONFIRMED)', async () => {
    const res = await create(serviceApp(' '));
    expect(res.status).toBe(400);
    expect(res.json).toEqual(oktaError('E0000001', 'Api validation failed: label', ['label: The field cannot be left blank']));
  });

  it('answers without credentials with 403 E0000005 and with a bad SSWS token with 401 E0000011 (as /oauth2/v1/clients)', async () => {
    // ERROR-CODES E0000005/E0000011 and SPEC ErrorInvalidToken401; the same rules as the DCR API (vendors.md §3.3).
    const anonymous = await send(apps(), { method: 'POST', body: JSON.stringify(serviceApp()) });
    expect(anonymous.status).toBe(403);
    expect(anonymous.json).toEqual(oktaError('E0000005', 'Invalid session'));
    const wrong = await send(apps(), { headers: headers('wrong-token') });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual(oktaError('E0000011', 'Invalid token provided'));
  });
});

describe('Okta GET /api/v1/apps', () => {
  it('lists with q, limit, after and Link rel="self"/rel="next" headers (APPS-REF pagination; SPEC `q` startsWith)', async () => {
    for (const label of ['Pay one', 'Pay two', 'Pay three']) await create(serviceApp(label));
    const first = await call('?q=Pay&limit=2');
    expect(first.status).toBe(200);
    expect(first.json.map((a: { label: string }) => a.label)).toEqual(['Pay one', 'Pay two']);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${apps()}?q=Pay&limit=2>; rel="self"`);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    expect(next).toBe(`${apps()}?q=Pay&after=${first.json[1].id}&limit=2`);
    const second = await send(next as string, { headers: headers() });
    expect(second.json.map((a: { label: string }) => a.label)).toEqual(['Pay three']);
    expect(second.headers.get('link')).not.toContain('rel="next"');
    // `q` also matches `name` (SPEC: "name or label properties that starts with the q value").
    expect((await call('?q=oidc_&limit=200')).json.length).toBeGreaterThanOrEqual(4);
  });

  it('filters on status eq "ACTIVE" (SPEC ActiveStatusEx) and refuses other expressions with 400 E0000031 (ERROR-CODES)', async () => {
    const inactive = (await create(serviceApp('Dormant'), '?activate=false')).json;
    const active = await call(`?filter=${encodeURIComponent('status eq "ACTIVE"')}`);
    expect(active.json.map((a: { id: string }) => a.id)).not.toContain(inactive.id);
    const onlyInactive = await call(`?filter=${encodeURIComponent('status eq "INACTIVE"')}`);
    expect(onlyInactive.json.map((a: { id: string }) => a.id)).toEqual([inactive.id]);
    const bad = await call(`?filter=${encodeURIComponent('label sw "x"')}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual(oktaError('E0000031', 'Bad request. Invalid filter parameter.'));
  });

  it('answers an unknown id with 404 E0000007 "Not found: Resource not found: {id} (AppInstance)"', async () => {
    // SPEC ErrorResourceNotFound404 (`Not found: {0}`); the `(AppInstance)` text is quoted in okta/okta-sdk-dotnet's
    // migration guide for an unknown app id (PARTIAL).
    for (const [path, method] of [
      ['/0oaNoSuchApp00000000', 'GET'],
      ['/0oaNoSuchApp00000000', 'DELETE'],
      ['/0oaNoSuchApp00000000/lifecycle/deactivate', 'POST'],
    ] as const) {
      const res = await call(path, method);
      expect(res.status).toBe(404);
      expect(res.json).toEqual(oktaError('E0000007', 'Not found: Resource not found: 0oaNoSuchApp00000000 (AppInstance)'));
    }
  });
});

describe('Okta app lifecycle and delete', () => {
  it('refuses to delete an ACTIVE app: 403 E0000056 with the cause (APPS-REF, Delete Application)', async () => {
    const app = (await create()).json;
    const res = await call(`/${app.id}`, 'DELETE');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.json).toEqual(
      oktaError('E0000056', 'Delete application forbidden.', ['The application must be deactivated before deletion.']),
    );
    expect((await tokenFor(app.id, app.credentials.oauthClient.client_secret)).status).toBe(200);
  });

  it('deactivates (200 {}), deletes (204), and then neither API nor the token endpoint knows the app', async () => {
    const app = (await create()).json;
    const secret = app.credentials.oauthClient.client_secret;
    // APPS-REF Deactivate/Activate Application: 200 with an empty JSON object.
    const deactivated = await call(`/${app.id}/lifecycle/deactivate`, 'POST');
    expect(deactivated.status).toBe(200);
    expect(deactivated.text).toBe('{}');
    expect((await call(`/${app.id}`)).json.status).toBe('INACTIVE');
    expect((await tokenFor(app.id, secret)).status).toBe(401);
    expect((await call(`/${app.id}/lifecycle/activate`, 'POST')).text).toBe('{}');
    expect((await tokenFor(app.id, secret)).status).toBe(200);
    await call(`/${app.id}/lifecycle/deactivate`, 'POST');
    // APPS-REF and SPEC deleteApplication: 204 No Content.
    const deleted = await call(`/${app.id}`, 'DELETE');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await call(`/${app.id}`)).status).toBe(404);
    expect((await send(`${harness().url}/okta/oauth2/v1/clients/${app.id}`, { headers: headers() })).status).toBe(401);
    const token = await tokenFor(app.id, secret);
    expect(token.status).toBe(401);
    expect(token.json.error_description).toBe("Invalid value for 'client_id' parameter.");
  });
});

describe('unknown paths and methods under the Okta tenant', () => {
  it('answers a path no route serves with 404 E0000008 (ERROR-CODES; UNCONFIRMED on the wire), whatever the method', async () => {
    for (const [path, method] of [
      ['/okta', 'GET'],
      ['/okta/', 'POST'],
      ['/okta/no-such-endpoint', 'GET'],
      ['/okta/api/v1/users', 'GET'],
      ['/okta/api/v1/apps/0oa1/credentials/secrets', 'POST'],
      ['/okta/oauth2/v1/clients/x/y/z', 'DELETE'],
    ] as const) {
      const res = await send(`${harness().url}${path}`, { method, headers: headers() });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(res.json).toEqual(oktaError('E0000008', 'The requested path was not found.'));
    }
  });

  it('answers a served path asked with another method with 405 E0000022', async () => {
    // ERROR-CODES lists E0000022 under 404, but Okta answers 405 on the wire: okta/okta-auth-java#61,
    // "HTTP 405, Okta E0000022 (The endpoint does not support the provided HTTP method)".
    for (const [path, method, allow] of [
      ['/okta/api/v1/apps', 'DELETE', 'POST, GET'],
      ['/okta/api/v1/apps/0oa1', 'PUT', 'GET, DELETE'],
      ['/okta/api/v1/apps/0oa1/lifecycle/deactivate', 'GET', 'POST'],
      ['/okta/oauth2/v1/clients', 'PATCH', 'POST, GET'],
      ['/okta/oauth2/v1/keys', 'POST', 'GET'],
    ] as const) {
      const res = await send(`${harness().url}${path}`, { method, headers: headers() });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.json).toEqual(oktaError('E0000022', 'The endpoint does not support the provided HTTP method'));
    }
  });
});
