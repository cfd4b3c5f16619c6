/**
 * The developer portal: registering through it from the popup, capturing the credentials it shows once (a real click
 * on the Save button), capture on a page nothing like Kong's, and the whole flow for every vendor and the bridge.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSaveButton, type SaveButton } from '../../helpers/driver';
import { shot } from '../../helpers/screenshots';
import {
  choose,
  chooseLabel,
  click,
  confirmed,
  count,
  expand,
  fill,
  gone,
  inputValue,
  logIn,
  rowNamed,
  rowOf,
  showTab,
  text,
  tid,
  waitText,
} from '../../helpers/ui';
import { vendorToken } from '../../helpers/vendor-requests';
import { send } from './console';
import type { Suite } from './suite';

const PANEL = tid('capture-panel');

/** The capture list as the popup shows it when opened again (it is read when the Capture tab opens). */
async function relist(s: Suite): Promise<void> {
  await showTab(s.popup, 'Profiles');
  await showTab(s.popup, 'Capture');
}

/** Opens the popup's capture panel and enables capture on `origin`. */
async function enableCapture(s: Suite, origin: string): Promise<void> {
  await showTab(s.popup, 'Capture');
  await fill(s.popup, `${PANEL} ${tid('capture-origin')}`, origin);
  await click(s.popup, `${PANEL} ${tid('capture-enable')}`);
  await waitText(s.popup, `${PANEL} ${tid('capture-origins')}`, new RegExp(origin.replace(/[.]/g, '\\.')));
}

const captures = (s: Suite) => count(s.popup, `${PANEL} ${tid('capture')}`);

