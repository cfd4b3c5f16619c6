/**
 * A portal adapter through the whole extension in real Chromium: the WSO2 devportal page (test/fixtures/portals/
 * wso2.html, rebuilt from wso2/apim-apps) served at its devportal path on an origin the user enabled; the Save
 * button, clicked as a user would, sends the pair with what the page says (portal, application, token endpoint),
 * and the popup's capture list shows it before any IdP profile exists, the secret masked.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPopup } from '../helpers/browser';
import { SETTLED_MS, saveButton } from './closed-shadow';

const FIXTURE = readFileSync(resolve(import.meta.dirname, '../fixtures/portals/wso2.html'), 'utf8');
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
    const page = req.url === PATH ? FIXTURE : req.url === '/regenerate' ? REGENERATE : undefined;
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

it('captures the WSO2 Consumer Key and Secret with the page context, shown in the popup with no profile', async () => {
  const panel = popup.getByTestId('capture-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
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
  await page.waitForTimeout(SETTLED_MS);
  await save.click();
  await expect.poll(() => save.status()).toBe('Saved to dcr-kit');

  await panel.locator('summary').click();
  await panel.locator('summary').click();
  const capture = panel.getByTestId('capture').filter({ hasText: 'Zq1mD6oF8yH0t3vKe2XbWc9LrTgA' });
  await capture.waitFor();
  expect(await capture.getByTestId('capture-portal').textContent()).toBe('WSO2 API Manager Developer Portal');
  expect(await capture.getByTestId('capture-app').textContent()).toBe('Billing reconciler');
  expect(await capture.getByTestId('capture-token-url').textContent()).toBe('https://apim.example.com:9443/oauth2/token');
  const masked = (await capture.getByTestId('capture-secret').textContent()) ?? '';
  expect(masked).not.toContain('u7Rk2Jw9sPq4Vn1xYc6Hb3ZeFt0a');
  expect(masked).toMatch(/28/);
  expect(await popup.getByTestId('no-profiles').isVisible()).toBe(true);
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
  const panel = popup.getByTestId('capture-panel');
  await panel.locator('summary').click();
  await panel.locator('summary').click();
  const capture = panel.getByTestId('capture').filter({ hasText: 'app-7Hq2Lm9Xw4' });
  await capture.waitFor();
  // The masked secret keeps its first characters: the new secret's, not the old one's.
  expect(await capture.getByTestId('capture-secret').textContent()).toMatch(/^new-/);
});
