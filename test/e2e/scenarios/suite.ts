/**
 * The extension's end-to-end scenarios, one set of test bodies for both browsers (issue 16): each
 * `extension.<browser>.test.ts` starts a harness and a browser with the built extension and runs every scenario file
 * here against them. What differs between the browsers lives in test/helpers/driver.ts, nowhere else.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import type { Harness } from '../../../mock-idp/harness';
import { type BrowserName, type ExtensionBrowser, launchExtensionBrowser } from '../../helpers/driver';

export interface Suite {
  readonly name: BrowserName;
  readonly browser: ExtensionBrowser;
  readonly popup: Page;
  harness(): Harness;
}

/** Launches `name` with the extension for the file's tests and closes it after them. */
export function extensionSuite(name: BrowserName, harness: () => Harness): Suite {
  let browser: ExtensionBrowser | undefined;
  beforeAll(async () => {
    browser = await launchExtensionBrowser(name);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  const started = (): ExtensionBrowser => {
    if (!browser) throw new Error(`${name} did not start (see the beforeAll error)`);
    return browser;
  };
  return {
    name,
    get browser() {
      return started();
    },
    get popup() {
      return started().popup;
    },
    harness,
  };
}

/** The extension's storage areas as JSON text, read with its own API. */
export function storageAreas(s: Suite): Promise<{ local: string; session: string }> {
  return s.browser.inExtension(async () => {
    type Area = { get(): Promise<Record<string, unknown>> };
    const api = (globalThis as unknown as { chrome?: { storage: { local: Area; session: Area } } }).chrome;
    if (!api) throw new Error('no extension API in this page');
    return { local: JSON.stringify(await api.storage.local.get()), session: JSON.stringify(await api.storage.session.get()) };
  });
}
