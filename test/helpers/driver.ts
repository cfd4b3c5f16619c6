/**
 * One browser-driver layer for the extension's end-to-end scenarios, so one set of test bodies runs in Chromium and
 * in Firefox (issue 16): launch with the built extension, open its popup, evaluate with its APIs, answer the
 * browser's permission prompt, find the capture script's Save button. Both browsers through puppeteer-core — Chromium
 * over CDP, Firefox over WebDriver BiDi (the workplace's verified recipe, ../shared/reference/firefox-puppeteer-recipe/)
 * — so a test body sees one `Page` API. Debian's packages only; a missing browser fails with its install command.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { STABLE_MS } from '../../extension/capture/guard';
import { CHROME_BUILD, CHROMIUM_FLAGS, CHROMIUM_PATH } from './browser';
import { FIREFOX_BUILD, FIREFOX_PATH } from './firefox';

export type BrowserName = 'chromium' | 'firefox';

export interface ExtensionBrowser {
  readonly name: BrowserName;
  readonly browser: Browser;
  /** The popup, open in a tab at its own URL. */
  readonly popup: Page;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  readonly origin: string;
  newPage(): Promise<Page>;
  /**
   * Runs `fn` in an extension page (the popup), where `chrome.*`/`browser.*` are the extension's own APIs — storage,
   * alarms, permissions are the background's too. Firefox's event page is not a browsing context the driver can
   * reach, and Chromium's service worker is not a page: the popup is the one place both offer.
   */
  inExtension<T>(fn: () => T | Promise<T>): Promise<T>;
  /** The text of the browser's host-permission prompt, or null when it shows none (Chromium: never headless). */
  permissionPrompt(): Promise<string | null>;
  /** Clicks Allow in that prompt (Firefox's doorhanger). */
  allowPermission(): Promise<void>;
  /** Waits for the capture script's Save button on `page` (see SaveButton for what each browser can reach). */
  saveButton(page: Page): Promise<SaveButton>;
  close(): Promise<void>;
}

function assertInstalled(name: string, path: string, pkg: string, variable: string): void {
  if (!existsSync(path))
    throw new Error(
      `${name} not found at ${path}. Install Debian's package: "apt-get update && apt-get install -y ${pkg}" (or run .ci/run, which does), or set ${variable}.`,
    );
}

async function launchChromium(): Promise<ExtensionBrowser> {
  assertInstalled('Chromium', CHROMIUM_PATH, 'chromium', 'CHROMIUM_PATH');
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    args: [...CHROMIUM_FLAGS],
    enableExtensions: [CHROME_BUILD],
  });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'));
  // Node gives a chrome-extension: URL the origin "null": the host is the extension id.
  const origin = `chrome-extension://${new URL(worker.url()).host}`;
  const popup = await browser.newPage();
  await popup.goto(`${origin}/popup.html`);
  return extensionBrowser('chromium', browser, popup, origin, {
    permissionPrompt: async () => null,
    allowPermission: async () => {
      throw new Error('Chromium shows no permission prompt to answer here');
    },
  });
}

async function launchFirefox(): Promise<ExtensionBrowser> {
  assertInstalled('Firefox', FIREFOX_PATH, 'firefox-esr', 'FIREFOX_PATH');
  const addonId = JSON.parse(readFileSync(`${FIREFOX_BUILD}/manifest.json`, 'utf8')).browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Lets BiDi open moz-extension:// pages and reach the browser chrome (the recipe's README says why).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }) },
  });
  await browser.installExtension(FIREFOX_BUILD);
  const bidi = internal(browser as unknown as { connection?: { send?: unknown } }, 'connection', 'send') as {
    send(method: string, params: unknown): Promise<unknown>;
  };
  const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })) as {
    result: { contexts: { context: string }[] };
  };
  const chromeContext = tree.result.contexts[0]?.context;
  const inChrome = async (expression: string): Promise<unknown> => {
    const { result } = (await bidi.send('script.evaluate', {
      expression,
      target: { context: chromeContext },
      awaitPromise: true,
    })) as { result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } } };
    if (result.type === 'exception') throw new Error(`chrome evaluate: ${result.exceptionDetails?.text}`);
    return result.result?.value;
  };
  const origin = `moz-extension://${uuid}`;
  const popup = await browser.newPage();
  await openExtensionPage(popup, `${origin}/popup.html`);
  const doorhanger = `PopupNotifications.panel.querySelector('#addon-webext-permissions-notification')`;
  return extensionBrowser('firefox', browser, popup, origin, {
    // BiDi serialises null as a value-less result: undefined here.
    permissionPrompt: async () =>
      ((await inChrome(`(n => n ? n.textContent.replace(/\\s+/g, ' ').trim() : null)(${doorhanger})`)) ?? null) as string | null,
    allowPermission: async () => {
      await inChrome(`${doorhanger}.button.click()`);
    },
  });
}

/**
 * `page.goto()` never resolves for a moz-extension:// URL (BiDi loses the navigation across the process switch); the
 * BiDi navigate command itself returns once the page is complete.
 */
