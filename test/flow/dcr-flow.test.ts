/**
 * The whole DCR flow the seed describes, for every vendor and the HTTP bridge, through both portal API versions:
 * create an application in the portal → token from the IdP (the vendor's own request) → gateway with client
 * credentials, bearer and session → regenerate the secret → the old one fails → delete → the client is gone.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { basic, send } from '../helpers/http';
import { portalLogin, STRATEGY_NAMES } from '../helpers/portal';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';

const harness = useHarness();

const flows = (Object.keys(STRATEGY_NAMES) as TokenVendor[]).flatMap((api) =>
  (['v2', 'v3'] as const).map((version) => [api, version] as const),
);

describe.each(flows)('%s through the portal API %s', (apiId, version) => {
  it('creates, authenticates three ways at the gateway, regenerates, and deletes', async () => {
    const { url, manifest } = harness();
    const token = (id: string, secret: string) => vendorToken(apiId, url, id, secret);
    const portal = manifest.portal.url;
    let cookie = await portalLogin(portal);
    const portalApi = (method: string, path: string, body?: unknown) =>
      send(`${portal}/api/${version}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const available = await portalApi('GET', version === 'v2' ? '/applications/auth-strategies' : '/application-auth-strategies');
    const strategy = available.json.data.find((s: { name: string }) => s.name === STRATEGY_NAMES[apiId]);
    expect(strategy).toMatchObject({
      credential_type: 'client_credentials',
      auth_methods: ['client_credentials', 'bearer', 'session'],
    });

    // 1. Create: the secret is returned once (v2 nests it in `credentials`, v3 has it at the top level).
    const created = await portalApi('POST', '/applications', { name: `${apiId} ${version} app`, auth_strategy_id: strategy.id });
    expect(created.status).toBe(201);
    const credentials =
      version === 'v2'
        ? created.json.credentials
        : { client_id: created.json.client_id, client_secret: created.json.client_secret };
    expect(credentials).toEqual({ client_id: expect.any(String), client_secret: expect.any(String) });
    const { client_id: clientId, client_secret: secret } = credentials;
    const read = await portalApi('GET', `/applications/${created.json.id}`);
    expect(read.json).not.toHaveProperty('client_secret');
    expect(read.json).not.toHaveProperty('credentials');

    // 2. A token from the IdP, with that vendor's own request.
    const issued = await token(clientId, secret);
    expect(issued.status).toBe(200);

    // 3. The gateway: client credentials (base64 Basic), bearer, then the session cookie it set.
    const gateway = `${manifest.gateway.url}/${apiId}/orders`;
    const viaCredentials = await send(gateway, { headers: basic(clientId, secret) });
    expect(viaCredentials.status).toBe(200);
    expect(viaCredentials.json.consumer).toMatchObject({ authMethod: 'client_credentials', credential: clientId });
    const viaBearer = await send(gateway, { headers: { authorization: `Bearer ${issued.json.access_token}` } });
    expect(viaBearer.json.consumer).toMatchObject({ authMethod: 'bearer', credential: clientId });
    const session = viaBearer.headers
      .getSetCookie()
      .find((v) => v.startsWith('session='))
      ?.split(';')[0] as string;
    const viaSession = await send(gateway, { headers: { cookie: session } });
    expect(viaSession.json.consumer).toMatchObject({ authMethod: 'session', credential: clientId });

    // 4. Regenerate (v2 refresh-token, v3 regenerate-secret): 201 {client_id, client_secret}; the old secret fails.
    const rotated = await portalApi(
      'POST',
      version === 'v2' ? `/applications/${created.json.id}/refresh-token` : `/applications/${created.json.id}/regenerate-secret`,
    );
    expect(rotated.status).toBe(201);
    expect(rotated.json).toEqual({ client_id: clientId, client_secret: expect.any(String) });
    expect(rotated.json.client_secret).not.toBe(secret);
    expect((await token(clientId, secret)).status).toBeGreaterThanOrEqual(400);
    expect((await token(clientId, rotated.json.client_secret)).status).toBe(200);
    // The gateway caches exchanged tokens until they expire (openid-connect cache_tokens); after that, no entry.
    harness().control.clock.advance(3601);
    expect((await send(gateway, { headers: basic(clientId, secret) })).status).toBe(401);
    expect((await send(gateway, { headers: basic(clientId, rotated.json.client_secret) })).status).toBe(200);

    // 5. Delete: 204 and the client is gone from the IdP. (The hour that passed also ended the portal session.)
    expect((await portalApi('GET', '/applications')).status).toBe(401);
    cookie = await portalLogin(portal);
    expect((await portalApi('DELETE', `/applications/${created.json.id}`)).status).toBe(204);
    expect((await token(clientId, rotated.json.client_secret)).status).toBeGreaterThanOrEqual(400);
    expect((await portalApi('GET', `/applications/${created.json.id}`)).status).toBe(404);
  });
});

describe('the portal drives the HTTP DCR bridge by its contract', () => {
  it('sends add_registration and remove_registration events with the application and API product version', async () => {
    const { manifest } = harness();
    const portal = manifest.portal.url;
    const cookie = await portalLogin(portal);
    const headers = { cookie, 'content-type': 'application/json' };
    const strategies = (await send(`${portal}/api/v3/application-auth-strategies`, { headers })).json.data;
    const bridge = strategies.find((s: { name: string }) => s.name.startsWith('HTTP DCR bridge'));
    const created = await send(`${portal}/api/v3/applications`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Bridged', description: 'via the bridge', auth_strategy_id: bridge.id }),
    });
    expect((await send(`${portal}/api/v3/applications/${created.json.id}`, { method: 'DELETE', headers })).status).toBe(204);
    const events = harness().control.bridgeEvents();
    const providers = (await send(`${portal}/api/v2/portal`)).json.dcr_provider_ids;
    expect(events.map((e) => e.body.event_type)).toEqual(['add_registration', 'remove_registration']);
    for (const event of events) {
      expect(event.body).toMatchObject({
        client_id: created.json.client_id,
        application_id: created.json.id,
        application_name: 'Bridged',
        application_description: 'via the bridge',
        auth_strategy_id: bridge.id,
        api_product_version_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(providers).toContain(event.body.dcr_provider_id);
    }
  });
});
