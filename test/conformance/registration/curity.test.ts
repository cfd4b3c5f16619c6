/**
 * Curity Dynamic Client Registration (RFC 7591) and management (RFC 7592), shared/reference/vendors.md §2.3
 * (curity.io "Using Dynamic Client Registration" and "Dynamic Client Registration Management"): a single-use
 * initial access token with scope `dcr`, registration access tokens (and secrets) rotated on GET and PUT, RFC 7591
 * §3.2.2 errors.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { CURITY } from '../../helpers/demo';
import { basic, postForm, send } from '../../helpers/http';

const DCR = { clientId: 'dcr-kit-dcr-client', clientSecret: 'demo-curity-dcr-secret-Qw8Er4Ty6Ui2' };
const harness = useHarness();
const base = () => `${harness().url}/curity`;
const registration = () => `${base()}/token-service/oauth-registration`;
const metadata = {
  client_name: 'Konnect app',
  grant_types: ['client_credentials'],
  scope: 'read',
  token_endpoint_auth_method: 'client_secret_basic',
};

async function initialAccessToken(): Promise<string> {
  const res = await postForm(
    `${base()}/oauth/v2/oauth-token`,
    { grant_type: 'client_credentials', scope: 'dcr' },
    basic(DCR.clientId, DCR.clientSecret),
  );
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ scope: 'dcr', token_type: 'bearer', expires_in: 300 });
  return res.json.access_token;
}

const register = async (body: unknown = metadata, token?: string) =>
  send(registration(), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token ?? (await initialAccessToken())}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
const manage = (method: string, uri: string, rat: string, body?: unknown) =>
  send(uri, {
    method,
    headers: { authorization: `Bearer ${rat}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const tokenFor = (id: string, secret: string) =>
  postForm(`${base()}/oauth/v2/oauth-token`, { grant_type: 'client_credentials', scope: 'read' }, basic(id, secret));

describe('Curity RFC 7591 registration', () => {
  it('is advertised in discovery', async () => {
    const doc = (await send(`${base()}/oauth/v2/oauth-anonymous/.well-known/openid-configuration`)).json;
    expect(doc.registration_endpoint).toBe(registration());
  });

  it('registers with a dcr initial access token: 201 with credentials and RFC 7592 management data; the client gets tokens', async () => {
    const res = await register();
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({
      client_id: expect.any(String),
      client_secret: expect.any(String),
      client_id_issued_at: expect.any(Number),
      client_secret_expires_at: 0,
      client_name: 'Konnect app',
      grant_types: ['client_credentials'],
      scope: 'read',
      token_endpoint_auth_method: 'client_secret_basic',
      registration_access_token: expect.any(String),
      registration_client_uri: `${registration()}/${res.json.client_id}`,
    });
    const token = await tokenFor(res.json.client_id, res.json.client_secret);
    expect(token.status).toBe(200);
    expect(token.json.scope).toBe('read');
  });

  it('accepts an initial access token once only', async () => {
    const iat = await initialAccessToken();
    expect((await register(metadata, iat)).status).toBe(201);
    const again = await register({ ...metadata, client_name: 'second' }, iat);
    expect(again.status).toBe(401);
    expect(again.json.error).toBe('invalid_token');
    expect(again.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('refuses a token without the dcr scope, and no token at all', async () => {
    const plain = await postForm(
      `${base()}/oauth/v2/oauth-token`,
      { grant_type: 'client_credentials' },
      basic(CURITY.clientId, CURITY.clientSecret),
    );
    expect((await register(metadata, plain.json.access_token)).status).toBe(401);
    const none = await send(registration(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    });
    expect(none.status).toBe(401);
    expect(none.json.error).toBe('invalid_token');
  });

  it('answers invalid metadata with RFC 7591 §3.2.2 invalid_client_metadata, and registers nothing', async () => {
    const res = await register({ ...metadata, scope: 'admin' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_client_metadata');
    expect(res.json.error_description).toEqual(expect.any(String));
  });

  it('does not let a client ask for dcr unless it is the designated DCR client', async () => {
    const res = await postForm(
      `${base()}/oauth/v2/oauth-token`,
      { grant_type: 'client_credentials', scope: 'dcr' },
      basic(CURITY.clientId, CURITY.clientSecret),
    );
    expect(res.status).toBe(400);
    expect(res.text).toBe('{"error":"invalid_scope"}');
  });
});

describe('Curity RFC 7592 management', () => {
  it('reads the client with GET, rotating the registration access token', async () => {
    const { registration_client_uri: uri, registration_access_token: rat, client_id } = (await register()).json;
    const read = await manage('GET', uri, rat);
    expect(read.status).toBe(200);
    expect(read.json.client_id).toBe(client_id);
    expect(read.json.registration_access_token).not.toBe(rat);
    expect((await manage('GET', uri, rat)).status).toBe(401);
    expect((await manage('GET', uri, read.json.registration_access_token)).status).toBe(200);
  });

  it('updates the client with PUT (rotating the token and, without client_secret, the secret) and deletes it: 204, then the token endpoint refuses it', async () => {
    const created = (await register()).json;
    const updated = await manage('PUT', created.registration_client_uri, created.registration_access_token, {
      client_id: created.client_id,
      client_name: 'Renamed',
      grant_types: ['client_credentials'],
      scope: 'read write',
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ client_name: 'Renamed', scope: 'read write' });
    // A PUT issues a new secret: "a request automatically rotates the client_secret" (curity.io, Dynamic Client
    // Registration Management; curity-rotation.test.ts holds GET and PUT to it).
    expect(updated.json.client_secret).not.toBe(created.client_secret);
    expect((await tokenFor(created.client_id, created.client_secret)).status).toBe(401);
    expect((await tokenFor(created.client_id, updated.json.client_secret)).status).toBe(200);
    expect(updated.json.registration_access_token).not.toBe(created.registration_access_token);
    const removed = await manage('DELETE', created.registration_client_uri, updated.json.registration_access_token);
    expect(removed.status).toBe(204);
    const token = await tokenFor(created.client_id, updated.json.client_secret);
    expect(token.status).toBe(401);
    expect(token.text).toBe('{"error":"invalid_client"}');
  });
});
