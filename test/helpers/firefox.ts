/**
 * Debian's firefox-esr with the built Firefox extension, driven by puppeteer-core over WebDriver BiDi (the workplace's
 * verified recipe, ../shared/reference/firefox-puppeteer-recipe/): the add-on installed as a temporary add-on with its
 * moz-extension UUID pinned by pref, its popup opened in a tab. A missing Firefox fails with the command that installs
 * it, never a silent skip.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD = resolve(import.meta.dirname, '../../.output/firefox-mv3');

export interface FirefoxWithExtension {
  browser: Browser;
  popup: Page;
  /** Evaluates in the browser's own chrome (its UI), e.g. to read a permission doorhanger. */
  inChrome(expression: string): Promise<unknown>;
}

export async function openFirefoxPopup(): Promise<FirefoxWithExtension> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(
      `Firefox not found at ${FIREFOX_PATH}. Install Debian's package: "apt-get update && apt-get install -y firefox-esr" (or run .ci/run, which does), or set FIREFOX_PATH.`,
    );
  }
  const addonId = JSON.parse(readFileSync(resolve(FIREFOX_BUILD, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
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
  // The BiDi connection itself (puppeteer's Firefox browser has it; its types do not say so).
  const bidi = (browser as unknown as { connection: { send(method: string, params: unknown): Promise<unknown> } }).connection;
  const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })) as {
    result: { contexts: { context: string }[] };
  };
  const chromeContext = tree.result.contexts[0]?.context;
  const inChrome = async (expression: string) => {
    const { result } = (await bidi.send('script.evaluate', {
      expression,
      target: { context: chromeContext },
      awaitPromise: true,
    })) as { result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } } };
    if (result.type === 'exception') throw new Error(`chrome evaluate: ${result.exceptionDetails?.text}`);
    return result.result?.value;
  };
  const popup = await browser.newPage();
  // page.goto() never resolves for moz-extension:// (BiDi loses the navigation across the process switch); the BiDi
  // navigate command itself returns once the page is complete.
  const context = (popup.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: string): Promise<void> } })
    .browsingContext;
  await context.navigate(`moz-extension://${uuid}/popup.html`, 'complete');
  return { browser, popup, inChrome };
}

/** The host-permission doorhanger's text, or null when Firefox shows none (headless, nobody could answer it). */
export async function permissionPrompt(inChrome: FirefoxWithExtension['inChrome']): Promise<string | null> {
  // BiDi serialises null as a value-less result: undefined here.
  return ((await inChrome(
    `(n => n ? n.textContent.replace(/\\s+/g, ' ').trim() : null)(PopupNotifications.panel.querySelector('#addon-webext-permissions-notification'))`,
  )) ?? null) as string | null;
}
