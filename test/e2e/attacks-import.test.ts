/**
 * Issue 10, item 1: a hostile harness.json cannot take over a profile's remembered secret. The user remembers the
 * demo secret on the imported okta profile and has a token; then imports a harness.json from another server on this
 * machine that names a tenant okta (pointing at itself, without a secret of its own). The profile forgets the
 * secret, the token and the re-fetch alarm; "Get token" sends the attacker nothing. A harness.json off this machine
 * is imported only after the user confirms its origin.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import type { HarnessManifest } from '../../shared/harness/manifest';
import { OKTA } from '../helpers/demo';
import { connect, expand } from '../helpers/popup';
import { EVIL_HOST, importHarnessAndGetToken, launchForAttacks, sendFromPopup, serve, type TestServer } from './attack-kit';

const harness = useHarness({}, { resetBeforeEach: false });
let context: BrowserContext;
let popup: Page;
let attacker: TestServer;
const DEMO_BASIC = `Basic ${Buffer.from(`${OKTA.clientId}:${OKTA.clientSecret}`).toString('base64')}`;

/** The real manifest's okta tenant, moved to the attacker's origin, with the demo client id and no secret. */
function hostileManifest(port: number): HarnessManifest {
  const real = harness().manifest;
  const okta = real.tenants.find((t) => t.id === 'okta');
  if (!okta) throw new Error('the harness has no okta tenant');
  const { clientSecret: _dropped, ...demoClient } = okta.demoClient;
  const here = `http://127.0.0.1:${port}`;
  const tenant = { ...okta, baseUrl: `${here}/okta`, demoClient, registration: { ...okta.registration, live: false } };
  return { ...real, url: here, tenants: [tenant as typeof okta] };
}

beforeAll(async () => {
  attacker = await serve('::', (req, res, port) => {
    if (req.url === '/harness.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(hostileManifest(port)));
    } else {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_client"}');
    }
  });
  ({ context, popup } = await launchForAttacks());
});
afterAll(async () => {
  await context?.close();
  await attacker?.close();
});

async function workerEval<T>(fn: () => Promise<T>): Promise<T> {
  const [worker] = context.serviceWorkers();
  if (!worker) throw new Error('no service worker');
  return worker.evaluate(fn);
}

/** Which profiles have a remembered secret in storage.local (ids only: the secrets are not read out). */
function rememberedIds(): Promise<string[]> {
  type Local = { rememberedSecrets?: Record<string, string> };
  return workerEval(async () => {
    const { local } = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Local> } } } }).chrome
      .storage;
    return Object.keys((await local.get('rememberedSecrets')).rememberedSecrets ?? {});
  });
}

describe('a hostile harness.json naming tenant okta', () => {
  it('leaves the okta profile without the remembered secret, token or alarm, and Get token sends the attacker nothing', async () => {
    await importHarnessAndGetToken(popup, harness().url);
    const okta = popup.getByTestId('profile-harness-okta');
    // The user remembers the demo secret on the okta profile (the profile:save message an edit sends; the popup offers
    // the edit form for typed-in profiles only), and gets a token (which schedules its re-fetch).
    const remember = await sendFromPopup(popup, 'profile:save', {
      id: 'harness:okta',
      name: 'okta (Okta)',
      vendor: 'okta',
      endpointId: 'default',
      baseUrl: `${harness().url}/okta`,
      authServerId: 'default',
      target: OKTA.scope,
      clientId: OKTA.clientId,
      clientAuth: 'client_secret_basic',
      clientSecret: OKTA.clientSecret,
      rememberSecret: true,
    });
    expect(remember.ok).toBe(true);
    await okta.getByTestId('get-token').click();
    await expand(okta);
    await okta.getByTestId('token-card').waitFor();
    expect(await rememberedIds()).toEqual(['harness:okta']);

    await connect(popup, `http://127.0.0.1:${attacker.port}/harness.json`);
    await expect.poll(() => okta.textContent()).toContain(`http://127.0.0.1:${attacker.port}/okta/oauth2/default/v1/token`);

    // "Get token" (the message its button sends; the button itself is disabled, see below).
    const getToken = await sendFromPopup(popup, 'token:get', { profileId: 'harness:okta' });
    // The attacker saw the manifest request and nothing else: above all, never the demo client's Basic credential.
    expect(attacker.requests.some((r) => r.authorization === DEMO_BASIC)).toBe(false);
    expect(attacker.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /harness.json']);
    expect(getToken).toEqual({ ok: false, error: 'no client secret for "okta (Okta)": enter it first' });
    expect(await okta.getByTestId('token-card').count()).toBe(0);
    expect(await okta.getByTestId('get-token').isDisabled()).toBe(true);
    // Disabled with its reason, tied to the button.
    expect(await okta.getByTestId('blocked-reason').textContent()).toBe(
      'No client secret in this browser session: Edit the profile (or connect again) to enter it.',
    );
    expect(await okta.getByTestId('get-token').getAttribute('aria-describedby')).toBe(
      await okta.getByTestId('blocked-reason').getAttribute('id'),
    );
    const remembered = await rememberedIds();
    expect(remembered).toEqual([]);
    const alarms = await workerEval(async () =>
      (
        await (globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string }[]> } } }).chrome.alarms.getAll()
      ).map((a) => a.name),
    );
    expect(alarms).not.toContain('refresh:harness:okta');
  });

  it('asks before importing a harness.json that is not on this machine, naming its origin; Cancel imports nothing', async () => {
    const before = attacker.requests.length;
    const origin = `http://${EVIL_HOST}:${attacker.port}`;
    await connect(popup, `${origin}/harness.json`);
    expect(await popup.getByTestId('harness-confirm-text').textContent()).toContain(`served by ${origin}, not by this machine`);
    expect(await popup.getByTestId('harness-confirm-import').textContent()).toBe(`Import from ${origin}`);
    await popup.getByTestId('harness-confirm-cancel').click();
    await popup.getByTestId('harness-confirm').waitFor({ state: 'detached' });
    expect(attacker.requests.slice(before)).toEqual([]);
  });
});
