/**
 * The Kong-like gateway (shared/reference/vendors.md §6, from Kong's openid-connect and
 * konnect-application-auth plugins and lua-resty-session 4): client credentials (base64 Basic, query, body),
 * bearer JWTs verified through discovery and JWKS, the session cookie, and the plugins' exact error bodies.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../../helpers/demo';
import { basic, postForm, postJson, send } from '../../helpers/http';

const harness = useHarness({ config: { gateway: { sessionResponseHeaders: true } } });
const gateway = () => harness().manifest.gateway.url;
const api = (id: string, path = '/anything') => `${gateway()}/${id}${path}`;
const UNAUTHORIZED = '{"message":"Unauthorized"}';
const SESSION_COOKIE = /^session=[A-Za-z0-9_-]+; Path=\/; SameSite=Lax; HttpOnly$/;

const oktaToken = async () =>
  (
    await postForm(
      `${harness().url}/okta/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: OKTA.scope },
      basic(OKTA.clientId, OKTA.clientSecret),
    )
  ).json.access_token as string;

function sessionFrom(res: { headers: Headers }): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
  expect(cookie).toMatch(SESSION_COOKIE);
  return (cookie as string).split(';')[0] as string;
}

describe('gateway: client credentials', () => {
  it('accepts Basic base64(id:secret), exchanges it at the IdP, proxies with a bearer token and sets the session cookie', async () => {
    const res = await send(api('okta'), { headers: basic(OKTA.clientId, OKTA.clientSecret) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      api: 'okta',
      method: 'GET',
      path: '/anything',
      consumer: { authMethod: 'client_credentials', credential: OKTA.clientId, credentialClaim: 'cid' },
    });
    expect(res.json.headers.authorization).toMatch(/^Bearer ey/);
    sessionFrom(res);
    expect(res.headers.get('session-subject')).toBe(OKTA.clientId);
    expect(res.headers.get('session-idling-timeout')).toBe('900');
    expect(res.headers.get('session-rolling-timeout')).toBe('3600');
    expect(res.headers.get('session-absolute-timeout')).toBe('86400');
  });

  it("does not recognise the Konnect docs' un-encoded `Basic id:secret`: 401 with WWW-Authenticate", async () => {
    const res = await send(api('okta'), { headers: { authorization: `Basic ${OKTA.clientId}:${OKTA.clientSecret}` } });
    expect(res.status).toBe(401);
    expect(res.text).toBe(UNAUTHORIZED);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="kong"');
  });

  it('accepts credentials in the query string, a form body and a JSON body', async () => {
    const query = await send(api('curity', `/anything?client_id=${CURITY.clientId}&client_secret=${CURITY.clientSecret}`));
    expect(query.json.consumer).toMatchObject({ authMethod: 'client_credentials', credential: CURITY.clientId });
    const formBody = await postForm(api('auth0'), { client_id: AUTH0.clientId, client_secret: AUTH0.clientSecret });
    expect(formBody.json.consumer).toMatchObject({ credential: AUTH0.clientId, credentialClaim: 'azp' });
    const jsonBody = await postJson(api('azure'), { client_id: AZURE.clientId, client_secret: AZURE.clientSecret });
    expect(jsonBody.json.consumer).toMatchObject({ credential: AZURE.clientId, credentialClaim: 'appid' });
  });

  it('answers a wrong secret with 401 {"message":"Unauthorized"}', async () => {
    const res = await send(api('okta'), { headers: basic(OKTA.clientId, 'wrong') });
    expect(res.status).toBe(401);
    expect(res.text).toBe(UNAUTHORIZED);
  });

  it('refuses a Grant-Type header other than client_credentials', async () => {
    const res = await send(api('okta'), { headers: { ...basic(OKTA.clientId, OKTA.clientSecret), 'grant-type': 'password' } });
    expect(res.status).toBe(401);
  });
});

describe('gateway: bearer tokens', () => {
  it('accepts a JWT from the API’s IdP, verified through discovery and JWKS', async () => {
    const res = await send(api('okta'), { headers: { authorization: `Bearer ${await oktaToken()}` } });
    expect(res.status).toBe(200);
    expect(res.json.consumer).toMatchObject({ authMethod: 'bearer', credential: OKTA.clientId });
  });

  it('refuses a token from another IdP, and an expired one', async () => {
    const token = await oktaToken();
    expect((await send(api('auth0'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    harness().control.clock.advance(3601);
    const expired = await send(api('okta'), { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(expired.text).toBe(UNAUTHORIZED);
  });

  it('accepts Entra v1 tokens (sts.windows.net issuer, appid), the only version Konnect supports', async () => {
    const v1 = await postForm(`${harness().url}/azure/${AZURE.tenantId}/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: AZURE.clientId,
      client_secret: AZURE.clientSecret,
      resource: AZURE.resource,
    });
    expect(
      (await send(api('azure'), { headers: { authorization: `Bearer ${v1.json.access_token}` } })).json.consumer.credential,
    ).toBe(AZURE.clientId);
  });

  it('answers 403 {"message":"You cannot consume this service"} for a valid token of an application not registered for the API', async () => {
    const created = await send(`${harness().url}/okta/oauth2/v1/clients`, {
      method: 'POST',
      headers: {
        authorization: `SSWS ${harness().manifest.tenants[1]?.registration.credentials.apiToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ client_name: 'not registered', application_type: 'service' }),
    });
    const res = await send(api('okta'), { headers: basic(created.json.client_id, created.json.client_secret) });
    expect(res.status).toBe(403);
    expect(res.text).toBe('{"message":"You cannot consume this service"}');
  });
});

describe('gateway: session cookie', () => {
  it('authenticates "session only" requests and hides the cookie from the upstream', async () => {
    const first = await send(api('curity'), { headers: basic(CURITY.clientId, CURITY.clientSecret) });
    const cookie = sessionFrom(first);
    const res = await send(api('curity'), { headers: { cookie: `${cookie}; theme=dark` } });
    expect(res.status).toBe(200);
    expect(res.json.consumer).toMatchObject({ authMethod: 'session', credential: CURITY.clientId });
    expect(res.json.headers.cookie).toBe('theme=dark');
    expect(res.json.headers.authorization).toMatch(/^Bearer ey/);
  });

  it('expires after the idling timeout (900 s by default), following the harness clock', async () => {
    // Frozen: on a loaded machine a second of real time between the requests would otherwise count as idling too.
    harness().control.clock.freeze();
    const cookie = sessionFrom(await send(api('okta'), { headers: basic(OKTA.clientId, OKTA.clientSecret) }));
    harness().control.clock.advance(899);
    const stillAlive = await send(api('okta'), { headers: { cookie } });
    expect(stillAlive.status).toBe(200);
    const renewed = sessionFrom(stillAlive);
    harness().control.clock.advance(901);
    expect((await send(api('okta'), { headers: { cookie: renewed } })).text).toBe(UNAUTHORIZED);
  });

  it('ends at the absolute timeout even when used all along', async () => {
    let cookie = sessionFrom(await send(api('okta'), { headers: basic(OKTA.clientId, OKTA.clientSecret) }));
    for (let used = 0; used < 86_400; used += 800) {
      harness().control.clock.advance(800);
      const res = await send(api('okta'), { headers: { cookie } });
      if (res.status !== 200) {
        expect(used + 800).toBeGreaterThanOrEqual(86_400);
        return;
      }
      cookie = sessionFrom(res);
    }
    harness().control.clock.advance(800);
    expect((await send(api('okta'), { headers: { cookie } })).status).toBe(401);
  });

  it('forgets every session on reset', async () => {
    const cookie = sessionFrom(await send(api('okta'), { headers: basic(OKTA.clientId, OKTA.clientSecret) }));
    harness().control.reset();
    expect((await send(api('okta'), { headers: { cookie } })).status).toBe(401);
  });

  it('ignores a tampered cookie and a cookie made for another API', async () => {
    const cookie = sessionFrom(await send(api('okta'), { headers: basic(OKTA.clientId, OKTA.clientSecret) }));
    expect((await send(api('okta'), { headers: { cookie: `${cookie.slice(0, -2)}xx` } })).status).toBe(401);
    expect((await send(api('auth0'), { headers: { cookie } })).status).toBe(401);
  });
});

describe('gateway: routing and CORS', () => {
  it("answers an unknown API with Kong's 404", async () => {
    const res = await send(api('nothing'));
    expect(res.status).toBe(404);
    expect(res.text).toBe('{"message":"no Route matched with those values"}');
  });

  it('lets the portal origin call it from a page (credentials included), and no other origin', async () => {
    const portal = harness().manifest.portal.url;
    const preflight = await send(api('okta'), {
      method: 'OPTIONS',
      headers: { origin: portal, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(portal);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    const other = await send(api('okta'), {
      headers: { origin: 'http://evil.example', ...basic(OKTA.clientId, OKTA.clientSecret) },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists every API in harness.json', () => {
    expect(harness().manifest.gateway.apis.map((a) => [a.id, a.credentialClaim])).toEqual([
      ['auth0', 'azp'],
      ['okta', 'cid'],
      ['curity', 'sub'],
      ['azure', 'appid'],
      ['dcr-bridge', 'cid'],
    ]);
  });
});
