/**
 * Issue 10, the harness half: each test performs an attack that used to work and asserts it now achieves
 * nothing. The wire values (status codes, error names) are the harness's own contract, written out here; the
 * attacks are the ones reported (a Host of another name, a text/plain POST from a page, a planted link).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, useHarness } from '../../mock-idp/vitest';
import { AUTH0, AZURE, OKTA } from '../helpers/demo';
import { postForm, postJson, send } from '../helpers/http';
import { portalLogin } from '../helpers/portal';
import { quietPortTrio } from '../helpers/ports';

/** A request with headers fetch() will not send (Host). */
function raw(
  url: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RULE = JSON.stringify({ tenant: '*', endpoint: 'token', fault: { type: 'status', status: 503 } });

describe('on loopback', () => {
  const harness = useHarness();
  const origins = () => {
    const m = harness().manifest;
    return { harness: m.url, portal: m.portal.url, gateway: m.gateway.url };
  };

  describe('DNS rebinding: a Host that is not one of the harness names', () => {
    it('is answered 421 on the harness, portal and gateway origins, and harness.json gives nothing away', async () => {
      for (const [name, url] of Object.entries(origins())) {
        const { port } = new URL(url);
        const res = await raw(`${url}/harness.json`, { headers: { host: `attacker.example:${port}` } });
        expect(res.status, name).toBe(421);
        expect(JSON.parse(res.text)).toEqual({
          error: 'misdirected_request',
          message: `this server does not answer to the host name "attacker.example:${port}" (add a name with --allowed-host)`,
        });
        expect(res.text).not.toContain(OKTA.clientSecret);
        expect(res.text).not.toContain('dcr-kit-developer');
      }
      const reset = await raw(`${origins().harness}/_control/clock`, {
        method: 'POST',
        headers: { host: 'evil.test', 'content-type': 'application/json' },
        body: '{"freeze":true}',
      });
      expect(reset.status).toBe(421);
      expect(harness().control.clock.state().frozen).toBe(false);
    });

    it('still answers its own names: 127.0.0.1, localhost and [::1]', async () => {
      const { port } = new URL(origins().harness);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
        const res = await raw(`${origins().harness}/health`, { headers: { host } });
        expect(res.status, host).toBe(200);
      }
    });
  });

  describe('CSRF on /_control', () => {
    it('refuses a text/plain POST from a page on another origin, and the faults stay as they were', async () => {
      const res = await send(`${origins().harness}/_control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'http://localhost:5630', 'sec-fetch-site': 'same-site' },
        body: RULE,
      });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({
        error: 'forbidden',
        message: `cross-origin request refused: Origin http://localhost:5630 is not ${origins().harness}`,
      });
      expect(harness().control.faults.list()).toEqual([]);
    });

    it('refuses a bodiless reset and a JSON clock change from another origin', async () => {
      harness().control.clock.set(Date.parse('2030-01-01T00:00:00Z'));
      const before = harness().control.clock.state();
      const reset = await send(`${origins().harness}/_control/reset`, { method: 'POST', headers: { origin: 'null' } });
      expect(reset.status).toBe(403);
      const clock = await postJson(
        `${origins().harness}/_control/clock`,
        { freeze: true, set: '2099-01-01T00:00:00Z' },
        {
          origin: 'http://127.0.0.1:5630',
        },
      );
      expect(clock.status).toBe(403);
      expect(harness().control.clock.state().epoch).toBe(before.epoch);
      expect(harness().control.clock.state().frozen).toBe(false);
    });

    it('treats an Origin header that is present but empty as foreign, not as absent', async () => {
      const reset = await send(`${origins().harness}/_control/reset`, { method: 'POST', headers: { origin: '' } });
      expect(reset.status).toBe(403);
      const login = await postJson(
        `${origins().portal}/api/v2/developer/authenticate`,
        { username: 'developer@dcr-kit.test', password: 'dcr-kit-developer' },
        { origin: '' },
      );
      expect(login.status).toBe(403);
    });

    it('refuses the same attack whatever the spelling of the path (/_CONTROL, /_Control), which routes still match', async () => {
      for (const prefix of ['/_CONTROL', '/_Control']) {
        const res = await send(`${origins().harness}${prefix}/clock`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: 'http://localhost:5630' },
          body: '{"freeze":true}',
        });
        expect(res.status, prefix).toBe(403);
      }
      expect(harness().control.clock.state().frozen).toBe(false);
    });

    it('refuses an extension page too: the extension never calls /_control', async () => {
      const res = await send(`${origins().harness}/_control/reset`, {
        method: 'POST',
        headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
      });
      expect(res.status).toBe(403);
    });

    it('refuses a cross-site request that sends no Origin', async () => {
      const res = await send(`${origins().harness}/_control/tenants/okta/next-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
        body: '{"claims":{"admin":true}}',
      });
      expect(res.status).toBe(403);
      expect(harness().control.tenant('okta').nextClaims.size).toBe(0);
    });

    it('refuses a body that is not JSON even without an Origin (415)', async () => {
      const res = await send(`${origins().harness}/_control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: RULE,
      });
      expect(res.status).toBe(415);
      expect(res.json).toEqual({
        error: 'unsupported_media_type',
        message: 'request bodies must be application/json (got text/plain)',
      });
      expect(harness().control.faults.list()).toEqual([]);
    });

    it('accepts JSON from curl (no Origin) and from a page on the harness origin itself', async () => {
      expect((await postJson(`${origins().harness}/_control/faults`, JSON.parse(RULE))).status).toBe(201);
      const own = await postJson(`${origins().harness}/_control/clock`, { advance: 1 }, { origin: origins().harness });
      expect(own.status).toBe(200);
      expect((await send(`${origins().harness}/_control/reset`, { method: 'POST' })).status).toBe(200);
    });
  });

  describe('CSRF on the portal API from another port of the same host', () => {
    const appCount = async (cookie: string) =>
      (await send(`${origins().portal}/api/v3/applications`, { headers: { cookie } })).json.data.length as number;

    it('creates no application from a text/plain POST carrying the developer cookie', async () => {
      const cookie = await portalLogin(origins().portal);
      const before = await appCount(cookie);
      const body = JSON.stringify({ name: 'csrf', auth_strategy_id: 'x' });
      const plain = await send(`${origins().portal}/api/v3/applications`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/plain', origin: 'http://127.0.0.1:5631', 'sec-fetch-site': 'same-site' },
        body,
      });
      expect(plain.status).toBe(403);
      expect(plain.headers.get('content-type')).toBe('application/problem+json');
      expect(plain.json).toMatchObject({
        status: 403,
        title: 'Forbidden',
        detail: `cross-origin request refused: Origin http://127.0.0.1:5631 is not ${origins().portal}`,
      });
      const noOrigin = await send(`${origins().portal}/api/v3/applications`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/plain' },
        body,
      });
      expect(noOrigin.status).toBe(415);
      expect(noOrigin.json).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
      const json = await postJson(`${origins().portal}/api/v3/applications`, JSON.parse(body), {
        cookie,
        origin: 'http://localhost:5631',
      });
      expect(json.status).toBe(403);
      // Routes match case-insensitively: the guard covers every spelling.
      const upper = await send(`${origins().portal}/API/v3/applications`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/plain', origin: 'http://127.0.0.1:5631' },
        body,
      });
      expect(upper.status).toBe(403);
      expect(await appCount(cookie)).toBe(before);
    });

    it('refuses a cross-origin logout and secret regeneration, and accepts its own pages and extensions', async () => {
      const cookie = await portalLogin(origins().portal);
      const logout = await send(`${origins().portal}/api/v3/developer/logout`, {
        method: 'POST',
        headers: { cookie, origin: 'http://localhost:9' },
      });
      expect(logout.status).toBe(403);
      // Still logged in: the session survived the forged logout.
      expect((await send(`${origins().portal}/api/v3/developer/me`, { headers: { cookie } })).status).toBe(200);
      for (const origin of [origins().portal, 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://4b1d']) {
        const me = await send(`${origins().portal}/api/v3/developer/refresh`, { method: 'POST', headers: { cookie, origin } });
        expect(me.status, origin).toBe(204);
      }
    });
  });

  describe('the gateway checks the audience of a bearer token', () => {
    const v1Token = (resource: string) =>
      postForm(`${origins().harness}/azure/${AZURE.tenantId}/oauth2/token`, {
        grant_type: 'client_credentials',
        client_id: AZURE.clientId,
        client_secret: AZURE.clientSecret,
        resource,
      });

    it('refuses an Entra v1 token minted for Microsoft Graph at the /azure API, and takes one for the API', async () => {
      const gateway = origins().gateway;
      // The demo app may consume the /azure API (its appid is registered there): only the audience tells the two apart.
      const own = await v1Token(AZURE.resource);
      expect(own.status).toBe(200);
      const graph = await v1Token('https://graph.microsoft.com');
      expect(graph.status).toBe(200);
      const claims = (t: string) => JSON.parse(Buffer.from(t.split('.')[1] as string, 'base64url').toString());
      expect(claims(graph.json.access_token)).toMatchObject({ aud: 'https://graph.microsoft.com', appid: AZURE.clientId });
      const ok = await send(`${gateway}/azure/data`, { headers: { authorization: `Bearer ${own.json.access_token}` } });
      expect(ok.status).toBe(200);
      const res = await send(`${gateway}/azure/data`, { headers: { authorization: `Bearer ${graph.json.access_token}` } });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ message: 'Unauthorized' });
    });

    it('refuses an Auth0 Management API token at the /auth0 API, and an Okta token of the right issuer but another audience', async () => {
      const gateway = origins().gateway;
      const creds = harness().manifest.tenants.find((t) => t.vendor === 'auth0')?.registration.credentials ?? {};
      const mgmt = await postJson(`${origins().harness}/auth0/oauth/token`, {
        grant_type: 'client_credentials',
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
        audience: creds.audience,
      });
      expect(mgmt.status).toBe(200);
      const res = await send(`${gateway}/auth0/data`, { headers: { authorization: `Bearer ${mgmt.json.access_token}` } });
      expect(res.status).toBe(401);
      const okta = await postForm(
        `${origins().harness}/okta/oauth2/default/v1/token`,
        { grant_type: 'client_credentials', scope: OKTA.scope },
        { authorization: `Basic ${btoa(`${OKTA.clientId}:${OKTA.clientSecret}`)}` },
      );
      harness().control.nextTokenClaims('okta', { aud: 'api://another-api' });
      const other = await postForm(
        `${origins().harness}/okta/oauth2/default/v1/token`,
        { grant_type: 'client_credentials', scope: OKTA.scope },
        { authorization: `Basic ${btoa(`${OKTA.clientId}:${OKTA.clientSecret}`)}` },
      );
      expect(
        (await send(`${gateway}/okta/data`, { headers: { authorization: `Bearer ${okta.json.access_token}` } })).status,
      ).toBe(200);
      expect(
        (await send(`${gateway}/okta/data`, { headers: { authorization: `Bearer ${other.json.access_token}` } })).status,
      ).toBe(401);
      const auth0 = await postJson(`${origins().harness}/auth0/oauth/token`, {
        grant_type: 'client_credentials',
        client_id: AUTH0.clientId,
        client_secret: AUTH0.clientSecret,
        audience: AUTH0.audience,
      });
      expect(
        (await send(`${gateway}/auth0/data`, { headers: { authorization: `Bearer ${auth0.json.access_token}` } })).status,
      ).toBe(200);
    });
  });
});

