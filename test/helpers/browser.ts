/**
 * Launches Debian's Chromium through playwright-core. No browser can be downloaded here, so a missing Chromium
 * fails the run with the command that installs it, never a silent skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags the workplace's verified recipe uses: without the background-networking ones Chromium keeps trying to
 * reach Google's hosts, which this machine's closed network refuses.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's package: "apt-get update && apt-get install -y chromium" (or run .ci/run, which does), or set CHROMIUM_PATH.`,
    );
  }
}

/** `args` come after the recipe's flags (e.g. `--host-resolver-rules=MAP evil.test 127.0.0.1`). */
export async function launchChromium(args: readonly string[] = []): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, ...args] });
}

/**
 * A persistent Chromium profile with the built extension loaded (the workplace's verified flags recipe). `args` are
 * added to the flags (e.g. `--host-resolver-rules=MAP evil.test 127.0.0.1` for a second site on this machine).
 */
export async function launchWithExtension(
  extensionDir: string,
  options: { args?: string[] } = {},
): Promise<{ context: BrowserContext; extensionId: string }> {
  assertChromium();
  const profile = mkdtempSync(join(tmpdir(), 'dcr-kit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...CHROMIUM_FLAGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(options.args ?? []),
    ],
  });
  // Library mode waits forever by default: a locator that never appears should fail inside the test's own timeout,
  // naming the locator, not as a bare "test timed out".
  context.setDefaultTimeout(10_000);
  context.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // Chromium may still be flushing the profile; the OS temp dir takes what is left.
    }
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, extensionId: new URL(worker.url()).host };
}

/** The built Chromium extension (`npm run build:extension`; the test setup builds it). */
export const CHROME_BUILD = resolve(import.meta.dirname, '../../.output/chrome-mv3');

/** Chromium with the built extension and its popup open in a tab (at a page's size; tests resize it when it matters). */
export async function openPopup(
  options: { args?: string[] } = {},
): Promise<{ context: BrowserContext; popup: Page; extensionId: string }> {
  const { context, extensionId } = await launchWithExtension(CHROME_BUILD, options);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return { context, popup, extensionId };
}
