/**
 * Issue 6, load: 1,000 concurrent token requests across every vendor persona, and 200 concurrent registrations through
 * the portal (each one a DCR call from the portal to an IdP's registration API over HTTP). No errors, and no lost
 * clients: every acknowledged registration can be read back and gets a token with its secret.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { decodeJwt, send } from '../helpers/http';
import { portalLogin, STRATEGY_NAMES } from '../helpers/portal';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';

const harness = useHarness();

const demoClients: [TokenVendor, string, string][] = [
  ['auth0', AUTH0.clientId, AUTH0.clientSecret],
  ['okta', OKTA.clientId, OKTA.clientSecret],
  ['curity', CURITY.clientId, CURITY.clientSecret],
  ['azure', AZURE.clientId, AZURE.clientSecret],
];

describe('load', () => {
  it('answers 1,000 concurrent token requests across the four personas, each with a token for its own client', async () => {
    const { url } = harness();
    const requests = Array.from({ length: 1000 }, (_, i) => demoClients[i % demoClients.length] as (typeof demoClients)[0]);
    const answers = await Promise.all(requests.map(([vendor, id, secret]) => vendorToken(vendor, url, id, secret)));
    const failures = answers.map((a, i) => [i, a.status, a.text] as const).filter(([, status]) => status !== 200);
    expect(failures).toEqual([]);
    answers.forEach((answer, i) => {
      const [vendor, clientId] = requests[i] as (typeof demoClients)[0];
      const { payload } = decodeJwt(answer.json.access_token);
      // Each vendor names the client in its own claim: Auth0 azp, Okta cid, Curity sub (its JWTs carry no client_id), Entra v1 appid.
      const claim = { auth0: 'azp', okta: 'cid', curity: 'sub', azure: 'appid', 'dcr-bridge': 'cid' }[vendor];
      expect(payload[claim], `request ${i} (${vendor})`).toBe(clientId);
    });
  }, 120_000);

  it('takes 200 concurrent portal registrations across all five IdP links and loses none', async () => {
    const portal = harness().manifest.portal.url;
    const cookie = await portalLogin(portal);
    const api = (method: string, path: string, body?: unknown) =>
      send(`${portal}/api/v3${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const listed = (await api('GET', '/application-auth-strategies')).json.data as { id: string; name: string }[];
    const vendors = Object.keys(STRATEGY_NAMES) as TokenVendor[];
    const strategyId = (vendor: TokenVendor) => listed.find((s) => s.name === STRATEGY_NAMES[vendor])?.id;
    for (const vendor of vendors) expect(strategyId(vendor), vendor).toEqual(expect.any(String));

    const plan = Array.from({ length: 200 }, (_, i) => vendors[i % vendors.length] as TokenVendor);
    const created = await Promise.all(
      plan.map((vendor, i) =>
        api('POST', '/applications', { name: `load ${i} ${vendor}`, auth_strategy_id: strategyId(vendor) }),
      ),
    );
    expect(created.map((c) => c.status).filter((s) => s !== 201)).toEqual([]);
    const clientIds = created.map((c) => c.json.client_id as string);
    expect(new Set(clientIds).size).toBe(200);
    expect(new Set(created.map((c) => c.json.id as string)).size).toBe(200);

    // Every acknowledged application is in the portal, and its client exists at the IdP with the secret shown once.
    const { url } = harness();
    const checks = await Promise.all(
      created.map(async (c, i) => {
        const read = await api('GET', `/applications/${c.json.id}`);
        const token = await vendorToken(plan[i] as TokenVendor, url, c.json.client_id, c.json.client_secret);
        return [i, read.status, token.status] as const;
      }),
    );
    expect(checks.filter(([, read, token]) => read !== 200 || token !== 200)).toEqual([]);
  }, 120_000);
});
