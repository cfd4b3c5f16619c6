/**
 * The Konnect HTTP DCR bridge contract (shared/reference/vendors.md §5.3, Kong/konnect-portal-dcr-handler
 * openapi.yaml): X-API-KEY on every call, the exact create body, 201/204/200 answers, and clients that live in
 * the backing tenant (Okta by default, any tenant by configuration).
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { basic, postForm, send } from '../../helpers/http';

const KEY = 'dcr_kit_demo_bridge_api_key';
const harness = useHarness();
const bridge = () => `${harness().url}/dcr-bridge`;
const ids = {
  portal_id: '0f1e2d3c-4b5a-4968-8776-655443322110',
  organization_id: '1f1e2d3c-4b5a-4968-8776-655443322110',
  developer_id: '2f1e2d3c-4b5a-4968-8776-655443322110',
  auth_strategy_id: '3f1e2d3c-4b5a-4968-8776-655443322110',
  dcr_provider_id: '4f1e2d3c-4b5a-4968-8776-655443322110',
};
const createBody = (name = 'Konnect app') => ({
  redirect_uris: [],
  client_name: name,
  grant_types: ['client_credentials'],
  scopes: [],
  token_endpoint_auth_method: 'client_secret_post',
  application_description: 'made by the portal',
  ...ids,
});
const call = (method: string, path: string, body?: unknown, key = KEY) =>
  send(`${bridge()}${path}`, {
    method,
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const oktaToken = (id: string, secret: string) =>
  postForm(
    `${harness().url}/okta/oauth2/default/v1/token`,
    { grant_type: 'client_credentials', scope: 'api:read' },
    basic(id, secret),
  );

describe('Konnect HTTP DCR bridge', () => {
  it('is listed in harness.json with its endpoint, api key and backing tenant', async () => {
    const manifest = (await send(`${harness().url}/harness.json`)).json;
    expect(manifest.dcrBridge).toEqual({ endpoint: bridge(), apiKey: KEY, tenant: 'okta', live: true });
  });

  it('creates a client (201 {client_id, client_secret, client_id_issued_at, client_secret_expires_at}) that gets tokens', async () => {
    const res = await call('POST', '/', createBody());
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      client_id: expect.stringMatching(/^0oa/),
      client_secret: expect.any(String),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
    });
    expect((await oktaToken(res.json.client_id, res.json.client_secret)).status).toBe(200);
  });

  it('answers a wrong or missing X-API-KEY with 401 {"error":"Wrong API-Key","error_description":"wrong x-api-key header"}', async () => {
    for (const key of ['not_the_key_at_all', '']) {
      const res = await call('POST', '/', createBody(), key);
      expect(res.status).toBe(401);
      expect(res.text).toBe('{"error":"Wrong API-Key","error_description":"wrong x-api-key header"}');
    }
  });

  it('refuses a create body with a missing field or an extra property, naming it', async () => {
    const { dcr_provider_id: _, ...missing } = createBody();
    const res = await call('POST', '/', missing);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'invalid_client_metadata',
      error_description: expect.stringMatching(/^dcr_provider_id: /),
    });
    const extra = await call('POST', '/', { ...createBody(), colour: 'blue' });
    expect(extra.json.error_description).toBe('colour: unknown property');
  });

  it("passes the backing vendor's refusal on as a 400 (a duplicate Okta client_name)", async () => {
    await call('POST', '/', createBody('Same name'));
    const res = await call('POST', '/', createBody('Same name'));
    expect(res.status).toBe(400);
    expect(res.json.error_description).toBe('client_name: An object with this field already exists in the current organization');
  });

  it('rotates with POST /{clientId}/new-secret (200) and deletes with DELETE /{clientId} (204)', async () => {
    const { client_id, client_secret } = (await call('POST', '/', createBody())).json;
    const rotated = await call('POST', `/${client_id}/new-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.json).toEqual({ client_id, client_secret: expect.any(String) });
    expect((await oktaToken(client_id, client_secret)).status).toBe(401);
    expect((await oktaToken(client_id, rotated.json.client_secret)).status).toBe(200);
    expect((await call('DELETE', `/${client_id}`)).status).toBe(204);
    expect((await oktaToken(client_id, rotated.json.client_secret)).status).toBe(401);
    expect((await call('DELETE', `/${client_id}`)).status).toBe(404);
  });

  it('accepts lifecycle events on POST /{clientId}/event-hook and records them for tests', async () => {
    const event = { event_type: 'add_registration', client_id: 'abc', application_id: 'app-1', api_product_version_id: 'v1' };
    const res = await call('POST', '/abc/event-hook', event);
    expect(res.status).toBe(200);
    const recorded = (await send(`${harness().url}/_control/dcr-bridge/events`)).json.events;
    expect(recorded).toEqual([{ at: expect.any(String), clientId: 'abc', body: event }]);
  });
});

describe('Konnect HTTP DCR bridge backed by another tenant', () => {
  const other = useHarness({ config: { dcrBridge: { tenant: 'curity', apiKey: 'another_bridge_key' } } });

  it('registers clients in the configured tenant', async () => {
    const res = await send(`${other().url}/dcr-bridge/`, {
      method: 'POST',
      headers: { 'x-api-key': 'another_bridge_key', 'content-type': 'application/json' },
      body: JSON.stringify({ ...createBody(), scopes: ['read'] }),
    });
    expect(res.status).toBe(201);
    const token = await postForm(
      `${other().url}/curity/oauth/v2/oauth-token`,
      { grant_type: 'client_credentials' },
      basic(res.json.client_id, res.json.client_secret),
    );
    expect(token.status).toBe(200);
    expect(token.json.scope).toBe('read');
  });
});
