/**
 * Issue 10, item 3: the "Save to dcr-kit" button cannot be disguised. A page on an origin where capture is on shows
 * attacker-chosen credentials and tries (a) to reach and restyle the button, (b) to make the user's click on its own
 * "Accept cookies" land on the button (transparent ancestor, click-through overlay, shrunk button), (c) to have a click
 * land just after the button appeared or moved. Nothing is saved; a real click on the settled, visible button saves,
 * and the popup shows what will become a profile (client id in full, secret masked with its length).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showTab } from '../helpers/popup';
import { launchForAttacks, sendFromPopup } from './attack-kit';
import { SETTLED_MS, saveButton } from './closed-shadow';

const ORIGIN = 'http://127.0.0.1:45996';
const CLIENT_ID = 'shown-client-1';
const SECRET = 'shown-secret-0123456789abcdef';
const CREDENTIALS = `<dl id="creds"><dt>Client ID</dt><dd><code>${CLIENT_ID}</code></dd><dt>Client Secret</dt><dd><code>${SECRET}</code></dd></dl>`;

let context: BrowserContext;
let popup: Page;

beforeAll(async () => {
  ({ context, popup } = await launchForAttacks());
  // The capture panel is shown once there is an IdP profile to link captures to: a typed-in one is enough here.
  const saved = await sendFromPopup(popup, 'profile:save', {
    name: 'Local Okta',
    vendor: 'okta',
    endpointId: 'default',
    baseUrl: 'http://127.0.0.1:45995/okta',
    authServerId: 'default',
    target: 'api:read',
    clientId: 'idp-client',
    clientAuth: 'client_secret_basic',
  });
  expect(saved.ok).toBe(true);
  await popup.reload();
  await showTab(popup, 'Capture');
  const panel = popup.getByTestId('capture-panel');
  await panel.getByTestId('capture-origin').fill(ORIGIN);
  await panel.getByTestId('capture-enable').click();
  await panel.getByTestId('capture-origins').filter({ hasText: ORIGIN }).waitFor();
});
afterAll(async () => {
  await context?.close();
});

/** A page of the test's own on the enabled origin: `body` as given, with a visible "Accept cookies" button. */
async function open(body: string): Promise<Page> {
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>console</title><body style="margin:40px">${body}<button id="accept">Accept cookies</button></body>`,
    }),
  );
  await page.goto(`${ORIGIN}/apps/1`);
  return page;
}

async function savedCaptures(): Promise<number> {
  const [worker] = context.serviceWorkers();
  return (
    (await worker?.evaluate(async () => {
      type Session = { captures?: unknown[] };
      const { session } = (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Session> } } } })
        .chrome.storage;
      return (await session.get('captures')).captures?.length ?? 0;
    })) ?? -1
  );
}

describe('the Save button on a hostile page', () => {
  it('(a) lives in a closed shadow root: the page can neither reach nor restyle it', async () => {
    const page = await open(CREDENTIALS);
    const save = await saveButton(page);
    const before = await save.box();
    const seen = await page.evaluate(() => {
      const host = document.querySelector('[data-dcr-kit-save]') as HTMLElement;
      const style = document.createElement('style');
      style.textContent =
        '[data-dcr-kit-save], [data-dcr-kit-save] * { opacity: 0 !important; position: fixed !important; inset: 0 !important; transform: scale(30) !important; } button { width: 100vw !important; }';
      document.head.append(style);
      host.style.setProperty('opacity', '0', 'important');
      host.style.setProperty('transform', 'scale(30)', 'important');
      return {
        shadowRoot: host.shadowRoot,
        button: document.querySelector('[data-testid="dcr-kit-save"]'),
        opacity: getComputedStyle(host).opacity,
        transform: getComputedStyle(host).transform,
      };
    });
    expect(seen).toEqual({ shadowRoot: null, button: null, opacity: '1', transform: 'none' });
    expect(await save.box()).toEqual(before);
    await page.close();
  });

  it("(a) cannot paint a decoy over the button with the host's own ::before/::after", async () => {
    const page = await open(CREDENTIALS);
    await saveButton(page);
    const painted = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent =
        "[data-dcr-kit-save]::before, [data-dcr-kit-save]::after { content: 'Accept cookies' !important; display: block !important; position: absolute !important; inset: 0 !important; background: #0a0 !important; pointer-events: none !important; }";
      document.head.append(style);
      const host = document.querySelector('[data-dcr-kit-save]') as HTMLElement;
      return ['::before', '::after'].map((pseudo) => {
        const computed = getComputedStyle(host, pseudo);
        return { content: computed.content, display: computed.display };
      });
    });
    expect(painted).toEqual([
      { content: 'none', display: 'none' },
      { content: 'none', display: 'none' },
    ]);
    await page.close();
  });

  const tricks: [string, string, string][] = [
    [
      'a transparent ancestor over the page’s own button',
      `const r = host.getBoundingClientRect(); document.getElementById('creds').style.opacity = '0';
       Object.assign(accept.style, { position: 'fixed', left: r.left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px', zIndex: '-1' });`,
      'the page makes the button transparent',
    ],
    [
      'a click-through overlay drawn over the button',
      `const r = host.getBoundingClientRect(); const fake = document.createElement('div'); fake.textContent = 'Accept cookies';
       Object.assign(fake.style, { position: 'fixed', left: (r.left - 20) + 'px', top: (r.top - 20) + 'px', width: (r.width + 200) + 'px', height: (r.height + 40) + 'px', background: '#fff', zIndex: '10', pointerEvents: 'none' });
       document.body.append(fake);`,
      // Clicks pass through the overlay, so only the browser's own visibility verdict (IntersectionObserver v2) sees it.
      'the browser does not see the button as fully visible',
    ],
    ['a shrunk button', `document.getElementById('creds').style.transform = 'scale(0.3)';`, 'the page transforms the button'],
  ];

  it.each(tricks)('(b) saves nothing when the user clicks through %s', async (_name, trick, reason) => {
    const page = await open(CREDENTIALS);
    const save = await saveButton(page);
    await page.evaluate(`(() => { const host = document.querySelector('[data-dcr-kit-save]'); ${trick} })()`);
    // Long after the button appeared and the trick was set up: the wait for a settled button is not what refuses.
    await page.waitForTimeout(SETTLED_MS);
    await save.click();
    expect(await save.status()).toBe(`Not saved: ${reason}.`);
    expect(await savedCaptures()).toBe(0);
    await page.close();
  });

  it('(c) ignores a click just after the button appeared or moved; a settled real click saves, and the popup shows what', async () => {
    const page = await open(
      `<div id="later"></div><script>setTimeout(() => { document.getElementById('later').innerHTML = ${JSON.stringify(CREDENTIALS)}; }, 300);</script>`,
    );
    const save = await saveButton(page);
    await save.click();
    expect(await save.status()).toBe('Not saved: the button just appeared or moved.');
    await page.waitForTimeout(SETTLED_MS);
    await page.evaluate(() => {
      (document.getElementById('later') as HTMLElement).style.marginLeft = '120px';
    });
    await save.click();
    expect(await save.status()).toBe('Not saved: the button just appeared or moved.');
    expect(await savedCaptures()).toBe(0);

    await page.waitForTimeout(SETTLED_MS);
    await save.click();
    await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
    expect(await savedCaptures()).toBe(1);
    await page.close();

    // Opened again, the Capture tab reads the list.
    await showTab(popup, 'Profiles');
    await showTab(popup, 'Capture');
    const panel = popup.getByTestId('capture-panel');
    const capture = panel.getByTestId('capture');
    await capture.waitFor();
    expect(await capture.getByTestId('capture-client-id').textContent()).toBe(CLIENT_ID);
    expect(await capture.getByTestId('capture-secret').textContent()).toBe(`show… (${SECRET.length} characters)`);
    expect(await panel.textContent()).not.toContain(SECRET);
  });

  it('(d) cannot switch capture off with elements named "browser" and "chrome" (they shadow both globals in the isolated world)', async () => {
    // <form id="browser"><input name="runtime"> made `browser.runtime` the page's input, and <form id="chrome"> does
    // the same to `chrome` once parsed: Save answered "dcr-kit is not available". The script now takes the API at
    // document_start, before the page has elements.
    const page = await open(
      `<form id="browser"><input name="runtime"></form><form id="chrome"><input name="runtime"></form>${CREDENTIALS}`,
    );
    const save = await saveButton(page);
    await page.waitForTimeout(SETTLED_MS);
    await save.click();
    // The background answered ok (the pair was already saved by (c): it is replaced, not added).
    await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
    await page.close();
  });
});