async function openExtensionPage(page: Page, url: string): Promise<void> {
  const context = internal(
    page.mainFrame() as unknown as { browsingContext?: { navigate?: unknown } },
    'browsingContext',
    'navigate',
  ) as {
    navigate(url: string, wait: string): Promise<void>;
  };
  await context.navigate(url, 'complete');
}

/**
 * Two things puppeteer does not publish (its BiDi connection, a frame's browsing context), hence the exact version
 * pinned in package.json: a puppeteer that moved them fails here, saying so.
 */
function internal<K extends string, M extends string>(
  owner: { [key in K]?: { [method in M]?: unknown } },
  key: K,
  method: M,
): unknown {
  const part = owner[key];
  if (typeof part?.[method] !== 'function')
    throw new Error(`puppeteer-core no longer has ${key}.${method} (the Firefox driver needs it; see test/helpers/driver.ts)`);
  return part;
}

async function extensionBrowser(
  name: BrowserName,
  browser: Browser,
  popup: Page,
  origin: string,
  prompt: Pick<ExtensionBrowser, 'permissionPrompt' | 'allowPermission'>,
): Promise<ExtensionBrowser> {
  // A locator that never appears fails inside the test's own timeout, naming what it waited for.
  popup.setDefaultTimeout(10_000);
  // The popup's real size (the browsers open it at most 800×600; dcr-kit's is 400×600), so scenarios and screenshots
  // see what a user sees.
  await popup.setViewport({ width: 400, height: 600 });
  return {
    name,
    browser,
    popup,
    origin,
    ...prompt,
    newPage: async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    inExtension: <T>(fn: () => T | Promise<T>) => popup.evaluate(fn) as Promise<T>,
    saveButton: (page: Page) => saveButtonIn(name, page),
    close: () => browser.close(),
  };
}

export function launchExtensionBrowser(name: BrowserName): Promise<ExtensionBrowser> {
  return name === 'chromium' ? launchChromium() : launchFirefox();
}

/**
 * The capture script's "Save to dcr-kit" button. It lives in a closed shadow root, out of reach of the page and of
 * CSS selectors. Chromium's accessibility tree includes it, so puppeteer's ARIA query finds the button itself (CDP
 * `Accessibility.queryAXTree`): `reach: 'button'`, its status line readable and a script's click possible. Firefox's
 * BiDi finds nothing inside a closed root (`browsingContext.locateNodes` by accessibility returns no node there;
 * checked in firefox-esr 153): `reach: 'host'`, the driver knows only the light-DOM host, `[data-dcr-kit-save]`, whose
 * first box is the button; it clicks there, as a person would, and the outcome is read where it lands (the popup's
 * capture list, which the scenarios check in both browsers).
 */
export type SaveButton =
  | {
      reach: 'button';
      /** A real (trusted) mouse click on it, in the tab in front, once it has stayed in place long enough to count. */
      click(): Promise<void>;
      /** What its status line says ("Saved to dcr-kit", "Not saved: …"). */
      status(): Promise<string>;
      /** A page script's `button.click()`: an untrusted event. */
      scriptedClick(): Promise<void>;
    }
  | { reach: 'host'; click(): Promise<void> };

/** How long a click meant to count waits: the guard's own settling time and a margin for a loaded machine. */
export const SETTLED_MS = STABLE_MS + 500;

const HOST = '[data-dcr-kit-save]';

async function saveButtonIn(name: BrowserName, page: Page): Promise<SaveButton> {
  const host = await page.waitForSelector(HOST, { timeout: 5000 });
  const button =
    name === 'chromium' ? ((await page.waitForSelector('::-p-aria(Save to dcr-kit)')) as ElementHandle<HTMLButtonElement>) : null;
  /** Where a person clicks: the button's centre, or well inside the host's first box (the button: ~30 px high). */
  const target = async () => {
    if (button) {
      const box = await button.boundingBox();
      return box && { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
    }
    const box = await host?.boundingBox();
    return box && { x: box.x + 24, y: box.y + 12, box };
  };
  const click = async () => {
    // A person clicks in the window in front (the guard refuses a click on a page without focus), after the button
    // has been in view for the guard's settling time (a tab brought to the front has just been painted), once the
    // page stopped moving it (two reads 100 ms apart agree).
    await page.bringToFront();
    await new Promise((r) => setTimeout(r, SETTLED_MS));
    let at = await target();
    for (let tries = 0; tries < 20; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      const again = await target();
      if (JSON.stringify(again?.box) === JSON.stringify(at?.box)) break;
      at = again;
      await new Promise((r) => setTimeout(r, SETTLED_MS));
    }
    if (!at) throw new Error('the Save button has no box (hidden?)');
    await page.mouse.click(at.x, at.y);
  };
  if (!button) return { reach: 'host', click };
  return {
    reach: 'button',
    click,
    status: () =>
      button.evaluate(
        (b) => (b.getRootNode() as ParentNode).querySelector('[data-testid="dcr-kit-save-status"]')?.textContent ?? '',
      ),
    scriptedClick: () => button.evaluate((b) => b.click()),
  };
}
