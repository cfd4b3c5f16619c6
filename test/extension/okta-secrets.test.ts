/**
 * Okta's client secrets table (issue 12 leftover): an org with client secret rotation lists up to two secrets
 * (Creation date, Secret masked with show/copy icons, Status) and shows a new one once in a dialog. The fixture
 * (test/fixtures/portals/okta-secrets.html, rebuilt from Okta's docs, see its header) is served at its admin URL in
 * Chromium; the capture code must give the client id with the new ACTIVE secret, or nothing when it cannot tell.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturePages } from '../helpers/capture-page';

const HTML = readFileSync(resolve(import.meta.dirname, '../fixtures/portals/okta-secrets.html'), 'utf8');
const URL_ = 'https://acme-admin.okta.com/admin/app/oidc_client/instance/0oa7rT2kLq9Xz4Wb8d7/';
const CLIENT_ID = '0oa7rT2kLq9Xz4Wb8d7';
const OLD = 'oLd8Sx2Vq5Tn1Wc7Yb4Zk0Hm3Jf6Gd9Pa-ReUi2Ob5';
const NEW = 'nEw3Kp7Lx1Qm9Vz5Tb2Wc8Yh4Jd0Fs6Gr-UaIe7Oo1';

const pages = new CapturePages();
beforeAll(() => pages.start(), 60_000);
afterAll(() => pages.close());

/** The clicks a developer makes, in order. */
const steps =
  (...actions: ((page: Page) => Promise<unknown>)[]) =>
  async (page: Page) => {
    for (const action of actions) await action(page);
  };
const generate = (page: Page) => page.click('#generate');
const done = (page: Page) => page.click('#done');
const showAll = async (page: Page) => {
  for (const eye of await page.locator('.client-secrets button.show').all()) await eye.click();
};
/** Shows the secret of the row created on `date`. */
const show = (date: string) => (page: Page) =>
  page.locator('.client-secrets tr', { hasText: date }).locator('button.show').click();
const deactivate = (date: string) => (page: Page) =>
  page.locator('.client-secrets tr', { hasText: date }).locator('select').selectOption('INACTIVE');

const pair = (clientSecret: string, anchor: string) => ({
  clientId: CLIENT_ID,
  clientSecret,
  source: 'okta',
  context: { portal: 'Okta Admin Console' },
  anchor,
});

describe('Okta Admin Console: the client secrets table', () => {
  it.each([
    ['as loaded (the one secret masked): nothing', undefined, undefined],
    ['the one ACTIVE secret shown with its eye', show('Sep 14, 2026'), pair(OLD, 'td.secret')],
    ['the dialog after "Generate new secret": the new secret, Save in the dialog', generate, pair(NEW, 'div')],
    ['after Done, the new one shown, the old one masked', steps(generate, done, show('Nov 28, 2026')), pair(NEW, 'td.secret')],
    ['after Done, both shown: the one created later', steps(generate, done, showAll), pair(NEW, 'td.secret')],
    [
      'after Done, the new one deactivated again and both shown: the ACTIVE (old) one',
      steps(generate, done, deactivate('Nov 28, 2026'), showAll),
      pair(OLD, 'td.secret'),
    ],
    [
      'only an INACTIVE secret shown: nothing',
      steps(generate, done, deactivate('Sep 14, 2026'), show('Sep 14, 2026')),
      undefined,
    ],
    [
      'the only secret deactivated, then shown: nothing (the generic detector must not read the table either)',
      steps(deactivate('Sep 14, 2026'), show('Sep 14, 2026')),
      undefined,
    ],
    [
      'both ACTIVE, shown, created the same day (which is new?): nothing',
      steps(
        generate,
        done,
        (page) =>
          page.evaluate(() => {
            for (const cell of document.querySelectorAll('.client-secrets td.created')) cell.textContent = 'Nov 28, 2026';
          }),
        showAll,
      ),
      undefined,
    ],
  ] as const)('%s', async (_name, settle, expected) => {
    expect(await pages.find(HTML, URL_, settle)).toEqual(expected);
  });
});
