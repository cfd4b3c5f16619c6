/**
 * A portal adapter through the whole extension in real Chromium: the WSO2 devportal page (test/fixtures/portals/
 * wso2.html, rebuilt from wso2/apim-apps) served at its devportal path on an origin the user enabled; the Save
 * button, clicked as a user would, sends the pair with what the page says (portal, application, token endpoint),
 * and the popup's capture list shows it before any IdP profile exists, the secret masked. Konnect's classic modal
 * (konnect-v2.html): Save comes before Proceed, then reads "Saved ✓" disabled, the toolbar badge counts the waiting
 * capture and the proposed profile is named after the application. An issuer's discovery document is fetched only
 * once the user clicks for it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPopup } from '../helpers/browser';
import { showTab } from '../helpers/popup';
import { shot } from '../helpers/screenshots';
import { serve } from './attack-kit';
import { SETTLED_MS, saveButton } from './closed-shadow';

const fixture = (id: string) => readFileSync(resolve(import.meta.dirname, `../fixtures/portals/${id}.html`), 'utf8');
const FIXTURE = fixture('wso2');
const PATH = '/devportal/applications/0b7f4c2e-6a1d-4f3b-8e9c-5d2a1b0c3e4f/productionkeys/oauth';
/** A page whose "Regenerate" rewrites the secret's text in place (no node added: a characterData change). */
const REGENERATE = `<!DOCTYPE html><title>App</title><dl><dt>Client ID</dt><dd>app-7Hq2Lm9Xw4</dd>
<dt>Client secret</dt><dd id="secret">old-Zk81bQ4s0Pp7Yt2V</dd></dl><button id="regenerate">Regenerate</button>
<script>document.getElementById('regenerate').onclick = () => {
  document.getElementById('secret').firstChild.data = 'new-Rt5cW0m9Lq3Jx8Ue';
};</script>`;
let server: Server;
let origin: string;
let context: BrowserContext;
let popup: Page;

beforeAll(async () => {
  server = createServer((req, res) => {
    const page =
      req.url === PATH
        ? FIXTURE
        : req.url === '/regenerate'
          ? REGENERATE
          : req.url === '/konnect-v2'
            ? fixture('konnect-v2')
            : undefined;
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ context, popup } = await openPopup());
});
afterAll(async () => {
  await context?.close();
  await new Promise((r) => server?.close(r));
});

/** The popup's Capture tab, read afresh (the popup reloaded, so it asks the background for the list). */
async function captureArea(): Promise<Locator> {
  await popup.reload();
  await showTab(popup, 'Capture');
  return popup.getByTestId('capture-panel');
}

/** The toolbar badge's text (the global one, as the service worker sets it). */
async function badgeText(): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(() =>
    (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText(
      {},
    ),
  );
}

it('captures the WSO2 Consumer Key and Secret with the page context, shown in the popup with no profile', async () => {
  let panel = await captureArea();
  await panel.getByTestId('capture-origin').fill(origin);
  await panel.getByTestId('capture-enable').click();
  await expect.poll(() => panel.getByTestId('capture-origins').textContent()).toContain(origin);

  const page = await context.newPage();
  await page.goto(`${origin}${PATH}`);
  const save = await saveButton(page);
  // Before the click, the page says what it will save: the id in full, the secret only as its length.
  expect(await save.preview()).toBe(
    `Saves client ID Zq1mD6oF8yH0t3vKe2XbWc9LrTgA and its secret •••••••• (28 characters) from WSO2 API Manager Developer Portal (${origin}); token endpoint https://apim.example.com:9443/oauth2/token.`,
  );
  await shot(page, 'capture-preview');
  await page.waitForTimeout(SETTLED_MS);
  await save.click();
  await expect.poll(() => save.status()).toBe('Saved to dcr-kit');

  panel = await captureArea();
  const capture = panel.getByTestId('capture').filter({ hasText: 'Zq1mD6oF8yH0t3vKe2XbWc9LrTgA' });
  await capture.waitFor();
  expect(await capture.getByTestId('capture-portal').textContent()).toBe('WSO2 API Manager Developer Portal');
  expect(await capture.getByTestId('capture-app').textContent()).toBe('Billing reconciler');
  expect(await capture.getByTestId('capture-token-url').textContent()).toBe('https://apim.example.com:9443/oauth2/token');
  const masked = (await capture.getByTestId('capture-secret').textContent()) ?? '';
  expect(masked).not.toContain('u7Rk2Jw9sPq4Vn1xYc6Hb3ZeFt0a');
  expect(masked).toMatch(/28/);
  // A capture with no profile at all.
  await showTab(popup, 'Profiles');
  expect(await popup.getByTestId('no-profiles').count()).toBe(1);
});

