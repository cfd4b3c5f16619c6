/**
 * `startHarness({ tls: true, tenantPorts: true })` (the CLI's `--tls --tenant-ports`): every origin over HTTPS with
 * a certificate a client that trusts only the harness CA accepts, each tenant on an origin of its own with the
 * issuer the real vendor's host gives (expected strings from the vendors' documented issuer formats:
 * Auth0 `https://{domain}/`, Okta `https://{domain}/oauth2/default`, Entra `https://login.microsoftonline.com/{tid}/v2.0`,
 * Curity `https://{host}/oauth/v2/oauth-anonymous`), and the portal and gateway reaching them over TLS.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../mock-idp/harness';
import { STRATEGY_NAMES } from '../helpers/portal';

let harness: Harness;
let agent: Agent;
const get = async (url: string, init: Parameters<typeof fetch>[1] = {}) => {
  const res = await fetch(url, { ...init, dispatcher: agent });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
};

beforeAll(async () => {
  harness = await startHarness({ port: 0, tls: true, tenantPorts: true, caDir: mkdtempSync(join(tmpdir(), 'dcr-kit-ca-')) });
  agent = new Agent({ connect: { ca: readFileSync(harness.caFile as string, 'utf8') } });
});
afterAll(async () => {
  await agent?.close();
  await harness?.close();
});

describe('over TLS with tenants on origins of their own', () => {
  it('names its CA file in harness.json and advertises only https URLs', async () => {
    const manifest = (await get(`${harness.url}/harness.json`)).json;
    expect(manifest.tls.caFile).toBe(harness.caFile);
    expect(existsSync(manifest.tls.caFile)).toBe(true);
    const urls = JSON.stringify(manifest).match(/"https?:\/\/[^"]+"/g) ?? [];
    expect(urls.length).toBeGreaterThan(20);
    for (const url of urls) expect(url).toMatch(/^"https:\/\//);
  });

  it('gives each tenant its own origin, with the issuer the vendor documents for a host of its own', async () => {
    const tenants = Object.fromEntries(harness.manifest.tenants.map((t) => [t.id, t]));
    const origins = new Set<string>();
    for (const t of harness.manifest.tenants) {
      expect(t.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      origins.add(t.baseUrl);
      const discovery = (await get(t.discoveryUrl)).json;
      expect(discovery.issuer).toBe(t.issuer);
      expect(discovery.token_endpoint).toBe(t.tokenEndpoint);
    }
    expect(origins.size).toBe(harness.manifest.tenants.length);
    const auth0 = tenants.auth0!;
    expect(auth0.issuer).toBe(`${auth0.baseUrl}/`);
    expect(auth0.tokenEndpoint).toBe(`${auth0.baseUrl}/oauth/token`);
    expect(tenants.okta!.issuer).toBe(`${tenants.okta!.baseUrl}/oauth2/default`);
    expect(tenants.azure!.issuer).toBe(`${tenants.azure!.baseUrl}/${tenants.azure!.tenantId}/v2.0`);
    expect(tenants.curity!.issuer).toBe(`${tenants.curity!.baseUrl}/oauth/v2/oauth-anonymous`);
    // The tenants are no longer under the harness origin.
    expect((await get(`${harness.url}/auth0/.well-known/openid-configuration`)).status).toBe(404);
  });

  it('issues client-credentials tokens at each tenant origin', async () => {
    for (const t of harness.manifest.tenants) {
      const body = new URLSearchParams({ grant_type: 'client_credentials', ...t.demoClient.params });
      const res = await get(t.tokenEndpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(t.demoClient.clientId)}:${encodeURIComponent(t.demoClient.clientSecret)}`).toString('base64')}`,
        },
        body: body.toString(),
      });
      expect(res.status, t.id).toBe(200);
      expect(res.json.token_type).toMatch(/^bearer$/i);
    }
  });

  it('lets the portal register at every IdP and the gateway check credentials and tokens over TLS', async () => {
    const portal = harness.manifest.portal.url;
    const login = await fetch(`${portal}/api/v3/developer/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(harness.manifest.portal.developer),
      dispatcher: agent,
    });
    expect(login.status).toBe(204);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const strategies = (await get(`${portal}/api/v3/application-auth-strategies`, { headers: { cookie } })).json.data as {
      id: string;
      name: string;
    }[];
    expect(strategies.length).toBe(harness.manifest.gateway.apis.length);
    for (const api of harness.manifest.gateway.apis) {
      const strategy = strategies.find((s) => s.name === STRATEGY_NAMES[api.id as keyof typeof STRATEGY_NAMES]);
      expect(strategy, api.id).toBeDefined();
      const created = await get(`${portal}/api/v3/applications`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: portal },
        body: JSON.stringify({ name: `tls ${api.id}`, auth_strategy_id: strategy?.id }),
      });
      expect(created.status, api.id).toBe(201);
      const { client_id, client_secret } = created.json.credentials ?? created.json;
      const basic = Buffer.from(`${client_id}:${client_secret}`).toString('base64');
      const echo = await get(`${api.url}/anything`, { headers: { authorization: `Basic ${basic}` } });
      expect(echo.status, `${api.id} with client credentials: ${JSON.stringify(echo.json)}`).toBe(200);
      expect(echo.json.consumer.credential).toBe(client_id);
      // A bearer token from the IdP: the gateway fetches the tenant's discovery and JWKS over TLS to verify it.
      const bearer = echo.json.headers.authorization as string;
      const direct = await get(`${api.url}/anything`, { headers: { authorization: bearer } });
      expect(direct.status, `${api.id} with a bearer token`).toBe(200);
      expect(direct.json.consumer.authMethod).toBe('bearer');
    }
  });

  it("pages Okta's Apps API on the tenant's own origin: Link rel=next points there and answers (okta-sdk-nodejs follows it)", async () => {
    const okta = harness.manifest.tenants.find((t) => t.id === 'okta')!;
    const headers = { authorization: `SSWS ${okta.registration.credentials.apiToken}`, accept: 'application/json' };
    for (const label of ['paging one', 'paging two'])
      expect(
        (
          await get(`${okta.baseUrl}/api/v1/apps`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              name: 'oidc_client',
              label,
              signOnMode: 'OPENID_CONNECT',
              credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
              settings: {
                oauthClient: { grant_types: ['client_credentials'], response_types: ['token'], application_type: 'service' },
              },
            }),
          })
        ).status,
      ).toBe(200);
    const first = await get(`${okta.baseUrl}/api/v1/apps?limit=1`, { headers });
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next?.startsWith(`${okta.baseUrl}/api/v1/apps?`)).toBe(true);
    const second = await get(next as string, { headers });
    expect(second.status).toBe(200);
    expect(second.json[0].id).not.toBe(first.json[0].id);
    // A served path with another method is Okta's 405 there too, not a 404.
    const put = await get(`${okta.baseUrl}/api/v1/apps`, { method: 'PUT', headers });
    expect([put.status, put.json.errorCode]).toEqual([405, 'E0000022']);
  });

  it('answers 421 on every tenant origin to a Host that is not one of its names', async () => {
    const { request } = await import('node:https');
    for (const t of harness.manifest.tenants) {
      const url = new URL(`${t.baseUrl}/`);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: '/',
            headers: { host: `evil.test:${url.port}` },
            servername: 'localhost',
            ca: readFileSync(harness.caFile as string),
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(status, t.id).toBe(421);
    }
  });

  it('does not answer plain HTTP on its TLS ports', async () => {
    await expect(fetch(harness.url.replace('https:', 'http:'))).rejects.toThrow();
  });
});
