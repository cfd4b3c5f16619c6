/**
 * Curity's RFC 7592 management rotates credentials on every read and update. Each expectation names its source:
 * - curity.io/resources/learn/dynamic-client-registration-management/ ("DCRM"): "A GET or PUT request would
 *   automatically rotate the registration_access_token, invalidate the current token, and provide a new one in the
 *   response metadata. In addition to rotating the token, a request automatically rotates the client_secret", the
 *   365-day default token TTL, and the example response ending in registration_client_uri
 *   (`https://idsvr.example.com/token-service/oauth-registration/<client_id>`),
 *   `"registration_access_token_expires_in": 31536000`, registration_access_token.
 * - curity.io configuration reference, dynamic-client-registration/client-management: `rotated-secret-ttl` "Default
 *   is 0 … the previous secret is then immediately invalidated on each rotation".
 * - RFC 7591 §3.2.1 / RFC 7592 §3 for the fields every response has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, useHarness } from '../../../mock-idp/vitest';
import { basic, postForm, send } from '../../helpers/http';
import { quietPortTrio } from '../../helpers/ports';

const DCR = { clientId: 'dcr-kit-dcr-client', clientSecret: 'demo-curity-dcr-secret-Qw8Er4Ty6Ui2' };
const metadata = { client_name: 'rotating', grant_types: ['client_credentials'], scope: 'read' };

async function register(base: string) {
  const iat = await postForm(
    `${base}/curity/oauth/v2/oauth-token`,
    { grant_type: 'client_credentials', scope: 'dcr' },
    basic(DCR.clientId, DCR.clientSecret),
  );
  expect(iat.status).toBe(200);
  return send(`${base}/curity/token-service/oauth-registration`, {
    method: 'POST',
    headers: { authorization: `Bearer ${iat.json.access_token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(metadata),
  });
}

const manage = (method: string, uri: string, rat: string, body?: unknown) =>
  send(uri, {
    method,
    headers: { authorization: `Bearer ${rat}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const tokenFor = (base: string, id: string, secret: string) =>
  postForm(`${base}/curity/oauth/v2/oauth-token`, { grant_type: 'client_credentials', scope: 'read' }, basic(id, secret));

describe('Curity registration response', () => {
  const harness = useHarness();

  it('ends with registration_client_uri, registration_access_token_expires_in 31536000 (a number) and the token (DCRM example)', async () => {
    const res = await register(harness().url);
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).slice(-3)).toEqual([
      'registration_client_uri',
      'registration_access_token_expires_in',
      'registration_access_token',
    ]);
    expect(res.json.registration_access_token_expires_in).toBe(31_536_000);
    expect(res.json.registration_access_token).toEqual(expect.any(String));
    // <registration_endpoint>/<client_id>, the endpoint as discovery advertises it (DCRM example).
    const discovery = await send(`${harness().url}/curity/oauth/v2/oauth-anonymous/.well-known/openid-configuration`);
    expect(res.json.registration_client_uri).toBe(`${discovery.json.registration_endpoint}/${res.json.client_id}`);
  });
});

describe('Curity RFC 7592 GET and PUT rotate the registration access token and the client secret', () => {
  const harness = useHarness();

  it('GET: a new token and a new secret come back; the old token gets 401 and the old secret invalid_client (DCRM, rotated-secret-ttl 0)', async () => {
    const base = harness().url;
    const created = (await register(base)).json;
    const read = await manage('GET', created.registration_client_uri, created.registration_access_token);
    expect(read.status).toBe(200);
    expect(read.json.client_id).toBe(created.client_id);
    expect(read.json.registration_access_token).toEqual(expect.any(String));
    expect(read.json.registration_access_token).not.toBe(created.registration_access_token);
    expect(read.json.registration_access_token_expires_in).toBe(31_536_000);
    expect(read.json.client_secret).toEqual(expect.any(String));
    expect(read.json.client_secret).not.toBe(created.client_secret);

    // "invalidate the current token": RFC 6750 §3.1 invalid_token with 401.
    const stale = await manage('GET', created.registration_client_uri, created.registration_access_token);
    expect(stale.status).toBe(401);
    expect(stale.json.error).toBe('invalid_token');
    // The previous secret is invalidated at once (rotated-secret-ttl default 0); Curity's token error body is RFC 6749's.
    const old = await tokenFor(base, created.client_id, created.client_secret);
    expect(old.status).toBe(401);
    expect(old.text).toBe('{"error":"invalid_client"}');
    expect((await tokenFor(base, created.client_id, read.json.client_secret)).status).toBe(200);
  });

  it('PUT that names the current client_secret (RFC 7592 §2.2 allows it) still gets a new one', async () => {
    const base = harness().url;
    const created = (await register(base)).json;
    const updated = await manage('PUT', created.registration_client_uri, created.registration_access_token, {
      ...metadata,
      client_id: created.client_id,
      client_secret: created.client_secret,
      client_name: 'renamed',
    });
    expect(updated.status).toBe(200);
    expect(updated.json.client_name).toBe('renamed');
    expect(updated.json.client_secret).not.toBe(created.client_secret);
    expect(updated.json.registration_access_token).not.toBe(created.registration_access_token);
    expect(updated.json.registration_access_token_expires_in).toBe(31_536_000);
    expect((await tokenFor(base, created.client_id, created.client_secret)).status).toBe(401);
    expect((await tokenFor(base, created.client_id, updated.json.client_secret)).status).toBe(200);
    expect((await manage('GET', created.registration_client_uri, created.registration_access_token)).status).toBe(401);
  });
});

describe('Curity registration_client_uri behind an advertised origin', () => {
  let harness: Harness | undefined;
  let port = 0;
  const advertised = 'https://idp.example.test';
  beforeAll(async () => {
    port = await quietPortTrio();
    harness = await startHarness({ port, publicUrl: advertised });
  });
  afterAll(() => harness?.close());

  it('is built from the advertised base URL, not from the Host and scheme the request came in on (DCRM example)', async () => {
    // Reached over loopback HTTP; the tenant advertises https://idp.example.test/curity.
    const direct = `http://127.0.0.1:${port}`;
    const created = await register(direct);
    expect(created.status).toBe(201);
    const uri = `${advertised}/curity/token-service/oauth-registration/${created.json.client_id}`;
    expect(created.json.registration_client_uri).toBe(uri);
    const read = await manage('GET', uri.replace(advertised, direct), created.json.registration_access_token);
    expect(read.status).toBe(200);
    expect(read.json.registration_client_uri).toBe(uri);
  });
});