it('after a Regenerate that rewrites the secret in place, saves the new secret, not the one first shown', async () => {
  const page = await context.newPage();
  await page.goto(`${origin}/regenerate`);
  const first = await saveButton(page);
  expect(await first.preview()).toContain('app-7Hq2Lm9Xw4');
  await page.click('#regenerate');
  await page.mouse.move(0, 0);
  const save = await saveButton(page);
  await page.waitForTimeout(SETTLED_MS);
  await save.click();
  await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
  const panel = await captureArea();
  const capture = panel.getByTestId('capture').filter({ hasText: 'app-7Hq2Lm9Xw4' });
  await capture.waitFor();
  // The masked secret keeps its first characters: the new secret's, not the old one's.
  expect(await capture.getByTestId('capture-secret').textContent()).toMatch(/^new-/);
});

it('puts Save before the modal’s Proceed, shows it saved, badges the waiting capture and names the profile after the app', async () => {
  const page = await context.newPage();
  await page.goto(`${origin}/konnect-v2`);
  const save = await saveButton(page);
  const proceed = page.getByTestId('close-application-secret-modal');
  await proceed.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  // In the DOM and so in tab order: the last Copy button, then Save, then Proceed.
  await page.getByTestId('copy-button').nth(1).focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-dcr-kit-save'))).toBe(true);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('close-application-secret-modal');
  // On screen: before Proceed in reading order (to its left on the same line, or above it).
  const [box, next] = [await save.box(), await proceed.boundingBox()];
  expect(next).not.toBeNull();
  if (next) expect(box.x + box.width <= next.x || box.y + box.height <= next.y).toBe(true);

  expect(await badgeText()).toBe('2');
  await page.waitForTimeout(SETTLED_MS);
  await save.click();
  await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
  expect(await save.state()).toEqual({ text: 'Saved ✓', disabled: true, cursor: 'default' });
  // Three captures wait (WSO2, the regenerated one, this one): the badge says so.
  await expect.poll(badgeText).toBe('3');

  const panel = await captureArea();
  const capture = panel.getByTestId('capture').filter({ hasText: '0oa8kfz2q1WXq7Ab5d7' });
  await capture.getByTestId('capture-propose').click();
  const proposal = capture.getByTestId('capture-proposal');
  expect(await proposal.getByTestId('profile-name').inputValue()).toBe(
    'Billing reconciler (Kong Konnect Dev Portal (classic v2))',
  );
  // (A loopback domain: the extension may reach it without asking, as at install.)
  await proposal.getByTestId('profile-baseUrl').fill('http://127.0.0.1:45995/okta');
  await proposal.getByTestId('profile-target').fill('api:read');
  await proposal.getByTestId('profile-save').click();
  // It became a profile: one capture fewer waits.
  await expect.poll(badgeText).toBe('2');
});

it('reads an issuer’s discovery document only after the user clicks for it', async () => {
  const issuer = await serve('127.0.0.1', (_req, res, port) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        issuer: `http://127.0.0.1:${port}/oauth2/default`,
        token_endpoint: `http://127.0.0.1:${port}/oauth2/default/v1/token`,
      }),
    );
  });
  try {
    const url = `http://127.0.0.1:${issuer.port}/oauth2/default`;
    // A capture whose page named an issuer (as the Auth0 adapter reports one), as the background stores it.
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await worker.evaluate(
      async (capture) => {
        const session = (
          globalThis as unknown as {
            chrome: { storage: { session: { get(k: string): Promise<object>; set(v: object): Promise<void> } } };
          }
        ).chrome.storage.session;
        const { captures = [] } = (await session.get('captures')) as { captures?: unknown[] };
        await session.set({ captures: [...captures, capture] });
      },
      {
        id: 'capture:9:issuer-app',
        origin,
        clientId: 'issuer-app-42',
        clientSecret: 'issuer-secret-42x',
        source: 'generic',
        at: 9,
        context: { issuer: url },
      },
    );

    const panel = await captureArea();
    const capture = panel.getByTestId('capture').filter({ hasText: 'issuer-app-42' });
    await capture.waitFor();
    await capture.getByTestId('capture-propose').click();
    const proposal = capture.getByTestId('capture-proposal');
    await proposal.getByTestId('capture-discover').waitFor();
    // The list and "Create profile" read nothing from the issuer: no request yet.
    await popup.waitForTimeout(500);
    expect(issuer.requests).toEqual([]);
    await proposal.getByTestId('capture-discover').click();
    await expect.poll(() => proposal.getByTestId('profile-baseUrl').inputValue()).toBe(`http://127.0.0.1:${issuer.port}`);
    expect(issuer.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /oauth2/default/.well-known/openid-configuration']);
  } finally {
    await issuer.close();
  }
});