/** Waits until the list shows `n` captures (re-reading it, as reopening the popup does). */
async function capturesAre(s: Suite, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await relist(s);
    await s.popup.waitForSelector(`${PANEL} ${tid('capture-origins')}`);
    if ((await captures(s)) === n) return;
    if (Date.now() > deadline) throw new Error(`expected ${n} captures, the list shows ${await captures(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Creates an application in the portal's own UI (logged in) and returns the credentials its modal shows once. */
async function createInPortal(s: Suite, name: string, strategy: string) {
  const page = await s.browser.newPage();
  await logIn(page, s.harness().manifest.portal);
  await page.goto(`${s.harness().manifest.portal.url}/application/create`);
  await fill(page, tid('application-name-input'), name);
  await chooseLabel(page, tid('application-auth-strategy-select'), strategy);
  await click(page, tid('application-create-button'));
  await page.waitForSelector(tid('copy-secret-modal'));
  const clientId = (await text(page, tid('client-id-value'))) ?? '';
  const clientSecret = (await text(page, tid('client-secret-value'))) ?? '';
  return { page, clientId, clientSecret };
}

export function portalScenarios(s: Suite): void {
  describe(`registering through the portal from the popup, with the developer session (${s.name})`, () => {
    it.each([
      { version: 'v3', strategy: 'Okta client credentials', link: 'harness:okta', vendor: 'okta' as const, claim: 'cid' },
      {
        version: 'v2',
        strategy: 'Curity Identity Server client credentials',
        link: 'harness:curity',
        vendor: 'curity' as const,
        claim: 'sub',
      },
    ])('$version / $vendor: creates an application, gets a token, regenerates the secret, deletes it', async (c) => {
      const { popup } = s;
      // The developer logs in to the portal in a tab: the HttpOnly portalaccesstoken cookie is what the extension uses.
      const tab = await s.browser.newPage();
      await logIn(tab, s.harness().manifest.portal);
      await tab.close();

      await showTab(popup, 'Portal');
      const panel = tid('portal-register');
      await fill(popup, `${panel} ${tid('portal-url')}`, s.harness().manifest.portal.url);
      await choose(popup, `${panel} ${tid('portal-version')}`, c.version);
      // Strategies loaded for another version (the previous case's) are gone: only this version's list is offered.
      expect(await count(popup, `${panel} ${tid('portal-strategy')}`)).toBe(0);
      await click(popup, `${panel} ${tid('portal-load')}`);
      await chooseLabel(popup, `${panel} ${tid('portal-strategy')}`, c.strategy);
      // The strategy names its IdP: that profile is preselected, with the reason.
      expect(await inputValue(popup, `${panel} ${tid('portal-link')}`)).toBe(c.link);
      expect(await text(popup, `${panel} ${tid('portal-link-hint')}`)).toContain(`the auth strategy "${c.strategy}" names`);
      await fill(popup, `${panel} ${tid('portal-app-name')}`, `Popup ${c.version} app`);
      await click(popup, `${panel} ${tid('portal-create')}`);
      const notice = await waitText(popup, `${panel} ${tid('portal-notice')}`, /^Created application; client /);
      const clientId = /client (\S+?)\./.exec(notice)?.[1] ?? '';
      const firstSecret = (await text(popup, `${panel} ${tid('portal-secret')}`)) ?? '';

      await showTab(popup, 'Profiles');
      const card = await rowNamed(popup, `^Popup ${c.version} app \\(portal`);
      await click(popup, `${card} ${tid('get-token')}`);
      await expand(popup, card);
      expect(await waitText(popup, `${card} ${tid('credential-claim')}`, clientId)).toBe(clientId);
      expect(JSON.parse((await text(popup, `${card} ${tid('token-claims')}`)) ?? '{}')[c.claim]).toBe(clientId);

      expect(await confirmed(popup, card, 'rotate-secret')).toMatch(/^Regenerate the secret of \S+ at the portal /);
      await waitText(popup, `${card} ${tid('client-notice')}`, /^New secret issued/);
      expect((await vendorToken(c.vendor, s.harness().url, clientId, firstSecret)).status).toBeGreaterThanOrEqual(400);

      expect(await confirmed(popup, card, 'delete-client')).toMatch(
        new RegExp(`^Delete the application "Popup ${c.version} app`),
      );
      await gone(popup, card);
    });
  });

  describe(`capturing the credentials a portal shows once (${s.name})`, () => {
    it('offers "Save to dcr-kit" in the portal modal on an enabled origin; a real click saves, a scripted click does not', async () => {
      await enableCapture(s, s.harness().manifest.portal.url);
      // Recognised by GET /api/v3/portal, the v3 Dev Portal's fingerprint.
      await waitText(
        s.popup,
        `${PANEL} ${tid('portal-recognised')}`,
        'Konnect portal (Dev Portal API v3): dcr-kit developer portal.',
      );
      const { page, clientId, clientSecret } = await createInPortal(s, 'Captured app', 'Okta client credentials');
      const save = await findSaveButton(page, s.name);
      // A page script clicking the button is not the user: nothing is saved. (Only Chromium's driver can reach into
      // the closed shadow root to script that click; in Firefox neither the page nor the driver can.)
      await save.scriptedClick?.();
      await capturesAre(s, 0);
      // The page cannot find the secret anywhere dcr-kit added.
      expect(await page.evaluate(() => document.querySelector('[data-dcr-kit-save]')?.shadowRoot?.innerHTML ?? '')).not.toContain(
        clientSecret,
      );

      // Clicked once it has stayed in place long enough (it ignores clicks just after it appeared or moved).
      await save.click();
      await expectStatus(save, 'Saved to dcr-kit');
      await shot(page, `${s.name}-portal-capture`);
      await page.close();

      await capturesAre(s, 1);
      expect(await text(s.popup, `${PANEL} ${tid('capture')}`)).toContain(clientId);
      expect(await text(s.popup, PANEL)).not.toContain(clientSecret);
      // The Okta strategy (or the 0oa… client id) names Okta: its profile is preselected.
      expect(await inputValue(s.popup, `${PANEL} ${tid('capture-link')}`)).toBe('harness:okta');
      await click(s.popup, `${PANEL} ${tid('capture-create-profile')}`);

      await showTab(s.popup, 'Profiles');
      const card = await rowOf(s.popup, clientId);
      await click(s.popup, `${card} ${tid('get-token')}`);
      await expand(s.popup, card);
      expect(await waitText(s.popup, `${card} ${tid('credential-claim')}`, clientId)).toBe(clientId);
    });

    it('gives the page no extension API in its own world, and keeps no capture once it is linked', async () => {
      const page = await s.browser.newPage();
      await page.goto(`${s.harness().url}/health`);
      expect(
        await page.evaluate(
          () => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage,
        ),
      ).toBe('undefined');
      await page.close();
      const kept = await s.browser.inExtension(async () => {
        const session = (
          globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<{ captures?: unknown[] }> } } } }
        ).chrome.storage.session;
        return (await session.get('captures')).captures?.length ?? 0;
      });
      expect(kept).toBe(0);
    });
  });

  describe(`generic capture on a page that is not a Konnect portal (${s.name})`, () => {
    // The page is served by the test itself, on a port of its own: its markup is nothing like Kong's portal, and in
    // Firefox it shares the portal's host (127.0.0.1), so the capture script registered for it runs there too.
    let server: Server;
    let origin: string;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          '<!doctype html><title>Internal IdP console</title><h1>Your new app</h1><dl><dt>Client ID</dt><dd><code>plain-client-42</code></dd><dt>Client Secret</dt><dd><code>plain-secret-9f8e7d</code></dd></dl>',
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      // The browser keeps its connection alive: closed here, or close() waits for it.
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    });

    it('finds a client id and secret in plain markup, ignores forged messages and events, saves on a real click', async () => {
      await enableCapture(s, origin);
      const page = await s.browser.newPage();
      await page.goto(`${origin}/apps/42`);
      const save = await findSaveButton(page, s.name);

      // Forged channels: the content script listens to neither, so nothing is captured.
      await page.evaluate(() => {
        window.postMessage({ type: 'capture:save', payload: { clientId: 'forged', clientSecret: 'forged-secret' } }, '*');
        document.dispatchEvent(
          new CustomEvent('dcr-kit:capture', { detail: { clientId: 'forged', clientSecret: 'forged-secret' } }),
        );
      });
      await capturesAre(s, 0);

      await save.click();
      await expectStatus(save, 'Saved to dcr-kit');
      await page.close();
      await capturesAre(s, 1);
      expect(await text(s.popup, `${PANEL} ${tid('capture')}`)).toContain('plain-client-42');
      expect(await text(s.popup, `${PANEL} ${tid('capture')}`)).not.toContain('forged');
    });

    it('offers nothing on a port of the same host that was not enabled', async () => {
      // Firefox registers the script for the host on every port; the background's answer keeps it idle here.
      const other = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          '<!doctype html><title>x</title><dl><dt>Client ID</dt><dd>idle-client-1</dd><dt>Client Secret</dt><dd>idle-secret-123456</dd></dl>',
        );
      });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      try {
        const page = await s.browser.newPage();
        await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        await new Promise((r) => setTimeout(r, 1000));
        expect(await page.$$eval('[data-dcr-kit-save]', (hosts) => hosts.length)).toBe(0);
        await page.close();
      } finally {
        other.closeAllConnections();
        await new Promise<void>((r) => other.close(() => r()));
      }
    });
  });

  describe(`the whole flow on the harness portal, for every vendor and the HTTP bridge (${s.name})`, () => {
    const flows = [
      { api: 'auth0', strategy: 'Auth0 client credentials', link: 'harness:auth0', vendor: 'auth0' as const },
      { api: 'okta', strategy: 'Okta client credentials', link: 'harness:okta', vendor: 'okta' as const },
      { api: 'curity', strategy: 'Curity Identity Server client credentials', link: 'harness:curity', vendor: 'curity' as const },
      { api: 'azure', strategy: 'Microsoft Entra ID client credentials', link: 'harness:azure:v1', vendor: 'azure' as const },
      {
        api: 'dcr-bridge',
        strategy: 'HTTP DCR bridge (Okta client credentials)',
        link: 'harness:okta',
        vendor: 'dcr-bridge' as const,
      },
    ];

    it.each(flows)(
      '$api: portal UI → captured → token → gateway with client credentials, bearer and session → regenerate (old secret refused)',
      async (f) => {
        const { popup } = s;
        const portal = s.harness().manifest.portal.url;
        await enableCapture(s, portal);
        const { page, clientId, clientSecret: firstSecret } = await createInPortal(s, `Flow ${f.api}`, f.strategy);
        const save = await findSaveButton(page, s.name);
        await save.click();
        await expectStatus(save, 'Saved to dcr-kit');
        await click(page, tid('close-application-secret-modal'));
        await page.waitForFunction(() => /\/application\/[^/]+$/.test(location.pathname));

        await relist(s);
        const capture = await popup.waitForFunction(
          (sel, id) => [...document.querySelectorAll(sel)].findIndex((c) => c.textContent?.includes(id)) + 1 || false,
          {},
          `${PANEL} ${tid('capture')}`,
          clientId,
        );
        const nth = `${PANEL} ${tid('capture')}:nth-of-type(${await capture.jsonValue()})`;
        await choose(popup, `${nth} ${tid('capture-link')}`, f.link);
        await click(popup, `${nth} ${tid('capture-create-profile')}`);

        await showTab(popup, 'Profiles');
        const card = await rowOf(popup, clientId);
        await click(popup, `${card} ${tid('get-token')}`);
        await expand(popup, card);
        expect(await waitText(popup, `${card} ${tid('credential-claim')}`, clientId)).toBe(clientId);

        await showTab(popup, 'Console');
        const inConsole = (id: string) => `${tid('api-console')} ${tid(id)}`;
        await fill(popup, inConsole('console-url'), `${s.harness().manifest.gateway.url}/${f.api}/orders`);
        await choose(popup, inConsole('console-profile'), `captured:${portal}:${clientId}`);
        for (const auth of ['client_credentials', 'bearer', 'session']) {
          // Kong looks at the session cookie first: clear the one the previous call set, to exercise the bearer path.
          if (auth === 'bearer') {
            await click(popup, inConsole('clear-cookie-session'));
            await gone(popup, inConsole('cookie-session'));
          }
          const { body } = await send(s, auth);
          expect(body.consumer).toMatchObject({ authMethod: auth, credential: clientId });
        }

        // Regenerate in the portal: the old secret no longer gets a token.
        await click(page, tid('refresh-secret-button'));
        await page.waitForSelector(tid('copy-secret-modal'));
        const newSecret = (await text(page, tid('client-secret-value'))) ?? '';
        expect(newSecret).not.toBe(firstSecret);
        expect((await vendorToken(f.vendor, s.harness().url, clientId, firstSecret)).status).toBeGreaterThanOrEqual(400);
        expect((await vendorToken(f.vendor, s.harness().url, clientId, newSecret)).status).toBe(200);
        await page.close();
      },
      30_000,
    );
  });
}

/** The button's own words where the driver can read them (Chromium); the capture list is checked in both. */
async function expectStatus(save: SaveButton, want: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let last: string | null = '';
  while (Date.now() < deadline) {
    last = await save.status();
    if (last === null || last === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the Save button says ${JSON.stringify(last)}, not ${JSON.stringify(want)}`);
}
