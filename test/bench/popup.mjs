#!/usr/bin/env node
/**
 * `npm run bench:popup`: how soon the popup is usable and how much it weighs. Launches Debian's Chromium with the
 * built extension (`.output/chrome-mv3`; `npx wxt build` first), connects it to a harness (the built CLI,
 * `dist/mock-idp/main.js`), gets a token on each of its five profiles, then opens the popup `--runs` times at its
 * real size (400×600) and reports, per run, the time from navigation start to the first control (the tab list) and to
 * the fifth profile row, plus the popup's JavaScript gzipped. Issue 17's targets: first control ≤ 100 ms, JS ≤ 25 kB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const EXTENSION = resolve(ROOT, '.output/chrome-mv3');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });

function popupJsGzipped() {
  const html = readFileSync(resolve(EXTENSION, 'popup.html'), 'utf8');
  return [...html.matchAll(/src="([^"]+\.js)"/g)]
    .map((m) => gzipSync(readFileSync(resolve(EXTENSION, `.${m[1]}`)), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
}

async function startHarness() {
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/mock-idp/main.js'), '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((done, fail) => {
    child.stdout.on('data', (chunk) => {
      const found = /https?:\/\/127\.0\.0\.1:\d+/.exec(String(chunk));
      if (found) done(found[0]);
    });
    child.on('exit', (code) => fail(new Error(`the harness exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const harness = await startHarness();
const profile = mkdtempSync(join(tmpdir(), 'dcr-kit-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
  ],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const popupUrl = `chrome-extension://${new URL(worker.url()).host}/popup.html`;
  const page = await context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(popupUrl);
  await page.getByTestId('harness-url').fill(`${harness.url}/harness.json`);
  await page.getByTestId('import-harness').click();
  await page.locator('article.profile').nth(4).waitFor();
  for (const button of await page.getByTestId('get-token').all()) await button.click();
  await page.getByTestId('copy-token-row').nth(4).waitFor();
  // Recorded in the page as the DOM changes (no polling delay): when the first control, the tab list and the fifth
  // profile row appear.
  await page.addInitScript(() => {
    const marks = {};
    window.__marks = marks;
    new MutationObserver(() => {
      const at = performance.now();
      if (!marks.control && document.querySelector('button, input')) marks.control = at;
      if (!marks.tabs && document.querySelector('[role="tab"]')) marks.tabs = at;
      if (!marks.five && document.querySelectorAll('article.profile').length >= 5) marks.five = at;
    }).observe(document, { childList: true, subtree: true });
  });
  const first = [];
  const tabs = [];
  const fifth = [];
  for (let run = 0; run < Number(args.runs); run++) {
    await page.goto('about:blank');
    await page.goto(popupUrl);
    await page.locator('article.profile').nth(4).waitFor();
    const marks = await page.evaluate(() => window.__marks);
    first.push(marks.control);
    tabs.push(marks.tabs);
    fifth.push(marks.five);
  }
  const result = {
    runs: first.length,
    firstControlMs: { median: Math.round(median(first)), max: Math.round(Math.max(...first)) },
    tabsMs: { median: Math.round(median(tabs)), max: Math.round(Math.max(...tabs)) },
    fiveProfilesMs: { median: Math.round(median(fifth)), max: Math.round(Math.max(...fifth)) },
    popupJsGzipBytes: popupJsGzipped(),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await context.close();
  harness.stop();
  rmSync(profile, { recursive: true, force: true });
}
