/**
 * The QA inspector's server side (issue 13): the traffic feed records requests to tenants, services, the portal API
 * and the gateway with secrets redacted; it is bounded; its stream speaks Server-Sent Events; and it follows the
 * control plane's origin rules. Also the Clients and token-decoder controls it adds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, useHarness } from '../../mock-idp/vitest';
import { AUTH0, CURITY, OKTA } from '../helpers/demo';
import { basic, decodeJwt, postForm, postJson, send } from '../helpers/http';
import { portalLogin } from '../helpers/portal';
import { vendorToken } from '../helpers/vendor-requests';

// biome-ignore lint/suspicious/noExplicitAny: the feed's JSON, read field by field.
type Entry = any;

async function traffic(h: Harness, headers: Record<string, string> = {}): Promise<Entry[]> {
  const res = await send(`${h.url}/_control/traffic`, { headers });
  expect(res.status).toBe(200);
  return res.json.entries;
}

/** Reads Server-Sent Events from the stream until `count` events arrived (or 5 s passed). */
async function readEvents(url: string, count: number, during: () => Promise<void>) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = await reader.read();
  text += decoder.decode(first.value);
  await during();
  const deadline = Date.now() + 5000;
  while (text.split('\n\n').filter((b) => b.includes('event: ')).length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  controller.abort();
  return { res, text };
}

