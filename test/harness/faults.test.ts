/**
 * Issue 6, fault injection: rules from the control plane and the config file make a tenant's endpoint fail the way
 * real IdPs do, once, N times or at a rate; key rotation keeps the old kid published for a grace period. Expected
 * bodies are written out byte for byte where the dialect fixes them.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../mock-idp/config';
import { startHarness } from '../../mock-idp/harness';
import { useHarness } from '../../mock-idp/vitest';
import { AZURE, CURITY, OKTA } from '../helpers/demo';
import { decodeJwt, postJson, send } from '../helpers/http';
import { vendorToken } from '../helpers/vendor-requests';

const harness = useHarness();
const fault = (rule: unknown) => postJson(`${harness().url}/_control/faults`, rule);
const okta = () => vendorToken('okta', harness().url, OKTA.clientId, OKTA.clientSecret);
const azure = (secret = AZURE.clientSecret) => vendorToken('azure', harness().url, AZURE.clientId, secret);
const curity = () => vendorToken('curity', harness().url, CURITY.clientId, CURITY.clientSecret);
const jwksOf = (tenant: string) => harness().manifest.tenants.find((t) => t.id === tenant)?.jwksUri ?? '';

describe('fault rules over /_control/faults', () => {
  it("answers once with 429 and Retry-After in Okta's own rate-limit body, then serves normally", async () => {
    const added = await fault({
      tenant: 'okta',
      endpoint: 'token',
      fault: { type: 'status', status: 429, retryAfter: 7 },
      times: 1,
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      id: expect.stringMatching(/^fault-\d+$/),
      tenant: 'okta',
      endpoint: 'token',
      times: 1,
      hits: 0,
    });
    const limited = await okta();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(limited.json).toEqual({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorId: expect.stringMatching(/^oae[A-Za-z0-9]{22}$/),
      errorCauses: [],
    });
    expect((await okta()).status).toBe(200);
    expect((await send(`${harness().url}/_control/faults`)).json).toEqual({ faults: [] });
  });

  it("fails N times with 503 in Curity's bare OAuth dialect (Retry-After 1 by default) and leaves other tenants alone", async () => {
    await fault({ tenant: 'curity', fault: { type: 'status', status: 503 }, times: 2 });
    expect((await okta()).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const failed = await curity();
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('1');
      // Curity's errors are bare {"error"} bodies (vendors.md §2.1); an injected one is too.
      expect(failed.text).toBe('{"error":"temporarily_unavailable"}');
    }
    expect((await curity()).status).toBe(200);
  });

  it('hits every one of 20 concurrent requests with a rule without a limit, and exactly 5 with times: 5', async () => {
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'status', status: 503 } });
    const unlimited = await Promise.all(Array.from({ length: 20 }, () => okta()));
    expect(unlimited.map((res) => res.status)).toEqual(Array(20).fill(503));
    expect((await send(`${harness().url}/_control/faults`)).json.faults[0].hits).toBe(20);
    await send(`${harness().url}/_control/faults`, { method: 'DELETE' });
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'status', status: 503 }, times: 5 });
    const limited = await Promise.all(Array.from({ length: 20 }, () => okta()));
    expect(limited.filter((res) => res.status === 503)).toHaveLength(5);
    expect(limited.filter((res) => res.status === 200)).toHaveLength(15);
  });

  it('hits about the given share of requests at a rate, and counts its hits', async () => {
    const rule = (await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'status', status: 500 }, rate: 0.5 })).json;
    const statuses = [];
    for (let i = 0; i < 200; i++) statuses.push((await okta()).status);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);
    expect(statuses.filter((s) => s !== 500 && s !== 200)).toEqual([]);
    const listed = (await send(`${harness().url}/_control/faults`)).json.faults;
    expect(listed).toEqual([expect.objectContaining({ id: rule.id, hits: failed, rate: 0.5 })]);
    expect((await send(`${harness().url}/_control/faults/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await okta()).status).toBe(200);
  });

  it("answers with Entra's own AADSTS7000215 body naming the client, and Entra's 429 asks for 60 s", async () => {
    await fault({ tenant: 'azure', endpoint: 'token', fault: { type: 'error', error: 'AADSTS7000215' }, times: 1 });
    const wrong = await azure();
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('invalid_client');
    expect(wrong.json.error_codes).toEqual([7000215]);
    expect(wrong.json.error_description).toMatch(
      new RegExp(
        `^AADSTS7000215: Invalid client secret provided\\. .* for a secret added to app '${AZURE.clientId}'\\.\\r\\nTrace ID: `,
      ),
    );
    await fault({ tenant: 'azure', endpoint: 'token', fault: { type: 'status', status: 429 }, times: 1 });
    const throttled = await azure();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('60');
    expect(throttled.json.error_codes).toEqual([90033]);
    expect((await azure()).status).toBe(200);
  });

  it("answers Okta's invalid_client by name", async () => {
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'error', error: 'invalid_client' }, times: 1 });
    const res = await okta();
    expect(res.status).toBe(401);
    expect(res.text).toBe(
      '{"error":"invalid_client","error_description":"The client secret supplied for a confidential client is invalid."}',
    );
  });

  it('delays by the latency asked for, then answers normally', async () => {
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'latency', ms: 400, jitterMs: 100 }, times: 1 });
    const started = performance.now();
    const res = await okta();
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('sends malformed JSON under a JSON content type, and resets the connection', async () => {
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'malformed-json' }, times: 1 });
    const broken = await okta();
    expect(broken.status).toBe(200);
    expect(broken.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(() => JSON.parse(broken.text)).toThrow(SyntaxError);
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'reset' }, times: 1 });
    await expect(okta()).rejects.toThrow('fetch failed');
    expect((await okta()).status).toBe(200);
  });

  it('issues expired, not-yet-valid and clock-skewed tokens', async () => {
    harness().control.clock.freeze(Date.parse('2030-01-01T00:00:00Z'));
    const now = 1893456000;
    await fault({ tenant: 'curity', endpoint: 'token', fault: { type: 'expired-token' }, times: 1 });
    const expired = decodeJwt((await curity()).json.access_token).payload;
    expect(expired.exp).toBe(now - 60);
    expect(expired.iat).toBe(now - 300 - 60);
    await fault({ tenant: 'curity', endpoint: 'token', fault: { type: 'future-token', seconds: 600 }, times: 1 });
    const future = decodeJwt((await curity()).json.access_token).payload;
    expect([future.iat, future.nbf, future.exp]).toEqual([now + 600, now + 600, now + 900]);
    await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'clock-skew', seconds: -120 }, times: 1 });
    const skewed = decodeJwt((await okta()).json.access_token).payload;
    expect([skewed.iat, skewed.exp]).toEqual([now - 120, now + 3600 - 120]);
  });

  it("renders Graph throttling in Graph's dialect and a static document's failure as JSON", async () => {
    await fault({ tenant: 'graph', fault: { type: 'status', status: 429, retryAfter: 3 }, times: 1 });
    const graph = await postJson(`${harness().url}/graph/v1.0/applications`, { displayName: 'x' });
    expect(graph.status).toBe(429);
    expect(graph.headers.get('retry-after')).toBe('3');
    expect(graph.json.error).toMatchObject({ code: 'TooManyRequests', message: 'Too many requests.' });
    // Okta's key set sits behind its OAuth error renderer; Auth0's is a plain document.
    await fault({ tenant: '*', endpoint: 'jwks', fault: { type: 'status', status: 503 }, times: 2 });
    const oktaKeys = await send(jwksOf('okta'));
    expect(oktaKeys.status).toBe(503);
    expect(oktaKeys.text).toBe('{"error":"temporarily_unavailable","error_description":"Service Unavailable"}');
    const auth0Keys = await send(jwksOf('auth0'));
    expect(auth0Keys.status).toBe(503);
    expect(auth0Keys.headers.get('retry-after')).toBe('1');
    expect(auth0Keys.text).toBe('{"error":"temporarily_unavailable","error_description":"injected 503"}');
  });

  it('refuses rules that name no tenant, an error the vendor lacks, or a token fault off the token endpoint', async () => {
    const unknown = await fault({ tenant: 'nope', fault: { type: 'reset' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toBe('tenant: no tenant "nope" (known: auth0, okta, curity, azure, graph, dcr-bridge, *)');
    const wrongError = await fault({ tenant: 'okta', endpoint: 'token', fault: { type: 'error', error: 'AADSTS7000215' } });
    expect(wrongError.json.message).toBe(
      'fault.error: okta has no error "AADSTS7000215" (known: invalid_client, invalid_scope, E0000047)',
    );
    const offToken = await fault({ tenant: 'okta', fault: { type: 'expired-token' } });
    expect(offToken.json.message).toBe(
      'endpoint: a "expired-token" fault applies to token endpoints only (set "endpoint": "token")',
    );
    const badLatency = await fault({ tenant: 'okta', fault: { type: 'latency', ms: -1 } });
    expect(badLatency.json.message).toMatch(/^fault\.ms: /);
    expect((await send(`${harness().url}/_control/faults`)).json.faults).toEqual([]);
  });
});

describe('key rotation', () => {
  it('keeps the old kid in the JWKS for the grace period, then drops it', async () => {
    harness().control.clock.freeze();
    const before = (await okta()).json.access_token as string;
    const oldKid = decodeJwt(before).header.kid;
    const rotated = await postJson(`${harness().url}/_control/tenants/okta/rotate-key`, { graceSeconds: 60 });
    expect(rotated.status).toBe(200);
    expect(rotated.json.previousKid).toBe(oldKid);
    expect(rotated.json.kid).not.toBe(oldKid);
    const during = (await send(jwksOf('okta'))).json;
    expect(during.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.json.kid, oldKid]);
    await expect(jwtVerify(before, createLocalJWKSet(during))).resolves.toBeTruthy();
    const after = (await okta()).json.access_token as string;
    expect(decodeJwt(after).header.kid).toBe(rotated.json.kid);

    harness().control.clock.advance(61);
    const later = (await send(jwksOf('okta'))).json;
    expect(later.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.json.kid]);
    await expect(jwtVerify(before, createLocalJWKSet(later))).rejects.toThrow();
    await expect(jwtVerify(after, createLocalJWKSet(later))).resolves.toBeTruthy();
  });
});

describe('fault rules from the config file', () => {
  it('are active from the start and again after a reset; a bad rule names its field', async () => {
    const h = await startHarness({
      port: 0,
      config: { faults: [{ tenant: 'curity', endpoint: 'token', fault: { type: 'status', status: 500 }, times: 1 }] },
    });
    try {
      const token = () => vendorToken('curity', h.url, CURITY.clientId, CURITY.clientSecret);
      expect((await token()).status).toBe(500);
      expect((await token()).status).toBe(200);
      h.control.reset();
      expect((await token()).status).toBe(500);
    } finally {
      await h.close();
    }
    await expect(
      startHarness({ port: 0, config: { faults: [{ tenant: 'curity', fault: { type: 'status', status: 200 } }] } }),
    ).rejects.toThrow(new ConfigError('faults[0].fault.status: Too small: expected number to be >=400'));
    await expect(startHarness({ port: 0, config: { faults: [{ tenant: 'nobody', fault: { type: 'reset' } }] } })).rejects.toThrow(
      /^faults: tenant: no tenant "nobody"/,
    );
  });
});
