/**
 * With `keysOnFirstUse` (what the CLI asks for), a tenant's RSA key is made on its first request (or in the
 * background once serving): a start does not wait for four RSA-2048 generations, and a closed harness makes none.
 * Without it, and with --data, every key is made before the harness resolves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../mock-idp/harness';
import { OKTA } from '../helpers/demo';
import { basic, decodeJwt, postForm, send } from '../helpers/http';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const ids = ['auth0', 'okta', 'curity', 'azure'];

describe('signing keys made on first need', () => {
  it('starts with no key made, makes the one a token needs, and each JWKS waits for its own', async () => {
    harness = await startHarness({ port: 0, keysOnFirstUse: true });
    const rings = ids.map((id) => harness?.tenants.get(id)?.keys);
    expect(rings.map((r) => r?.isReady)).toEqual([false, false, false, false]);

    const res = await postForm(
      `${harness.url}/okta/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: OKTA.scope },
      basic(OKTA.clientId, OKTA.clientSecret),
    );
    expect(res.status).toBe(200);
    const kid = decodeJwt(res.json.access_token).header.kid;
    expect(harness.tenants.get('okta')?.keys.current.kid).toBe(kid);

    // Each tenant's JWKS waits for its key rather than answering an empty set. (The background starts making keys
    // half a second after serving; where it has not reached a tenant yet, this request is what makes its key.)
    for (const id of ids) {
      const jwks = await send(harness.manifest.tenants.find((t) => t.id === id)?.jwksUri ?? '');
      expect(jwks.status).toBe(200);
      expect(jwks.json.keys).toHaveLength(1);
    }
    expect(rings.map((r) => r?.isReady)).toEqual([true, true, true, true]);
  });

  it('makes every key before resolving when not asked to wait for first use', async () => {
    harness = await startHarness({ port: 0 });
    expect(ids.map((id) => harness?.tenants.get(id)?.keys.isReady)).toEqual([true, true, true, true]);
  });

  it("answers an unknown path under a tenant with the harness 404 or the vendor's own 404, never a wrong-method error", async () => {
    harness = await startHarness({ port: 0, keysOnFirstUse: true });
    // Okta is exempt: every path under an Okta org is Okta's, which answers a path it does not serve with its own
    // 404 E0000008 (test/conformance/registration/okta-apps.test.ts), not the harness's.
    for (const id of ids.filter((i) => i !== 'okta')) {
      const res = await send(`${harness.url}/${id}/no-such-endpoint`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: 'not_found', message: `no route for GET /${id}/no-such-endpoint` });
    }
    const okta = await send(`${harness.url}/okta/no-such-endpoint`);
    expect(okta.status).toBe(404);
    expect(okta.json.errorCode).toBe('E0000008');
    // A known path with another method is still the vendor's own answer (Okta: 405 E0000022).
    const wrong = await send(`${harness.url}/okta/oauth2/default/v1/token`);
    expect(wrong.status).toBe(405);
    expect(wrong.json.errorCode).toBe('E0000022');
  });

  it('makes no key after the harness is closed', async () => {
    const closedHarness = await startHarness({ port: 0, keysOnFirstUse: true });
    await closedHarness.close();
    // Past the half second after which unasked keys are made in the background.
    await new Promise((r) => setTimeout(r, 800));
    expect(ids.map((id) => closedHarness.tenants.get(id)?.keys.isReady)).toEqual([false, false, false, false]);
  });

  it('makes every key before serving with --data, even when asked to wait for first use, so the first save holds them', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'dcr-kit-keys-'));
    try {
      harness = await startHarness({ port: 0, dataDir: dir, keysOnFirstUse: true });
      expect(ids.map((id) => harness?.tenants.get(id)?.keys.isReady)).toEqual([true, true, true, true]);
      const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
      for (const id of ids) expect(state.tenants[id].keys.current).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    } finally {
      await harness?.close();
      harness = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