describe('the traffic feed', () => {
  const harness = useHarness();

  it('records a token request with its vendor, client, status and latency, secrets and signature redacted', async () => {
    await send(`${harness().url}/_control/traffic`, { method: 'DELETE' });
    const res = await postForm(
      `${harness().url}/okta/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: 'api:read' },
      basic(OKTA.clientId, OKTA.clientSecret),
    );
    expect(res.status).toBe(200);
    const [entry] = await traffic(harness());
    expect(entry).toMatchObject({
      origin: 'harness',
      tenant: 'okta',
      vendor: 'okta',
      method: 'POST',
      path: '/okta/oauth2/default/v1/token',
      status: 200,
      clientId: OKTA.clientId,
      request: { body: { grant_type: 'client_credentials', scope: 'api:read' } },
    });
    expect(entry.ms).toBeGreaterThan(0);
    expect(entry.request.headers.authorization).toBe('Basic [redacted]');
    const stored = JSON.parse(entry.response.body).access_token as string;
    const [header, claims, signature] = stored.split('.');
    expect(signature).toBe('[redacted]');
    expect(`${header}.${claims}`).toBe(res.json.access_token.split('.').slice(0, 2).join('.'));
    expect(JSON.stringify(entry)).not.toContain(res.json.access_token);
    expect(JSON.stringify(entry)).not.toContain(OKTA.clientSecret);
  });

  it('never keeps a client secret, password, cookie value or API key from any server', async () => {
    const h = harness();
    await postForm(`${h.url}/auth0/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: AUTH0.clientId,
      client_secret: AUTH0.clientSecret,
      audience: AUTH0.audience,
    });
    const bridge = h.manifest.dcrBridge as { endpoint: string; apiKey: string };
    const made = await postJson(
      `${bridge.endpoint}/`,
      {
        redirect_uris: [],
        client_name: 'feed test',
        grant_types: ['client_credentials'],
        scopes: [],
        token_endpoint_auth_method: 'client_secret_basic',
        application_description: '',
        portal_id: '11111111-1111-4111-8111-111111111111',
        organization_id: '11111111-1111-4111-8111-111111111111',
        developer_id: '11111111-1111-4111-8111-111111111111',
        auth_strategy_id: '11111111-1111-4111-8111-111111111111',
        dcr_provider_id: '11111111-1111-4111-8111-111111111111',
      },
      { 'x-api-key': bridge.apiKey },
    );
    expect(made.status).toBe(201);
    const cookie = await portalLogin(h.manifest.portal.url);
    await send(`${h.manifest.portal.url}/api/v3/developer/me`, { headers: { cookie } });
    await send(`${h.manifest.gateway.url}/curity/anything`, { headers: basic(CURITY.clientId, CURITY.clientSecret) });
    const entries = await traffic(h);
    const text = JSON.stringify(entries);
    for (const secret of [
      AUTH0.clientSecret,
      made.json.client_secret,
      bridge.apiKey,
      'dcr-kit-developer',
      cookie.split('=')[1],
      CURITY.clientSecret,
    ])
      expect(text).not.toContain(secret);
    const byVendor = Object.fromEntries(entries.map((e: Entry) => [e.vendor, e]));
    expect(byVendor['dcr-bridge'].request.headers['x-api-key']).toBe('[redacted]');
    expect(JSON.parse(byVendor['dcr-bridge'].response.body).client_secret).toBe('[redacted]');
    expect(byVendor.portal.request.headers.cookie).toBe('portalaccesstoken=[redacted]');
    expect(byVendor.gateway).toMatchObject({ origin: 'gateway', tenant: 'curity', path: '/curity/anything' });
    // The inspector's own calls are not traffic.
    expect(entries.some((e: Entry) => e.path.startsWith('/_control') || e.path === '/harness.json')).toBe(false);
  });

  it("keeps no usable secret from the gateway's echo of a request: Authorization, a form body, the query", async () => {
    const h = harness();
    const api = `${h.manifest.gateway.url}/curity/anything`;
    // Client credentials at the gateway: the echo repeats the Basic header.
    await send(api, { headers: basic(CURITY.clientId, CURITY.clientSecret) });
    // A bearer token from the IdP: the echo repeats "Bearer <jwt>"; a form body and a query with secrets.
    const token = ((await vendorToken('curity', h.url, CURITY.clientId, CURITY.clientSecret)).json as { access_token: string })
      .access_token;
    await send(`${api}?client_secret=${CURITY.clientSecret}&x=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_secret=${CURITY.clientSecret}&refresh_token=rt-${CURITY.clientSecret}&note=hello`,
    });
    const entries = (await traffic(h)).filter((e: Entry) => e.vendor === 'gateway');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(entries);
    const signature = token.split('.')[2] as string;
    for (const secret of [
      CURITY.clientSecret,
      signature,
      Buffer.from(`${CURITY.clientId}:${CURITY.clientSecret}`).toString('base64'),
    ])
      expect(text).not.toContain(secret);
    // What stays: the scheme, and the form's harmless field.
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('note=hello');
  });

  it('streams each entry as a Server-Sent Event, and a clear as an event of its own', async () => {
    const h = harness();
    const { res, text } = await readEvents(`${h.url}/_control/traffic/stream`, 2, async () => {
      await postForm(
        `${h.url}/curity/oauth/v2/oauth-token`,
        { grant_type: 'client_credentials', scope: 'read' },
        basic(CURITY.clientId, CURITY.clientSecret),
      );
      await send(`${h.url}/_control/traffic`, { method: 'DELETE' });
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const blocks = text.split('\n\n').filter((b) => b.includes('event: '));
    const [traffic, clear] = blocks;
    expect(traffic).toMatch(/^id: \d+\nevent: traffic\ndata: \{.*\}$/);
    const entry = JSON.parse((traffic as string).split('data: ')[1] as string);
    expect(entry).toMatchObject({ tenant: 'curity', status: 200, clientId: CURITY.clientId });
    expect(decodeJwt(JSON.parse(entry.response.body).access_token.replace('[redacted]', 'x')).payload.sub).toBe(CURITY.clientId);
    expect(clear).toBe('event: clear\ndata: {}');
  });

  it('refuses to clear the feed for a page on another origin', async () => {
    const res = await send(`${harness().url}/_control/traffic`, { method: 'DELETE', headers: { origin: 'http://evil.test' } });
    expect(res.status).toBe(403);
  });
});

describe('a small ring (--traffic-buffer 3)', () => {
  const harness = useHarness({ trafficBuffer: 3 });

  it('keeps only the newest 3 requests, oldest first', async () => {
    for (let i = 0; i < 5; i++) await send(`${harness().url}/okta/oauth2/default/.well-known/openid-configuration?n=${i}`);
    await send(`${harness().url}/curity/oauth/v2/oauth-anonymous/jwks`);
    const entries = await traffic(harness());
    expect(entries.map((e: Entry) => e.tenant)).toEqual(['okta', 'okta', 'curity']);
    expect(entries[2].id - entries[0].id).toBe(2);
  });
});