describe('bound to every interface (0.0.0.0)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ port: 0, host: '0.0.0.0' });
  });
  afterAll(() => harness?.close());
  const local = (path: string) => `http://127.0.0.1:${new URL(harness.url).port}${path}`;

  it('warns, naming what becomes reachable, and makes a control token', () => {
    expect(harness.controlToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(harness.notices.join('\n')).toMatch(
      /^WARNING: bound to 0\.0\.0\.0, an address other machines can reach: every tenant's token and registration API, Microsoft Graph, the DCR bridge, the portal and the gateway answer them\. \/_control requires the control token/m,
    );
    expect(harness.notices.join('\n')).toContain(
      'The embedded demo credentials (client secrets, the Okta API token, the bridge key, the portal password) are public',
    );
  });

  it('requires the control token on /_control', async () => {
    const without = await postJson(local('/_control/clock'), { freeze: true });
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="mock-idp control"');
    expect(without.json.error).toBe('unauthorized');
    expect(harness.control.clock.state().frozen).toBe(false);
    const wrong = await postJson(local('/_control/clock'), { freeze: true }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const right = await postJson(local('/_control/clock'), { advance: 1 }, { authorization: `Bearer ${harness.controlToken}` });
    expect(right.status).toBe(200);
  });

  it('leaves every secret out of harness.json unless the token is sent', async () => {
    const open = await send(local('/harness.json'));
    expect(open.status).toBe(200);
    expect(open.json.secretsWithheld).toBe(true);
    for (const secret of [
      OKTA.clientSecret,
      AUTH0.clientSecret,
      'dcr-kit-developer',
      harness.manifest.dcrBridge?.apiKey ?? '?',
    ]) {
      expect(open.text).not.toContain(secret);
    }
    const okta = harness.manifest.tenants.find((t) => t.id === 'okta');
    expect(open.text).not.toContain(String(okta?.registration.credentials.apiToken));
    expect(open.json.tenants.map((t: { tokenEndpoint: string }) => t.tokenEndpoint)).toEqual(
      harness.manifest.tenants.map((t) => t.tokenEndpoint),
    );
    const withToken = await send(local('/harness.json'), { headers: { authorization: `Bearer ${harness.controlToken}` } });
    expect(withToken.json.secretsWithheld).toBeUndefined();
    expect(withToken.text).toContain(OKTA.clientSecret);
  });
});

