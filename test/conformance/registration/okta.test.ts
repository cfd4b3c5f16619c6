/**
 * Okta's DCR API `/oauth2/v1/clients` (shared/reference/vendors.md §3.3, from the Okta DCR reference):
 * bodies and statuses, and the effect on the token endpoint (created clients get tokens; rotated and deleted ones don't).
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { basic, postForm, send } from '../../helpers/http';

const SSWS = '00dcrKit-demo-SSWS-token-Yq3nW8vR2xT6mK9pL4';
const harness = useHarness();
const clients = () => `${harness().url}/okta/oauth2/v1/clients`;
const headers = (token = SSWS) => ({
  authorization: `SSWS ${token}`,
  accept: 'application/json',
  'content-type': 'application/json',
});
const service = {
  client_name: 'Payments service',
  application_type: 'service',
  grant_types: ['client_credentials'],
  response_types: ['token'],
  redirect_uris: [],
};
const create = (body: unknown = service, token?: string) =>
  send(clients(), { method: 'POST', headers: headers(token), body: JSON.stringify(body) });
const tokenFor = (id: string, secret: string) =>
  postForm(
    `${harness().url}/okta/oauth2/default/v1/token`,
    { grant_type: 'client_credentials', scope: 'api:read' },
    basic(id, secret),
  );

describe('Okta POST /oauth2/v1/clients', () => {
  it('creates a service app: 201 with the documented fields, and the client gets a token at once', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(Object.keys(res.json)).toEqual([
      'client_id',
      'client_secret',
      'client_id_issued_at',
      'client_secret_expires_at',
      'client_name',
      'client_uri',
      'logo_uri',
      'application_type',
      'redirect_uris',
      'response_types',
      'grant_types',
      'token_endpoint_auth_method',
    ]);
    expect(res.json).toEqual({
      client_id: expect.stringMatching(/^0oa[A-Za-z0-9]{17}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      client_name: 'Payments service',
      client_uri: null,
      logo_uri: null,
      application_type: 'service',
      redirect_uris: [],
      response_types: ['token'],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect((await tokenFor(res.json.client_id, res.json.client_secret)).status).toBe(200);
  });

  it('answers a request without an Authorization header with 403 E0000005 and creates nothing', async () => {
    // Envelope and status: the body okta/okta-sdk-php replays in tests/Unit/DataStore/DefaultDataStoreTest.php
    // (403, E0000005 "Invalid session"); code and summary on https://developer.okta.com/docs/reference/error-codes/.
    const { authorization: _, ...anonymous } = headers();
    const attempts = [
      send(clients(), { method: 'POST', headers: anonymous, body: JSON.stringify(service) }),
      send(clients(), { headers: anonymous }),
      send(`${clients()}/0oaNoSuchClient000000`, { headers: anonymous }),
      send(`${clients()}/0oaNoSuchClient000000`, { method: 'DELETE', headers: anonymous }),
      send(`${clients()}/0oaNoSuchClient000000/lifecycle/newSecret`, { method: 'POST', headers: anonymous }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      expect(Object.keys(res.json)).toEqual(['errorCode', 'errorSummary', 'errorLink', 'errorId', 'errorCauses']);
      expect(res.json).toEqual({
        errorCode: 'E0000005',
        errorSummary: 'Invalid session',
        errorLink: 'E0000005',
        errorId: expect.stringMatching(/^oae[A-Za-z0-9]{22}$/),
        errorCauses: [],
      });
    }
    const list = await send(clients(), { headers: headers() });
    expect(list.json.map((c: { client_name: string }) => c.client_name)).not.toContain('Payments service');
  });

  it('answers a bad SSWS token or another scheme with 401 E0000011 and creates nothing', async () => {
    for (const token of ['wrong-token']) {
      const res = await create(service, token);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
        errorLink: 'E0000011',
        errorId: expect.stringMatching(/^oae/),
        errorCauses: [],
      });
    }
    const bearer = await send(clients(), {
      method: 'POST',
      headers: { ...headers(), authorization: `Bearer ${SSWS}` },
      body: JSON.stringify(service),
    });
    expect(bearer.status).toBe(401);
    const list = await send(clients(), { headers: headers() });
    expect(list.json.map((c: { client_name: string }) => c.client_name)).not.toContain('Payments service');
  });

  it('answers a service app with a grant type other than client_credentials with 400 invalid_client_metadata', async () => {
    // Okta's DCR reference (okta/okta-developer-docs, docs/reference/api/oauth-clients/index.md): the only valid
    // grant type of a `service` app is client_credentials, and metadata errors are 400
    // {"error":"invalid_client_metadata","error_description":…}. The description text is UNCONFIRMED.
    for (const grantTypes of [['authorization_code'], ['client_credentials', 'refresh_token'], ['implicit'], ['password']]) {
      const res = await create({ ...service, client_name: `Service ${grantTypes.join(' ')}`, grant_types: grantTypes });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
      const other = grantTypes.find((g) => g !== 'client_credentials');
      expect(res.text).toBe(
        `{"error":"invalid_client_metadata","error_description":"grant_types: '${other}' is not a valid grant type for application_type 'service'"}`,
      );
    }
    const list = await send(clients(), { headers: headers() });
    expect(list.json.map((c: { client_name: string }) => c.client_name).filter((n: string) => n.startsWith('Service '))).toEqual(
      [],
    );
  });

  it('answers a blank client_name with invalid_client_metadata', async () => {
    const res = await create({ ...service, client_name: ' ' });
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      '{"error":"invalid_client_metadata","error_description":"client_name: The field cannot be left blank"}',
    );
  });

  it('answers a duplicate client_name with invalid_client_metadata', async () => {
    await create();
    const res = await create();
    expect(res.status).toBe(400);
    expect(res.text).toBe(
      '{"error":"invalid_client_metadata","error_description":"client_name: An object with this field already exists in the current organization"}',
    );
  });

  it('answers a body that is not JSON with 400 E0000003', async () => {
    const res = await send(clients(), { method: 'POST', headers: headers(), body: '{"client_name":' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errorCode: 'E0000003', errorSummary: 'The request body was not well-formed.' });
  });

  it('requires redirect_uris for a web app with authorization_code', async () => {
    const res = await create({ client_name: 'Web', application_type: 'web' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'redirect_uris: The field cannot be left blank',
    });
  });
});

describe('Okta client management', () => {
  it('gets, lists and updates a client without revealing the secret on reads', async () => {
    const { client_id, client_secret } = (await create()).json;
    const read = await send(`${clients()}/${client_id}`, { headers: headers() });
    expect(read.status).toBe(200);
    expect(read.json).not.toHaveProperty('client_secret');
    const list = await send(`${clients()}?q=Pay&limit=1`, { headers: headers() });
    expect(list.json).toHaveLength(1);
    expect(list.headers.get('link')).toContain('rel="self"');
    await create({ ...service, client_name: 'Payroll service' });
    const first = await send(`${clients()}?q=Pay&limit=1`, { headers: headers() });
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toMatch(new RegExp(`^${clients()}\\?limit=1&after=0oa`));
    const second = await send(next as string, { headers: headers() });
    expect(second.status).toBe(200);
    expect(second.json[0].client_id).not.toBe(first.json[0].client_id);
    const updated = await send(`${clients()}/${client_id}`, {
      method: 'PUT',
      headers: headers(),
      body: JSON.stringify({ ...service, client_name: 'Renamed' }),
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ client_id, client_secret, client_name: 'Renamed' });
  });

  it('rotates the secret with POST …/lifecycle/newSecret: the new one works, the old one is refused', async () => {
    const { client_id, client_secret } = (await create()).json;
    const res = await send(`${clients()}/${client_id}/lifecycle/newSecret`, { method: 'POST', headers: headers() });
    expect(res.status).toBe(200);
    expect(res.json.client_secret).not.toBe(client_secret);
    expect((await tokenFor(client_id, res.json.client_secret)).status).toBe(200);
    const old = await tokenFor(client_id, client_secret);
    expect(old.status).toBe(401);
    expect(old.json.error_description).toBe('The client secret supplied for a confidential client is invalid.');
  });

  it('deletes with 204, after which the token endpoint no longer knows the client', async () => {
    const { client_id, client_secret } = (await create()).json;
    expect((await send(`${clients()}/${client_id}`, { method: 'DELETE', headers: headers() })).status).toBe(204);
    const res = await tokenFor(client_id, client_secret);
    expect(res.status).toBe(401);
    expect(res.json.error_description).toBe("Invalid value for 'client_id' parameter.");
  });

  it('answers unknown ids: 401 invalid_client on GET and DELETE, 404 E0000007 on newSecret', async () => {
    const get = await send(`${clients()}/0oaNoSuchClient`, { headers: headers() });
    expect(get.status).toBe(401);
    expect(get.text).toBe('{"error":"invalid_client","error_description":"Invalid value for \'client_id\' parameter."}');
    expect((await send(`${clients()}/0oaNoSuchClient`, { method: 'DELETE', headers: headers() })).status).toBe(401);
    const rotate = await send(`${clients()}/0oaNoSuchClient/lifecycle/newSecret`, { method: 'POST', headers: headers() });
    expect(rotate.status).toBe(404);
    expect(rotate.json).toMatchObject({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: 0oaNoSuchClient (PublicClientApp)',
    });
  });
});
