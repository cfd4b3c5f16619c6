/** The test controls, in process and over HTTP: clock, next-token claims, recorded requests, reset. */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AUTH0, OKTA } from '../helpers/demo';
import { basic, decodeJwt, postForm, postJson, send } from '../helpers/http';

const harness = useHarness();
const auth0Token = (extra: Record<string, string> = {}) =>
  postJson(`${harness().url}/auth0/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: AUTH0.clientId,
    client_secret: AUTH0.clientSecret,
    audience: AUTH0.audience,
    ...extra,
  });
const iatOf = async () => decodeJwt((await auth0Token()).json.access_token).payload.iat as number;

describe('clock control', () => {
  it('freezes the clock: every token carries the frozen iat', async () => {
    harness().control.clock.set(Date.parse('2030-01-01T00:00:00Z'));
    harness().control.clock.freeze();
    expect(await iatOf()).toBe(1893456000);
    expect(await iatOf()).toBe(1893456000);
  });

  it('advances the clock over HTTP and reports its state', async () => {
    const freeze = await postJson(`${harness().url}/_control/clock`, { freeze: true, set: '2030-01-01T00:00:00Z' });
    expect(freeze.json).toEqual({
      now: '2030-01-01T00:00:00.000Z',
      epoch: 1893456000,
      frozen: true,
      offsetSeconds: expect.any(Number),
    });
    const advanced = await postJson(`${harness().url}/_control/clock`, { advance: 3600 });
    expect(advanced.json.epoch).toBe(1893459600);
    expect(await iatOf()).toBe(1893459600);
    expect((await send(`${harness().url}/_control/clock`)).json.now).toBe('2030-01-01T01:00:00.000Z');
  });

  it('refuses to move the clock past year 9999 or before 1970, and keeps working', async () => {
    const far = await postJson(`${harness().url}/_control/clock`, { set: 9e15 });
    expect(far.status).toBe(400);
    expect(far.json.message).toMatch(/^set: /);
    const back = await postJson(`${harness().url}/_control/clock`, { set: 1000, advance: -3600 });
    expect(back.status).toBe(400);
    expect((await auth0Token()).status).toBe(200);
  });

  it('refuses a malformed clock change, naming the field', async () => {
    const res = await postJson(`${harness().url}/_control/clock`, { advance: 'soon' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
    expect(res.json.message).toMatch(/^advance: /);
  });
});

describe('claims for the next token', () => {
  it('adds the queued claims to the next token only', async () => {
    harness().control.nextTokenClaims('auth0', { 'https://example.com/tier': 'gold', gty: 'overridden' });
    const first = decodeJwt((await auth0Token()).json.access_token).payload;
    expect(first['https://example.com/tier']).toBe('gold');
    expect(first.gty).toBe('overridden');
    const second = decodeJwt((await auth0Token()).json.access_token).payload;
    expect(second).not.toHaveProperty('https://example.com/tier');
    expect(second.gty).toBe('client-credentials');
  });

  it('queues claims over HTTP for one client only', async () => {
    const queued = await postJson(`${harness().url}/_control/tenants/okta/next-token`, {
      claims: { tier: 'gold' },
      clientId: 'someone-else',
    });
    expect(queued.json).toEqual({ queued: 1 });
    const res = await postForm(
      `${harness().url}/okta/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: OKTA.scope },
      basic(OKTA.clientId, OKTA.clientSecret),
    );
    expect(decodeJwt(res.json.access_token).payload).not.toHaveProperty('tier');
  });

  it('answers an unknown tenant with 404', async () => {
    const res = await postJson(`${harness().url}/_control/tenants/nope/next-token`, { claims: {} });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'not_found', message: 'unknown tenant "nope"' });
  });
});

describe('recorded requests', () => {
  it('records what a client sent with its secret redacted', async () => {
    await auth0Token({ client_secret: 'wrong-secret' });
    const [request] = harness().control.requests('auth0', { clientId: AUTH0.clientId });
    expect(request).toEqual({
      at: expect.any(String),
      method: 'POST',
      path: '/auth0/oauth/token',
      clientId: AUTH0.clientId,
      clientAuth: 'client_secret_post',
      contentType: 'application/json',
      params: {
        grant_type: 'client_credentials',
        client_id: AUTH0.clientId,
        client_secret: '[redacted]',
        audience: AUTH0.audience,
      },
      status: 401,
      error: 'access_denied',
    });
  });

  it('serves the recording over HTTP without any secret in it', async () => {
    await postForm(
      `${harness().url}/okta/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: OKTA.scope },
      basic(OKTA.clientId, OKTA.clientSecret),
    );
    const res = await send(`${harness().url}/_control/tenants/okta/requests?clientId=${OKTA.clientId}`);
    expect(res.json.requests).toHaveLength(1);
    expect(res.json.requests[0]).toMatchObject({ clientAuth: 'client_secret_basic', status: 200, params: { scope: 'api:read' } });
    expect(res.text).not.toContain(OKTA.clientSecret);
    expect(res.text).not.toContain(Buffer.from(`${OKTA.clientId}:${OKTA.clientSecret}`).toString('base64'));
    expect((await send(`${harness().url}/_control/tenants/okta/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(harness().control.requests('okta')).toEqual([]);
  });
});

describe('reset', () => {
  it('restores the real clock and forgets queued claims and recordings', async () => {
    harness().control.clock.set(0);
    harness().control.clock.freeze();
    harness().control.nextTokenClaims('auth0', { marker: true });
    await auth0Token();
    const res = await postJson(`${harness().url}/_control/reset`, {});
    expect(res.json.reset).toBe(true);
    expect(harness().control.requests('auth0')).toEqual([]);
    expect(Math.abs((await iatOf()) - Date.now() / 1000)).toBeLessThan(5);
    expect(decodeJwt((await auth0Token()).json.access_token).payload).not.toHaveProperty('marker');
  });
});