describe('options', () => {
  it('names a bad buffer size', async () => {
    await expect(startHarness({ port: 0, trafficBuffer: -1 })).rejects.toThrow(
      'trafficBuffer: -1 is not a whole number of requests from 0 (off) to 100000',
    );
    await expect(startHarness({ port: 0, config: { inspector: { trafficBuffer: 1.5 } } })).rejects.toThrow(
      /^inspector\.trafficBuffer: /,
    );
  });

  it('records nothing with 0, and says so', async () => {
    const h = await startHarness({ port: 0, trafficBuffer: 0 });
    try {
      const res = await send(`${h.url}/_control/traffic`);
      expect(res.status).toBe(404);
      expect(res.json.message).toBe('traffic recording is off (--traffic-buffer 0); restart with a buffer size');
    } finally {
      await h.close();
    }
  });
});

describe('with a control token', () => {
  let h: Harness;
  const token = 'inspector-test-token-0123456789';
  beforeAll(async () => {
    h = await startHarness({ port: 0, controlToken: token });
  });
  afterAll(() => h?.close());

  it('serves the page to anyone, but the feed and its stream only with the token', async () => {
    const page = await send(`${h.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script>|<style>/);
    expect((await send(`${h.url}/_control/traffic`)).status).toBe(401);
    expect((await send(`${h.url}/_control/traffic/stream`)).status).toBe(401);
    expect((await send(`${h.url}/_control/clients`)).status).toBe(401);
    expect(await traffic(h, { authorization: `Bearer ${token}` })).toEqual([]);
  });
});

describe('clients and the token decoder', () => {
  const harness = useHarness();

  it('lists every tenant’s clients with how each was made; rotate and delete go through the tenant', async () => {
    const h = harness();
    const res = await send(`${h.url}/_control/clients`);
    const okta = res.json.tenants.find((t: Entry) => t.tenant === 'okta');
    expect(okta.clients).toContainEqual({
      clientId: OKTA.clientId,
      name: 'dcr-kit demo service',
      grantTypes: ['client_credentials'],
      scopes: [],
      createdBy: 'seeded',
    });
    const rotated = await send(`${h.url}/_control/tenants/okta/clients/${OKTA.clientId}/rotate-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const token = (secret: string) =>
      postForm(
        `${h.url}/okta/oauth2/default/v1/token`,
        { grant_type: 'client_credentials', scope: 'api:read' },
        basic(OKTA.clientId, secret),
      );
    expect((await token(OKTA.clientSecret)).status).toBe(401);
    expect((await token(rotated.json.clientSecret)).status).toBe(200);
    expect((await send(`${h.url}/_control/tenants/okta/clients/${OKTA.clientId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await token(rotated.json.clientSecret)).status).toBe(401);
    const again = await send(`${h.url}/_control/tenants/okta/clients/${OKTA.clientId}`, { method: 'DELETE' });
    expect(again.json).toEqual({ error: 'not_found', message: `tenant "okta" has no client "${OKTA.clientId}"` });
  });

  it('says which tenant’s key verifies a token, and why the others do not', async () => {
    const h = harness();
    const issued = await postForm(
      `${h.url}/curity/oauth/v2/oauth-token`,
      { grant_type: 'client_credentials', scope: 'read' },
      basic(CURITY.clientId, CURITY.clientSecret),
    );
    const res = await postJson(`${h.url}/_control/tokens/decode`, { token: issued.json.access_token });
    const kid = decodeJwt(issued.json.access_token).header.kid;
    expect(res.json).toMatchObject({ verifiedBy: 'curity', problem: null, header: { kid }, claims: { sub: CURITY.clientId } });
    expect(res.json.verdicts.find((v: Entry) => v.tenant === 'curity').reason).toBe(`verified with its key ${kid}`);
    expect(res.json.verdicts.find((v: Entry) => v.tenant === 'okta').reason).toMatch(
      new RegExp(`^publishes no key with kid ${kid} \\(it publishes `),
    );
    const tampered = `${issued.json.access_token.slice(0, -4)}AAAA`;
    const bad = await postJson(`${h.url}/_control/tokens/decode`, { token: tampered });
    expect(bad.json.verifiedBy).toBeNull();
    expect(bad.json.verdicts.find((v: Entry) => v.tenant === 'curity').reason).toBe(
      `its key ${kid} does not verify the signature`,
    );
    expect((await postJson(`${h.url}/_control/tokens/decode`, { token: 'nope' })).json.problem).toBe(
      'not a compact JWT: expected three base64url parts separated by dots',
    );
  });
});
