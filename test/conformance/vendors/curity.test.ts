/**
 * Curity quirks, pinned to shared/reference/vendors.md §2.1-2.2 (Curity example payloads; Kong's DCR table).
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { CURITY } from '../../helpers/demo';
import { basic, decodeJwt, postForm, send } from '../../helpers/http';

const harness = useHarness({
  config: {
    tenants: [
      {
        id: 'curity',
        vendor: 'curity',
        clients: [
          { clientId: CURITY.clientId, clientSecret: CURITY.clientSecret, name: 'demo', scopes: ['read', 'write'] },
          {
            clientId: 'opaque-client',
            clientSecret: 'opaque-secret',
            name: 'opaque',
            scopes: ['read'],
            tokenFormat: 'opaque',
            audience: 'https://api.example/',
          },
        ],
      },
    ],
  },
});
const base = () => `${harness().url}/curity`;
const token = () => `${base()}/oauth/v2/oauth-token`;
const auth = basic(CURITY.clientId, CURITY.clientSecret);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Curity POST /oauth/v2/oauth-token', () => {
  it('answers {access_token, scope, token_type:"bearer", expires_in:300}', async () => {
    const res = await postForm(token(), { grant_type: 'client_credentials', scope: 'read' }, auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
    expect(res.json).toEqual({ access_token: expect.any(String), scope: 'read', token_type: 'bearer', expires_in: 300 });
  });

  it('mints jti, delegationId, purpose "access_token" and sub = client id', async () => {
    const res = await postForm(token(), { grant_type: 'client_credentials' }, auth);
    const { payload } = decodeJwt(res.json.access_token);
    expect(payload).toEqual({
      jti: expect.stringMatching(UUID),
      delegationId: expect.stringMatching(UUID),
      exp: (payload.iat as number) + 300,
      nbf: payload.iat,
      scope: 'read write',
      iss: `${base()}/oauth/v2/oauth-anonymous`,
      sub: CURITY.clientId,
      aud: CURITY.clientId,
      iat: expect.any(Number),
      purpose: 'access_token',
    });
  });

  it('answers a wrong secret with 401 {"error":"invalid_client"} and a scope outside the client with 400 {"error":"invalid_scope"}', async () => {
    const wrong = await postForm(token(), { grant_type: 'client_credentials' }, basic(CURITY.clientId, 'bad'));
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe('{"error":"invalid_client"}');
    const scope = await postForm(token(), { grant_type: 'client_credentials', scope: 'admin' }, auth);
    expect(scope.status).toBe(400);
    expect(scope.text).toBe('{"error":"invalid_scope"}');
  });

  it('answers other grant types with 400 {"error":"unsupported_grant_type"}', async () => {
    const res = await postForm(token(), { grant_type: 'password' }, auth);
    expect(res.status).toBe(400);
    expect(res.text).toBe('{"error":"unsupported_grant_type"}');
  });
});

describe('Curity opaque tokens and POST /oauth/v2/oauth-introspect', () => {
  const introspect = (value: string, credentials = basic('opaque-client', 'opaque-secret')) =>
    postForm(`${base()}/oauth/v2/oauth-introspect`, { token: value }, credentials);

  it('issues an opaque reference token that introspection reports active with its claims', async () => {
    const res = await postForm(token(), { grant_type: 'client_credentials' }, basic('opaque-client', 'opaque-secret'));
    expect(res.json.access_token).toMatch(/^_0XBPWQQ_[0-9a-f-]{36}$/);
    const info = await introspect(res.json.access_token);
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      active: true,
      token_type: 'bearer',
      client_id: 'opaque-client',
      sub: 'opaque-client',
      aud: 'https://api.example/',
      scope: 'read',
      purpose: 'access_token',
      iss: `${base()}/oauth/v2/oauth-anonymous`,
    });
  });

  it('reports a JWT it issued as active, and unknown or expired tokens as {"active":false}', async () => {
    const jwt = (await postForm(token(), { grant_type: 'client_credentials' }, auth)).json.access_token;
    expect((await introspect(jwt)).json.active).toBe(true);
    expect((await introspect('_0XBPWQQ_not-issued-here')).text).toBe('{"active":false}');
    harness().control.clock.advance(301);
    expect((await introspect(jwt)).text).toBe('{"active":false}');
  });

  it('requires client authentication', async () => {
    const res = await introspect('anything', basic('opaque-client', 'wrong'));
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"error":"invalid_client"}');
  });
});

describe('Curity discovery and JWKS', () => {
  it('serves discovery under the oauth-anonymous issuer with /jwks and the introspection endpoint', async () => {
    const doc = (await send(`${base()}/oauth/v2/oauth-anonymous/.well-known/openid-configuration`)).json;
    expect(doc).toMatchObject({
      issuer: `${base()}/oauth/v2/oauth-anonymous`,
      token_endpoint: `${base()}/oauth/v2/oauth-token`,
      jwks_uri: `${base()}/oauth/v2/oauth-anonymous/jwks`,
      introspection_endpoint: `${base()}/oauth/v2/oauth-introspect`,
    });
  });

  it('uses a numeric key id, as Curity does', async () => {
    const keys = (await send(`${base()}/oauth/v2/oauth-anonymous/jwks`)).json.keys;
    expect(keys[0].kid).toMatch(/^-?\d+$/);
  });
});
