/**
 * Issue 15, "Redis emptied under running processes": a Redis restarted without persistence, or FLUSHALL, takes every
 * key away while harness processes A and B keep running. They must not answer from state Redis no longer holds, nor
 * fail for want of a signing key: each notices (on reconnecting, or at its next request), reloads, seeds again what
 * it seeded at start, and the first to reload puts back the tenants' keys (current and retired) as its replica held
 * them, so the demo clients get tokens again at once and tokens issued before still verify — even when a process
 * that started after the loss (a replacement worker, a rolling deploy) made a key of its own first. A client
 * registered before is gone, as it is from Redis: refused, not invented.
 *
 * Expected values are the README's demo credentials (test/helpers/demo.ts) and each vendor's own token request
 * (test/helpers/vendor-requests.ts, written from shared/reference/vendors.md), never the harness's configuration.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { HarnessManifest } from '../../shared/harness/manifest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { postJson, send } from '../helpers/http';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';
import { type FleetProcess, graphToken, manifestOf, provider, startProcess, useFleet, via } from './support';

const fleet = useFleet();
let manifest: HarnessManifest;

beforeAll(async () => {
  manifest = await manifestOf(fleet.a);
});

const demo: [TokenVendor, { clientId: string; clientSecret: string }][] = [
  ['auth0', AUTH0],
  ['okta', OKTA],
  ['curity', CURITY],
  ['azure', AZURE],
];

const jwksAt = async (at: FleetProcess, vendor: TokenVendor) => {
  const tenant = manifest.tenants.find((t) => t.id === vendor);
  if (!tenant) throw new Error(`no tenant ${vendor}`);
  // Azure's v1 token endpoint (the one vendorToken uses) publishes its keys at its v1 JWKS.
  const uri = (vendor === 'azure' ? tenant.jwksUriV1 : tenant.jwksUri) ?? tenant.jwksUri;
  const response = await send(at.url + uri.slice(fleet.a.url.length));
  expect(response.status).toBe(200);
  return response.json as { keys: { kid: string }[] };
};

/** Until both processes answer /health with 200 (after a restart they reconnect on their own). */
async function bothHealthy(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const statuses = await Promise.all([fleet.a, fleet.b].map(async (p) => (await fetch(`${p.url}/health`)).status));
    if (statuses.every((s) => s === 200)) return;
    if (Date.now() > deadline) throw new Error(`/health still ${statuses.join(', ')} 10 s after Redis came back`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each([
  ['FLUSHALL', () => fleet.redis.command('FLUSHALL').then((reply) => expect(reply).toBe('+OK')), false],
  // A process joining after the flush, before A and B noticed, makes keys of its own (keys on first use, then in
  // the background) and seeds: it must not keep the fleet's keys from being put back.
  ['FLUSHALL, then a process joins', () => fleet.redis.command('FLUSHALL').then((reply) => expect(reply).toBe('+OK')), true],
  ['a restart without persistence', () => fleet.redis.restart(), false],
] as const)('Redis emptied under two running processes (%s)', (_how, empty, join) => {
  it('seeds again, keeps the signing keys, and forgets what only Redis held', async () => {
    // Okta's key rotated at A with an hour's grace: the retired key and the current one must both come back.
    const signedByRetired = await vendorToken('okta', fleet.a.url, OKTA.clientId, OKTA.clientSecret);
    expect(signedByRetired.status).toBe(200);
    expect((await postJson(`${fleet.a.url}/_control/tenants/okta/rotate-key`, { graceSeconds: 3600 })).status).toBe(200);
    const graph = await graphToken(fleet.a.url);
    expect(graph.status).toBe(200);
    const before = new Map<TokenVendor, string>();
    for (const [vendor, client] of demo) {
      const issued = await vendorToken(vendor, fleet.a.url, client.clientId, client.clientSecret);
      expect(issued.status, `${vendor} before`).toBe(200);
      before.set(vendor, issued.json.access_token);
    }
    const registered = await provider(manifest, 'okta', fetch).create({ name: 'before the flush', scopes: [] });
    expect((await vendorToken('okta', fleet.b.url, registered.clientId, registered.clientSecret)).status).toBe(200);

    await empty();
    if (join) {
      const joined = await startProcess(fleet.redis.url, { publicUrl: fleet.a.url });
      // Its own key for every tenant, made (it serves once made) before A or B has had a request since the flush.
      for (const [vendor, client] of demo)
        expect((await vendorToken(vendor, joined.url, client.clientId, client.clientSecret)).status).toBe(200);
      // It then leaves (the other cases run with A and B alone).
      onTestFinished(() => joined.stop());
    }
    await bothHealthy();

    for (const [vendor, client] of demo) {
      for (const at of [fleet.b, fleet.a]) {
        const issued = await vendorToken(vendor, at.url, client.clientId, client.clientSecret);
        expect(issued.status, `${vendor} at ${at === fleet.a ? 'A' : 'B'}: ${issued.text}`).toBe(200);
      }
      // The same keys as before at both processes: the earlier token verifies at either.
      const [atA, atB] = await Promise.all([jwksAt(fleet.a, vendor), jwksAt(fleet.b, vendor)]);
      expect(atB.keys.map((k) => k.kid)).toEqual(atA.keys.map((k) => k.kid));
      await expect(jwtVerify(before.get(vendor) as string, createLocalJWKSet(atB))).resolves.toBeTruthy();
    }
    // Okta's rotation survived: the retired key is still published (its grace runs), and it is not signing again.
    const oktaKeys = createLocalJWKSet(await jwksAt(fleet.b, 'okta'));
    await expect(jwtVerify(signedByRetired.json.access_token, oktaKeys)).resolves.toBeTruthy();
    const now = await vendorToken('okta', fleet.b.url, OKTA.clientId, OKTA.clientSecret);
    expect(decodeProtectedHeader(now.json.access_token).kid).toBe(decodeProtectedHeader(before.get('okta') as string).kid);
    // Graph (not a tenant route) takes the Entra token issued before, at either process (Graph's 200 list).
    for (const at of [fleet.b, fleet.a]) {
      const listed = await send(`${at.url}/graph/v1.0/applications`, {
        headers: { authorization: `Bearer ${graph.json.access_token}` },
      });
      expect(listed.status, listed.text).toBe(200);
    }

    // Okta refuses an unknown client with 401 invalid_client (vendors.md, Okta token endpoint errors).
    const gone = await vendorToken('okta', fleet.a.url, registered.clientId, registered.clientSecret);
    expect(gone.status).toBe(401);
    expect(gone.json.error).toBe('invalid_client');

    const after = await provider(manifest, 'okta', via(fleet.a.url, fleet.b.url)).create({ name: 'after the flush', scopes: [] });
    expect((await vendorToken('okta', fleet.a.url, after.clientId, after.clientSecret)).status).toBe(200);
  }, 30_000);
});