describe('a control token on loopback', () => {
  const harness = useHarness({ controlToken: 'a-token-of-my-own-0123456789' });
  const token = { authorization: 'Bearer a-token-of-my-own-0123456789' };
  it('is required by /_control and for the secrets in harness.json (the machine is shared)', async () => {
    expect((await send(`${harness().url}/_control/clock`)).status).toBe(401);
    expect((await send(`${harness().url}/_control/clock`, { headers: token })).status).toBe(200);
    const open = await send(`${harness().url}/harness.json`);
    expect(open.json.secretsWithheld).toBe(true);
    expect(open.text).not.toContain(OKTA.clientSecret);
    expect((await send(`${harness().url}/harness.json`, { headers: token })).text).toContain(OKTA.clientSecret);
  });
});

describe('behind a proxy, with a public URL', () => {
  let harness: Harness;
  let port = 0;
  beforeAll(async () => {
    // The harness advertises the public URL; the test reaches the port it listens on, as the proxy does. A port from
    // below the ephemeral range, with the portal's and the gateway's after it free (the suite's client sockets took
    // a probed ephemeral one once, between the probe and the listen).
    port = await quietPortTrio();
    harness = await startHarness({ port, publicUrl: 'HTTP://IdP.Example.com:80' });
  });
  afterAll(() => harness?.close());

  it('answers the public host name, and takes writes from its own pages there (origins compared normalised)', async () => {
    const write = (origin: string) =>
      raw(`http://127.0.0.1:${port}/_control/clock`, {
        method: 'POST',
        headers: { host: 'idp.example.com', origin, 'content-type': 'application/json' },
        body: '{"advance":1}',
      });
    expect((await write('http://idp.example.com')).status).toBe(200);
    expect((await write('http://idp.example.com:8080')).status).toBe(403);
    expect((await raw(`http://127.0.0.1:${port}/health`, { headers: { host: 'other.example.com' } })).status).toBe(421);
  });
});
