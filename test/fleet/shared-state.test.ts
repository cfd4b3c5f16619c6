/**
 * Issue 15: two harness processes, A and B, on one Redis answer as one harness. A client registered at A (through
 * each vendor's API, the bridge and the portal) gets a token at B; a secret rotated at B is refused at A; a fault
 * and the clock set at A hold at B; a key rotated at A signs B's tokens, which verify against A's JWKS.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { OKTA } from '../helpers/demo';
import { decodeJwt, postJson, send } from '../helpers/http';
import { portalLogin } from '../helpers/portal';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';
import { type FleetProcess, manifestOf, provider, type Registrar, useFleet, via } from './support';

const fleet = useFleet();

const tokenVendor: Record<Registrar, TokenVendor> = {
  auth0: 'auth0',
  okta: 'okta',
  curity: 'curity',
  azure: 'azure',
  'dcr-bridge': 'dcr-bridge',
};

describe('two harness processes on one Redis', () => {
  it.each(Object.keys(tokenVendor) as Registrar[])(
    '%s: registered at A, a token at B; the secret rotated at B, the old one refused at A',
    async (registrar) => {
      const { a, b } = fleet;
      const manifest = await manifestOf(a);
      const atA = provider(manifest, registrar, fetch);
      const atB = provider(manifest, registrar, via(a.url, b.url));
      const client = await atA.create({ name: `fleet ${registrar}`, scopes: [] });
      const token = (at: FleetProcess, secret: string) => vendorToken(tokenVendor[registrar], at.url, client.clientId, secret);
      expect((await token(b, client.clientSecret)).status).toBe(200);

      const rotated = await atB.rotate(client);
      expect(rotated.clientSecret).not.toBe(client.clientSecret);
      expect((await token(a, client.clientSecret)).status).toBeGreaterThanOrEqual(400);
      expect((await token(a, rotated.clientSecret)).status).toBe(200);
    },
  );

  it('the portal: an application created at A gets a token at B; its secret regenerated at B, the old one fails at A', async () => {
    const { a, b } = fleet;
    const cookie = await portalLogin(a.portal);
    const api = (at: FleetProcess, method: string, path: string, body?: unknown) =>
      send(`${at.portal}/api/v3${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const strategies = await api(b, 'GET', '/application-auth-strategies');
    expect(strategies.status).toBe(200);
    const okta = strategies.json.data.find((s: { name: string }) => /okta/i.test(s.name));
    const created = await api(a, 'POST', '/applications', { name: 'fleet portal app', auth_strategy_id: okta.id });
    expect(created.status).toBe(201);
    const { client_id: clientId, client_secret: secret } = created.json;
    expect((await vendorToken('okta', b.url, clientId, secret)).status).toBe(200);
    // B knows the application and the developer's session.
    expect((await api(b, 'GET', `/applications/${created.json.id}`)).status).toBe(200);

    const regenerated = await api(b, 'POST', `/applications/${created.json.id}/regenerate-secret`);
    expect(regenerated.status).toBe(201);
    expect((await vendorToken('okta', a.url, clientId, secret)).status).toBeGreaterThanOrEqual(400);
    expect((await vendorToken('okta', a.url, clientId, regenerated.json.client_secret)).status).toBe(200);
    // The gateway at B lets the application's credentials through (the application registry is shared).
    const viaGateway = await send(`${b.gateway}/okta/orders`, {
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${regenerated.json.client_secret}`).toString('base64')}` },
    });
    expect(viaGateway.status).toBe(200);
    // The session cookie A's gateway sets opens at B's.
    const session = viaGateway.headers
      .getSetCookie()
      .find((v) => v.startsWith('session='))
      ?.split(';')[0] as string;
    const withSession = await send(`${a.gateway}/okta/orders`, { headers: { cookie: session } });
    expect(withSession.json.consumer).toMatchObject({ authMethod: 'session', credential: clientId });
  });

  it('a fault set at A fails the next token request at B, in Okta’s dialect, once', async () => {
    const { a, b } = fleet;
    const added = await postJson(`${a.url}/_control/faults`, {
      tenant: 'okta',
      endpoint: 'token',
      fault: { type: 'status', status: 429, retryAfter: 7 },
      times: 1,
    });
    expect(added.status).toBe(201);
    expect((await send(`${b.url}/_control/faults`)).json.faults).toHaveLength(1);
    const limited = await vendorToken('okta', b.url, OKTA.clientId, OKTA.clientSecret);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json.errorCode).toBe('E0000047');
    // Spent at B: neither process applies it again.
    expect((await vendorToken('okta', a.url, OKTA.clientId, OKTA.clientSecret)).status).toBe(200);
    expect((await send(`${a.url}/_control/faults`)).json).toEqual({ faults: [] });
  });

  it('the clock set at A is the clock at B (tokens, the control plane)', async () => {
    const { a, b } = fleet;
    const set = await postJson(`${a.url}/_control/clock`, { set: '2031-05-04T03:02:01.000Z', freeze: true });
    expect(set.status).toBe(200);
    expect((await send(`${b.url}/_control/clock`)).json).toMatchObject({ now: '2031-05-04T03:02:01.000Z', frozen: true });
    const issued = await vendorToken('okta', b.url, OKTA.clientId, OKTA.clientSecret);
    expect(decodeJwt(issued.json.access_token).payload.iat).toBe(Date.parse('2031-05-04T03:02:01.000Z') / 1000);
    await postJson(`${b.url}/_control/clock`, { freeze: false });
    await postJson(`${b.url}/_control/reset`, {});
    expect((await send(`${a.url}/_control/clock`)).json.frozen).toBe(false);
  });

  it("a key rotated at A signs B's tokens, and they verify against A's JWKS", async () => {
    const { a, b } = fleet;
    const rotated = await postJson(`${a.url}/_control/tenants/okta/rotate-key`, { graceSeconds: 0 });
    expect(rotated.status).toBe(200);
    const issued = await vendorToken('okta', b.url, OKTA.clientId, OKTA.clientSecret);
    expect(issued.status).toBe(200);
    expect(decodeProtectedHeader(issued.json.access_token).kid).toBe(rotated.json.kid);
    const jwks = (await send(`${a.url}/okta/oauth2/default/v1/keys`)).json;
    await expect(jwtVerify(issued.json.access_token, createLocalJWKSet(jwks))).resolves.toBeTruthy();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).not.toContain(rotated.json.previousKid);
  });

  it('requests recorded at B are listed at A', async () => {
    const { a, b } = fleet;
    await send(`${a.url}/_control/tenants/okta/requests`, { method: 'DELETE' });
    await vendorToken('okta', b.url, OKTA.clientId, OKTA.clientSecret);
    const listed = (await send(`${a.url}/_control/tenants/okta/requests`)).json.requests;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ clientId: OKTA.clientId, status: 200 });
  });
});
