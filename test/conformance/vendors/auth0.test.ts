/**
 * Auth0 quirks, pinned to shared/reference/vendors.md §1.1-1.2 (sources cited there: auth0/node-auth0#682,
 * auth0/ruby-auth0#610 and #190, Auth0 docs). Bodies are compared byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { AUTH0 } from '../../helpers/demo';
import { basic, decodeJwt, postForm, postJson, send } from '../../helpers/http';

const harness = useHarness({
  config: {
    tenants: [
      {
        id: 'auth0-b',
        vendor: 'auth0',
        defaultAudience: 'https://default.api/',
        apis: [
          { identifier: 'https://default.api/', name: 'Default', scopes: ['read:x'], permissionsClaim: true },
          { identifier: 'https://ungranted.api/', name: 'Ungranted', scopes: [] },
        ],
        clients: [
          {
            clientId: 'granted-client-000000000000000001',
            clientSecret: 'granted-secret',
            name: 'granted',
            grants: [{ audience: 'https://default.api/', scope: ['read:x'] }],
          },
          {
            clientId: 'spa-client-0000000000000000000001',
            clientSecret: 'spa-secret-1',
            name: 'spa',
            grantTypes: ['authorization_code'],
          },
        ],
      },
    ],
  },
});
const token = () => `${harness().url}/auth0/oauth/token`;
const demo = {
  grant_type: 'client_credentials',
  client_id: AUTH0.clientId,
  client_secret: AUTH0.clientSecret,
  audience: AUTH0.audience,
};

describe('Auth0 POST /oauth/token', () => {
  it('accepts a JSON body and answers {access_token, token_type:"Bearer", expires_in:86400, scope}', async () => {
    const res = await postJson(token(), demo);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(Object.keys(res.json)).toEqual(['access_token', 'token_type', 'expires_in', 'scope']);
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 86400, scope: 'read:data' });
  });

  it('accepts a form body and client_secret_basic as well', async () => {
    expect((await postForm(token(), demo)).status).toBe(200);
    const { client_secret: _, client_id: __, ...rest } = demo;
    expect((await postForm(token(), rest, basic(AUTH0.clientId, AUTH0.clientSecret))).status).toBe(200);
  });

  it('mints the M2M claim set: iss with trailing slash, sub <client_id>@clients, azp, gty client-credentials', async () => {
    const { header, payload } = decodeJwt((await postJson(token(), demo)).json.access_token);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toEqual({
      iss: `${harness().url}/auth0/`,
      sub: `${AUTH0.clientId}@clients`,
      aud: 'https://api.dcr-kit.test/',
      iat: expect.any(Number),
      exp: (payload.iat as number) + 86400,
      gty: 'client-credentials',
      azp: AUTH0.clientId,
      scope: 'read:data',
    });
  });

  it('answers a wrong secret with 401 access_denied "Unauthorized"', async () => {
    const res = await postJson(token(), { ...demo, client_secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"error":"access_denied","error_description":"Unauthorized"}');
  });

  it('answers an unknown client with the same 401 access_denied "Unauthorized"', async () => {
    const res = await postJson(token(), { ...demo, client_id: 'no-such-client' });
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"error":"access_denied","error_description":"Unauthorized"}');
  });

  it('answers a missing audience without a default audience with 403 "No audience parameter was provided…"', async () => {
    const { audience: _, ...noAudience } = demo;
    const res = await postJson(token(), noAudience);
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      '{"error":"access_denied","error_description":"No audience parameter was provided, and no default audience has been configured"}',
    );
  });

  it('uses the tenant default audience when the request has none, with RBAC permissions', async () => {
    const res = await postJson(`${harness().url}/auth0-b/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'granted-client-000000000000000001',
      client_secret: 'granted-secret',
    });
    expect(res.status).toBe(200);
    const { payload } = decodeJwt(res.json.access_token);
    expect(payload.aud).toBe('https://default.api/');
    expect(payload.permissions).toEqual(['read:x']);
  });

  it('answers an unknown audience with 403 "Service not found: <audience>"', async () => {
    const res = await postJson(token(), { ...demo, audience: 'https://unknown.example/' });
    expect(res.status).toBe(403);
    expect(res.text).toBe('{"error":"access_denied","error_description":"Service not found: https://unknown.example/"}');
  });

  it('answers an audience the client has no client grant for with the 403 client-grant message', async () => {
    const res = await postJson(`${harness().url}/auth0-b/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'granted-client-000000000000000001',
      client_secret: 'granted-secret',
      audience: 'https://ungranted.api/',
    });
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      '{"error":"access_denied","error_description":"Client is not authorized to access \\"https://ungranted.api/\\". You need to create a \\"client-grant\\" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"}',
    );
  });

  it('answers a client without the client_credentials grant with 403 unauthorized_client and error_uri', async () => {
    const res = await postJson(`${harness().url}/auth0-b/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: 'spa-client-0000000000000000000001',
      client_secret: 'spa-secret-1',
    });
    expect(res.status).toBe(403);
    expect(res.text).toBe(
      '{"error":"unauthorized_client","error_description":"Grant type \'client_credentials\' not allowed for the client.","error_uri":"https://auth0.com/docs/clients/client-grant-types"}',
    );
  });

  it('narrows the token to requested scopes inside the grant and refuses scopes outside it', async () => {
    const narrowed = await postJson(token(), { ...demo, scope: 'read:data' });
    expect(narrowed.json.scope).toBe('read:data');
    const refused = await postJson(token(), { ...demo, scope: 'write:data' });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ error: 'access_denied', error_description: 'Client has not been granted scopes: write:data' });
  });

  it('refuses other content types, repeated parameters and other grant types with 400', async () => {
    const text = await send(token(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'grant_type=client_credentials',
    });
    expect(text.status).toBe(400);
    expect(text.json.error).toBe('invalid_request');
    const repeated = await send(token(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&audience=a&audience=b',
    });
    expect(repeated.status).toBe(400);
    expect(repeated.json).toEqual({ error: 'invalid_request', error_description: 'Duplicate parameter: audience' });
    const password = await postJson(token(), { ...demo, grant_type: 'password' });
    expect(password.status).toBe(400);
    expect(password.json).toEqual({ error: 'unsupported_grant_type', error_description: 'Unsupported grant type: password' });
  });

  it("answers a GET with hapi's 404 body", async () => {
    const res = await send(token());
    expect(res.status).toBe(404);
    expect(res.text).toBe('{"statusCode":404,"error":"Not Found","message":"Not Found"}');
  });
});

describe('Auth0 discovery and JWKS', () => {
  it('advertises /oauth/token, /.well-known/jwks.json and /oidc/register under the issuer with a trailing slash', async () => {
    const doc = (await send(`${harness().url}/auth0/.well-known/openid-configuration`)).json;
    const base = `${harness().url}/auth0`;
    expect(doc).toMatchObject({
      issuer: `${base}/`,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      registration_endpoint: `${base}/oidc/register`,
    });
  });

  it('publishes RSA signing keys with kty, alg, kid, use, e, n', async () => {
    const jwks = (await send(`${harness().url}/auth0/.well-known/jwks.json`)).json;
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0])).toEqual(['kty', 'alg', 'kid', 'use', 'e', 'n']);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
  });
});
