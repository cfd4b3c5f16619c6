/**
 * Microsoft Entra ID quirks, pinned to shared/reference/vendors.md §4.1-4.2 (Azure SDK recordings, captured
 * AADSTS bodies, learn.microsoft.com). Envelope fields that are random per request are matched by shape.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { AZURE } from '../../helpers/demo';
import { AAD_TIMESTAMP, decodeJwt, GUID, postForm, send, type WireResponse } from '../../helpers/http';

const V2_API = { appId: '3b2c1d0e-9f8a-4b7c-8d6e-5f4a3b2c1d0e', uri: 'api://dcr-kit-v2-api' };
const NO_SP_APP = { appId: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', secret: 'no-sp-secret-value' };

const harness = useHarness({
  config: {
    tenants: [
      {
        id: 'azure',
        vendor: 'azure',
        tenantId: AZURE.tenantId,
        domain: 'dcrkit.onmicrosoft.com',
        displayName: 'dcr-kit',
        apis: [
          {
            appId: AZURE.apiAppId,
            identifierUri: AZURE.resource,
            displayName: 'v1 API',
            accessTokenVersion: 1,
            appRoles: ['Data.Read'],
          },
          { appId: V2_API.appId, identifierUri: V2_API.uri, displayName: 'v2 API', accessTokenVersion: 2 },
        ],
        clients: [
          {
            clientId: AZURE.clientId,
            clientSecret: AZURE.clientSecret,
            name: 'dcr-kit demo app',
            objectId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
            servicePrincipalId: AZURE.servicePrincipalId,
            roles: { [AZURE.apiAppId]: ['Data.Read'] },
          },
          {
            clientId: NO_SP_APP.appId,
            clientSecret: NO_SP_APP.secret,
            name: 'app without service principal',
            objectId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            servicePrincipalId: null,
          },
        ],
      },
    ],
  },
});
const t = () => `${harness().url}/azure/${AZURE.tenantId}`;
const v2 = () => `${t()}/oauth2/v2.0/token`;
const v1 = () => `${t()}/oauth2/token`;
const creds = { grant_type: 'client_credentials', client_id: AZURE.clientId, client_secret: AZURE.clientSecret };

/** Asserts the AADSTS envelope: error, code, message, and the \r\n-joined Trace/Correlation/Timestamp lines. */
function expectAadsts(res: WireResponse, status: number, error: string, code: number, message: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(Object.keys(res.json)).toEqual([
    'error',
    'error_description',
    'error_codes',
    'timestamp',
    'trace_id',
    'correlation_id',
    'error_uri',
  ]);
  const { trace_id, correlation_id, timestamp } = res.json;
  expect(res.json).toEqual({
    error,
    error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${trace_id}\r\nCorrelation ID: ${correlation_id}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp: expect.stringMatching(AAD_TIMESTAMP),
    trace_id: expect.stringMatching(GUID),
    correlation_id: expect.stringMatching(GUID),
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

describe('Entra v2 POST /{tenant}/oauth2/v2.0/token', () => {
  it('answers numbers as numbers with ext_expires_in and no scope', async () => {
    const res = await postForm(v2(), { ...creds, scope: `${V2_API.uri}/.default` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store, no-cache');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.headers.get('expires')).toBe('-1');
    expect(res.headers.get('x-ms-request-id')).toMatch(GUID);
    expect(Object.keys(res.json)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'access_token']);
    expect(res.json).toEqual({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String) });
  });

  it('issues a v2 token (azp, azpacr, ver 2.0, aud = appId) to an API that asks for v2', async () => {
    const res = await postForm(v2(), { ...creds, scope: `${V2_API.uri}/.default` });
    const { header, payload } = decodeJwt(res.json.access_token);
    expect(header).toEqual({ typ: 'JWT', alg: 'RS256', kid: expect.any(String) });
    expect(payload).toEqual({
      aud: V2_API.appId,
      iss: `${t()}/v2.0`,
      iat: expect.any(Number),
      nbf: payload.iat,
      exp: (payload.iat as number) + 3599,
      aio: expect.any(String),
      azp: AZURE.clientId,
      azpacr: '1',
      idtyp: 'app',
      oid: AZURE.servicePrincipalId,
      rh: expect.stringMatching(/^0\.A.+\.$/),
      sub: AZURE.servicePrincipalId,
      tid: AZURE.tenantId,
      uti: expect.any(String),
      ver: '2.0',
    });
  });

  it('issues a v1 token (sts.windows.net issuer, appid, roles) when the API asks for v1, even from the v2 endpoint', async () => {
    const res = await postForm(v2(), { ...creds, scope: `${AZURE.resource}/.default` });
    const { header, payload } = decodeJwt(res.json.access_token);
    expect(header.x5t).toBe(header.kid);
    expect(payload).toMatchObject({
      aud: AZURE.resource,
      iss: `https://sts.windows.net/${AZURE.tenantId}/`,
      appid: AZURE.clientId,
      appidacr: '1',
      idp: `https://sts.windows.net/${AZURE.tenantId}/`,
      idtyp: 'app',
      roles: ['Data.Read'],
      tid: AZURE.tenantId,
      ver: '1.0',
    });
    expect(payload).not.toHaveProperty('azp');
    expect(payload).not.toHaveProperty('scp');
  });

  it('gives Microsoft Graph v1 tokens with aud https://graph.microsoft.com', async () => {
    const res = await postForm(v2(), { ...creds, scope: 'https://graph.microsoft.com/.default' });
    expect(decodeJwt(res.json.access_token).payload).toMatchObject({ aud: 'https://graph.microsoft.com', ver: '1.0' });
  });

  it('accepts the verified domain in place of the tenant id', async () => {
    const res = await postForm(`${harness().url}/azure/dcrkit.onmicrosoft.com/oauth2/v2.0/token`, {
      ...creds,
      scope: `${AZURE.resource}/.default`,
    });
    expect(res.status).toBe(200);
  });

  it('answers a wrong secret with 401 AADSTS7000215', async () => {
    const res = await postForm(v2(), { ...creds, client_secret: 'wrong', scope: `${AZURE.resource}/.default` });
    expect(res.headers.get('x-ms-request-id')).toBe(res.json.trace_id);
    expectAadsts(
      res,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${AZURE.clientId}'.`,
    );
  });

  it('answers an unknown client id with 400 unauthorized_client AADSTS700016', async () => {
    const id = 'deadbeef-0000-4000-8000-000000000000';
    const res = await postForm(v2(), { ...creds, client_id: id, scope: `${AZURE.resource}/.default` });
    expectAadsts(
      res,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${id}' was not found in the directory 'dcr-kit'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  });

  it('answers a scope without /.default with 400 invalid_scope AADSTS1002012', async () => {
    const res = await postForm(v2(), { ...creds, scope: AZURE.resource });
    expectAadsts(
      res,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${AZURE.resource} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  });

  it("answers a missing scope with 400 AADSTS900144 naming 'scope'", async () => {
    const res = await postForm(v2(), creds);
    expectAadsts(res, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  });

  it('answers an unknown resource with 400 invalid_resource AADSTS500011', async () => {
    const res = await postForm(v2(), { ...creds, scope: 'api://nothing-here/.default' });
    expectAadsts(
      res,
      400,
      'invalid_resource',
      500011,
      'The resource principal named api://nothing-here was not found in the tenant named dcr-kit. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
    );
  });

  it('answers an unknown tenant with 400 AADSTS90002', async () => {
    const res = await postForm(`${harness().url}/azure/contoso.example/oauth2/v2.0/token`, {
      ...creds,
      scope: `${AZURE.resource}/.default`,
    });
    expectAadsts(
      res,
      400,
      'invalid_request',
      90002,
      "Tenant 'contoso.example' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    );
  });

  it('answers an app without a service principal with 401 AADSTS7000229', async () => {
    const res = await postForm(v2(), {
      grant_type: 'client_credentials',
      client_id: NO_SP_APP.appId,
      client_secret: NO_SP_APP.secret,
      scope: `${AZURE.resource}/.default`,
    });
    expectAadsts(
      res,
      401,
      'invalid_client',
      7000229,
      `The client application ${NO_SP_APP.appId} is missing service principal in the tenant ${AZURE.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    );
  });

  it('answers a missing secret with 401 AADSTS7000218', async () => {
    const res = await postForm(v2(), {
      grant_type: 'client_credentials',
      client_id: AZURE.clientId,
      scope: `${AZURE.resource}/.default`,
    });
    expectAadsts(
      res,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  });

  it("reads a JSON body as no parameters: AADSTS900144 'grant_type'", async () => {
    const res = await send(v2(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...creds }),
    });
    expectAadsts(res, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
  });

  it('answers a GET with 400 AADSTS900561 as JSON, and as an HTML page for browsers', async () => {
    for (const url of [v2(), v1()]) {
      const res = await send(`${url}?scope=x`);
      expectAadsts(
        res,
        400,
        'invalid_request',
        900561,
        'The endpoint only accepts POST, OPTIONS requests. Received a GET request.',
      );
    }
    const page = await send(v2(), { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('AADSTS900561: The endpoint only accepts POST requests. Received a GET request.');
  });

  it('accepts OPTIONS (a CORS preflight) on the token endpoint', async () => {
    const res = await send(v2(), { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('uses the caller client-request-id as correlation id and the harness clock for the timestamp', async () => {
    harness().control.clock.set(Date.parse('2023-02-20T07:21:29.500Z'));
    harness().control.clock.freeze();
    const requestId = '63b8bb61-1111-4222-8333-944455556666';
    const res = await postForm(
      v2(),
      { ...creds, client_secret: 'x', scope: `${AZURE.resource}/.default` },
      { 'client-request-id': requestId },
    );
    expect(res.json.correlation_id).toBe(requestId);
    expect(res.json.timestamp).toBe('2023-02-20 07:21:29Z');
  });
});

describe('Entra v1 POST /{tenant}/oauth2/token', () => {
  it('answers every number as a string, with expires_on, not_before and resource', async () => {
    harness().control.clock.set(1_700_000_000_000);
    harness().control.clock.freeze();
    const res = await postForm(v1(), { ...creds, resource: AZURE.resource });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual([
      'token_type',
      'expires_in',
      'ext_expires_in',
      'expires_on',
      'not_before',
      'resource',
      'access_token',
    ]);
    expect(res.json).toEqual({
      token_type: 'Bearer',
      expires_in: '3599',
      ext_expires_in: '3599',
      expires_on: '1700003599',
      not_before: '1700000000',
      resource: AZURE.resource,
      access_token: expect.any(String),
    });
  });

  it('issues v1 claims: appid, appidacr, idtyp app, oid, roles, tid, ver 1.0, sts.windows.net issuer', async () => {
    const res = await postForm(v1(), { ...creds, resource: AZURE.resource });
    const { payload } = decodeJwt(res.json.access_token);
    expect(payload).toEqual({
      aud: AZURE.resource,
      iss: `https://sts.windows.net/${AZURE.tenantId}/`,
      iat: expect.any(Number),
      nbf: payload.iat,
      exp: (payload.iat as number) + 3599,
      aio: expect.any(String),
      app_displayname: 'dcr-kit demo app',
      appid: AZURE.clientId,
      appidacr: '1',
      idp: `https://sts.windows.net/${AZURE.tenantId}/`,
      idtyp: 'app',
      oid: AZURE.servicePrincipalId,
      rh: expect.any(String),
      roles: ['Data.Read'],
      sub: AZURE.servicePrincipalId,
      tid: AZURE.tenantId,
      uti: expect.any(String),
      ver: '1.0',
      xms_tcdt: expect.any(Number),
    });
  });

  it("answers a missing resource with AADSTS900144 naming 'resource'", async () => {
    const res = await postForm(v1(), creds);
    expectAadsts(res, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'resource'.");
  });
});

describe('Entra discovery and keys', () => {
  it('serves v2 discovery with the v2 issuer and /discovery/v2.0/keys', async () => {
    const res = await send(`${t()}/v2.0/.well-known/openid-configuration`);
    expect(res.headers.get('cache-control')).toBe('max-age=86400, private');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.json).toMatchObject({
      issuer: `${t()}/v2.0`,
      token_endpoint: `${t()}/oauth2/v2.0/token`,
      jwks_uri: `${t()}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      msgraph_host: 'graph.microsoft.com',
    });
  });

  it('serves v1 discovery with the sts.windows.net issuer', async () => {
    const doc = (await send(`${t()}/.well-known/openid-configuration`)).json;
    expect(doc).toMatchObject({
      issuer: `https://sts.windows.net/${AZURE.tenantId}/`,
      token_endpoint: `${t()}/oauth2/token`,
      jwks_uri: `${harness().url}/azure/common/discovery/keys`,
    });
  });

  it('publishes keys with kid = x5t; v2 keys carry the issuer', async () => {
    const v2keys = (await send(`${t()}/discovery/v2.0/keys`)).json.keys;
    expect(v2keys[0].kid).toBe(v2keys[0].x5t);
    expect(v2keys[0].kid).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(v2keys[0].issuer).toBe(`${t()}/v2.0`);
    const v1keys = (await send(`${harness().url}/azure/common/discovery/keys`)).json.keys;
    expect(v1keys[0]).not.toHaveProperty('issuer');
    expect(v1keys[0].kid).toBe(v2keys[0].kid);
  });

  it('answers discovery for an unknown tenant with AADSTS90002', async () => {
    const res = await send(`${harness().url}/azure/unknown-tenant/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(400);
    expect(res.json.error_codes).toEqual([90002]);
  });
});
