/**
 * Screenshots of what users see, taken by the e2e tests into `.output/screenshots/` (not tracked: every run makes
 * new ones). The README's pictures in `extension/docs/` are copies of these, refreshed by hand when the UI changes.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCREENSHOTS = resolve(import.meta.dirname, '../../.output/screenshots');

/** A page or an element, from either driver (playwright-core or puppeteer-core). */
export async function shot(
  page: { screenshot(options: { path: `${string}.png` }): Promise<unknown> },
  name: string,
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${resolve(SCREENSHOTS, name)}.png` });
}
