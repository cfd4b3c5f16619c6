/**
 * Auth0 Management API list shapes and idempotent deletes, as the auth0 SDKs read them. Expected values are written
 * out here from the public sources, never read from the harness:
 * - auth0/go-auth0 test/data/recordings/TestClientGrantManager_List.yaml: `GET /api/v2/client-grants?...
 *   &include_totals=true&per_page=50` answers `{"total":1,"start":0,"limit":50,"client_grants":[…]}` (key order).
 * - auth0/go-auth0 test/data/recordings/TestClient_Delete.yaml: a second DELETE of a deleted client is 204.
 * - https://auth0.com/docs/api/management/v2/clients/get-clients: page (0-based), per_page, include_totals
 *   (`clients` key), fields, include_fields.
 * - https://auth0.com/docs/api/management/v2/client-grants/get-client-grants: from, take (checkpoint, `next`).
 * - auth0/go-auth0 EXAMPLES.md "Pagination": per_page is at most 100.
 * The tenant below is seeded by this file, so its ids (cgr_seed… in seeding order) are this file's own inputs.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { postJson, send } from '../../helpers/http';

const TENANT = 'auth0-paging';
const harness = useHarness({
  config: {
    tenants: [
      {
        id: TENANT,
        vendor: 'auth0',
        managementClients: [
          { clientId: 'pagingAdmin', clientSecret: 'paging-admin-secret', name: 'admin' },
          { clientId: 'pagingB', clientSecret: 'paging-b-secret', name: 'b', scopes: ['read:clients'] },
          { clientId: 'pagingC', clientSecret: 'paging-c-secret', name: 'c', scopes: ['read:clients'] },
        ],
      },
    ],
  },
});
const base = () => `${harness().url}/${TENANT}`;

async function token(): Promise<string> {
  const res = await postJson(`${base()}/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: 'pagingAdmin',
    client_secret: 'paging-admin-secret',
    audience: `${base()}/api/v2/`,
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}
const api = async (method: string, path: string) =>
  send(`${base()}${path}`, { method, headers: { authorization: `Bearer ${await token()}` } });

describe('Auth0 GET /api/v2/clients paging', () => {
  it('answers a bare array without include_totals', async () => {
    const res = await api('GET', '/api/v2/clients?fields=client_id');
    expect(res.status).toBe(200);
    expect(res.text).toBe('[{"client_id":"pagingAdmin"},{"client_id":"pagingB"},{"client_id":"pagingC"}]');
  });

  it('answers {"total","start","limit","clients"} with include_totals=true (key order of the go-auth0 recording)', async () => {
    const res = await api('GET', '/api/v2/clients?include_totals=true&fields=client_id&page=1&per_page=2');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"total":3,"start":2,"limit":2,"clients":[{"client_id":"pagingC"}]}');
  });

  it('defaults per_page to 50 (limit 50, as recorded)', async () => {
    const res = await api('GET', '/api/v2/clients?include_totals=true&fields=name');
    expect(res.text).toBe('{"total":3,"start":0,"limit":50,"clients":[{"name":"admin"},{"name":"b"},{"name":"c"}]}');
  });

  it('fields with include_fields=false leaves those fields out', async () => {
    const res = await api('GET', '/api/v2/clients?per_page=1&fields=client_secret,jwt_configuration&include_fields=false');
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    expect(res.json[0].client_id).toBe('pagingAdmin');
    expect(res.json[0]).not.toHaveProperty('client_secret');
    expect(res.json[0]).not.toHaveProperty('jwt_configuration');
    expect(res.json[0].token_endpoint_auth_method).toEqual(expect.any(String));
  });

  it.each(['per_page=101', 'per_page=abc', 'page=-1', 'include_totals=yes', 'include_fields=maybe&fields=name'])(
    'answers %s with a Boom 400 invalid_query_string',
    async (query) => {
      const res = await api('GET', `/api/v2/clients?${query}`);
      expect(res.status).toBe(400);
      // Boom shape (vendors.md §1.4); errorCode from the API reference's 400 "Invalid request query string".
      expect(res.json).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(/^Query validation error: /),
        errorCode: 'invalid_query_string',
      });
    },
  );
});

describe('Auth0 GET /api/v2/client-grants paging', () => {
  it('answers a bare array without include_totals, {"total","start","limit","client_grants"} with it', async () => {
    const bare = await api('GET', '/api/v2/client-grants?per_page=1&page=2');
    expect(bare.status).toBe(200);
    expect(bare.json.map((g: { id: string }) => g.id)).toEqual(['cgr_seed000000000003']);
    const totals = await api('GET', '/api/v2/client-grants?include_totals=true&per_page=50&client_id=pagingB');
    expect(totals.text).toBe(
      '{"total":1,"start":0,"limit":50,"client_grants":[{"id":"cgr_seed000000000002","client_id":"pagingB",' +
        `"audience":"${base()}/api/v2/","scope":["read:clients"]}]}`,
    );
  });

  it('pages by checkpoint: from + take, with "next" while more remain', async () => {
    const first = await api('GET', '/api/v2/client-grants?take=2');
    expect(first.status).toBe(200);
    expect(Object.keys(first.json)).toEqual(['client_grants', 'next']);
    expect(first.json.client_grants.map((g: { id: string }) => g.id)).toEqual(['cgr_seed000000000001', 'cgr_seed000000000002']);
    expect(first.json.next).toBe('cgr_seed000000000003');
    const last = await api('GET', `/api/v2/client-grants?take=2&from=${first.json.next}`);
    expect(Object.keys(last.json)).toEqual(['client_grants']);
    expect(last.json.client_grants.map((g: { id: string }) => g.id)).toEqual(['cgr_seed000000000003']);
  });

  it('answers take=101 with a Boom 400 invalid_query_string', async () => {
    const res = await api('GET', '/api/v2/client-grants?take=101');
    expect(res.status).toBe(400);
    expect(res.json.errorCode).toBe('invalid_query_string');
  });
});

describe('Auth0 idempotent deletes', () => {
  it('DELETE /api/v2/clients/{id} of a gone id is 204 (TestClient_Delete.yaml, interaction 3)', async () => {
    const first = await api('DELETE', '/api/v2/clients/pagingC');
    expect(first.status).toBe(204);
    const again = await api('DELETE', '/api/v2/clients/pagingC');
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
    expect((await api('DELETE', '/api/v2/clients/neverExisted')).status).toBe(204);
  });

  it('DELETE /api/v2/client-grants/{id} of an unknown id is 204', async () => {
    expect((await api('DELETE', '/api/v2/client-grants/cgr_unknown0000000')).status).toBe(204);
  });
});
