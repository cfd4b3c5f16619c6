/**
 * The Firefox build in a real Firefox (Debian's firefox-esr, headless): the add-on installs, its popup connects to
 * the harness and gets a token. Before issue 16's first fix, Connect asked for `http://127.0.0.1:<port>/*`, a pattern
 * Firefox matches no URL with: a permission prompt nobody could answer headless, "Connecting…" for ever. Now the
 * install-time `http://127.0.0.1/*` covers every port and nothing is asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { OKTA } from '../helpers/demo';
import { type FirefoxWithExtension, openFirefoxPopup, permissionPrompt } from '../helpers/firefox';

const harness = useHarness({}, { resetBeforeEach: false });
let firefox: FirefoxWithExtension;

beforeAll(async () => {
  firefox = await openFirefoxPopup();
}, 60_000);
afterAll(async () => {
  await firefox?.browser.close();
});

const tid = (id: string) => `[data-testid="${id}"]`;

describe('the popup in Firefox', () => {
  it('holds the loopback host permissions from install, port-less', async () => {
    const { popup } = firefox;
    await popup.waitForSelector(tid('no-profiles'));
    const origins = await popup.evaluate(
      async () =>
        (
          await (
            globalThis as unknown as { browser: { permissions: { getAll(): Promise<{ origins: string[] }> } } }
          ).browser.permissions.getAll()
        ).origins,
    );
    expect(origins).toEqual(expect.arrayContaining(['http://127.0.0.1/*', 'http://localhost/*']));
  });

  it('connects to the harness on its port without asking (no prompt), and gets an Okta token', async () => {
    const { popup, inChrome } = firefox;
    await popup.locator(tid('harness-url')).fill(`${harness().url}/harness.json`);
    await popup.locator(tid('import-harness')).click();
    try {
      await popup.waitForFunction(
        (s) => document.querySelector(s)?.textContent === 'Imported 5 profiles.',
        { timeout: 10_000 },
        tid('harness-status'),
      );
    } catch (error) {
      // What this guards against: a prompt nobody can answer headless, and "Connecting…" for ever.
      throw new Error(`not imported; Firefox's permission prompt: ${await permissionPrompt(inChrome)}`, { cause: error });
    }
    expect(await permissionPrompt(inChrome)).toBeNull();

    const okta = tid('profile-harness-okta');
    await popup.locator(`${okta} ${tid('get-token')}`).click();
    await popup.waitForFunction(
      (s) => / left$/.test(document.querySelector(s)?.textContent ?? ''),
      {},
      `${okta} ${tid('token-state')}`,
    );
    await popup.locator(`${okta} ${tid('profile-toggle')}`).click();
    const claim = await popup.waitForSelector(`${okta} ${tid('credential-claim')}`);
    expect(await claim?.evaluate((e) => e.textContent)).toBe(OKTA.clientId);
    // The request went out as Okta wants it, from Firefox.
    expect(harness().control.requests('okta', { clientId: OKTA.clientId }).at(-1)).toMatchObject({
      method: 'POST',
      status: 200,
      clientAuth: 'client_secret_basic',
    });
  }, 30_000);

  it('notices host access the user took back, and asks again with the button (Firefox prompts; Allow)', async () => {
    const { popup, inChrome } = firefox;
    type Permissions = { permissions: { remove(p: { origins: string[] }): Promise<boolean> } };
    // What "Access your data for 127.0.0.1" switched off in the add-on's permissions does.
    const removed = await popup.evaluate(() =>
      (globalThis as unknown as { browser: Permissions }).browser.permissions.remove({
        origins: ['http://127.0.0.1/*', 'http://localhost/*'],
      }),
    );
    expect(removed).toBe(true);
    const banner = await popup.waitForSelector(tid('host-access'));
    expect(await banner?.evaluate((e) => e.textContent)).toContain('dcr-kit can no longer reach 127.0.0.1, localhost');
    await popup.locator(tid('host-access-request')).click();
    // Firefox's doorhanger, answered as the user would.
    const deadline = Date.now() + 10_000;
    while (!(await permissionPrompt(inChrome)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await permissionPrompt(inChrome)).toContain('127.0.0.1');
    await inChrome(`PopupNotifications.panel.querySelector('#addon-webext-permissions-notification').button.click()`);
    await popup.waitForSelector(tid('host-access'), { hidden: true });
    // Reachable again: a token from the harness.
    const curity = tid('profile-harness-curity');
    await popup.locator(`${curity} ${tid('get-token')}`).click();
    await popup.waitForFunction(
      (s) => / left$/.test(document.querySelector(s)?.textContent ?? ''),
      {},
      `${curity} ${tid('token-state')}`,
    );
  }, 30_000);

  it('calls the gateway from the console with client credentials, then with the session cookie it set alone', async () => {
    const { popup } = firefox;
    await popup.locator('[role="tab"]#tab-console').click();
    const consoleSel = tid('api-console');
    await popup.waitForSelector(`${consoleSel} ${tid('console-url')}`);
    const url = `${harness().manifest.gateway.url}/okta/anything`;
    await popup.locator(`${consoleSel} ${tid('console-url')}`).fill(url);
    await popup.select(`${consoleSel} ${tid('console-profile')}`, 'harness:okta');
    const send = async (auth: string) => {
      await popup.select(`${consoleSel} ${tid('console-auth')}`, auth);
      const before = Number(await popup.$eval(consoleSel, (e) => e.getAttribute('data-sent')));
      await popup.locator(`${consoleSel} ${tid('console-send')}`).click();
      await popup.waitForFunction(
        (s, n) => Number(document.querySelector(s)?.getAttribute('data-sent')) > n,
        {},
        consoleSel,
        before,
      );
      return JSON.parse((await popup.$eval(`${consoleSel} ${tid('console-body')}`, (e) => e.textContent)) || '{}');
    };
    expect((await send('client_credentials')).consumer).toMatchObject({
      authMethod: 'client_credentials',
      credential: OKTA.clientId,
    });
    // Kong's session cookie, as Firefox's cookies API lists it for that URL.
    await popup.waitForSelector(`${consoleSel} ${tid('cookie-session')}`);
    expect((await send('session')).consumer).toMatchObject({ authMethod: 'session', credential: OKTA.clientId });
  }, 30_000);
});
