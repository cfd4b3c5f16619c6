/**
 * The capture code (extension/capture/find.ts: adapters, then the generic detector) run on a page in real Chromium,
 * as the content script runs it, without the extension around it: the page is served at the URL a portal would have
 * (so adapters see their real location), the capture bundle is added, and what it found is read back.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

export interface FoundOnPage {
  clientId: string;
  clientSecret: string;
  source: string;
  context?: Record<string, string>;
  /** The anchor's tag and test id or class, to say where the Save button would go. */
  anchor: string;
}

const bundles = new Map<string, Promise<string>>();

/** A module of the extension (path from the repository root) as one script defining `window[globalName]`. */
export function scriptBundle(entry: string, globalName: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = build({
      entryPoints: [new URL(`../../${entry}`, import.meta.url).pathname],
      bundle: true,
      write: false,
      format: 'iife',
      globalName,
      target: 'chrome120',
    }).then((result) => result.outputFiles[0]?.text ?? '');
    bundles.set(entry, bundle);
  }
  return bundle;
}

/** extension/capture/find.ts as one script defining `window.dcrKitCapture`. */
export const captureBundle = (): Promise<string> => scriptBundle('extension/capture/find.ts', 'dcrKitCapture');

export class CapturePages {
  #browser: Browser | undefined;

  async start(): Promise<void> {
    this.#browser = await launchChromium();
  }

  async close(): Promise<void> {
    await this.#browser?.close();
  }

  /** A new page showing `html` as if served at `url` (every other request is a 404). The caller closes it. */
  async open(html: string, url: string): Promise<Page> {
    if (!this.#browser) throw new Error('CapturePages.start() first');
    const page = await this.#browser.newPage();
    await page.route('**/*', (route) =>
      route.request().url() === url
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
        : route.fulfill({ status: 404, body: '' }),
    );
    await page.goto(url);
    return page;
  }

  /**
   * Serves `html` at `url` in a new page, lets `settle` run (clicks on "Generate keys", waiting for late content),
   * then runs the capture code and returns what it found (undefined: nothing).
   */
  async find(
    html: string,
    url = 'https://portal.example.test/apps/1',
    settle?: (page: Page) => Promise<void>,
  ): Promise<FoundOnPage | undefined> {
    const page = await this.open(html, url);
    try {
      if (settle) await settle(page);
      await page.addScriptTag({ content: await captureBundle() });
      return await page.evaluate(() => {
        const capture = (window as unknown as { dcrKitCapture: typeof import('../../extension/capture/find') }).dcrKitCapture;
        const found = capture.findOnPage(document);
        if (!found) return undefined;
        const a = found.anchor;
        const anchor = `${a.tagName.toLowerCase()}${a.getAttribute('data-testid') ? `[data-testid=${a.getAttribute('data-testid')}]` : a.className ? `.${String(a.className).split(' ')[0]}` : ''}`;
        return {
          clientId: found.clientId,
          clientSecret: found.clientSecret,
          source: found.source,
          context: found.context as Record<string, string> | undefined,
          anchor,
        };
      });
    } finally {
      await page.close();
    }
  }
}
