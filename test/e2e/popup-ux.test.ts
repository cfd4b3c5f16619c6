/**
 * The popup as a developer meets it, at its real size (400×600) and at 360 and 420 px: every main state is checked
 * by axe-core in the light and the dark scheme and for sideways scrolling; five tokens fit on one screen (the
 * screenshot the README shows); the portal preselects the IdP its strategy names and refuses another without a
 * confirmation; failures say what failed, where, and what to do; Copy says so and resets; a keyboard-only run reaches
 * Connect, Get token and Copy in a bounded number of Tab stops.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { axeViolations, describeViolations } from '../helpers/axe';
import { openPopup } from '../helpers/browser';
import { OKTA } from '../helpers/demo';
import { connect, expand, showTab } from '../helpers/popup';
import { logInToPortal } from '../helpers/portal';
import { shot } from '../helpers/screenshots';
import { sendFromPopup } from './attack-kit';

const harness = useHarness({}, { resetBeforeEach: false });
let context: BrowserContext;
let popup: Page;
const ROWS = ['auth0', 'okta', 'curity', 'azure-v2', 'azure-v1'].map((id) => `profile-harness-${id}`);

beforeAll(async () => {
  ({ context, popup } = await openPopup());
  await popup.setViewportSize({ width: 400, height: 600 });
});
afterAll(async () => {
  await context?.close();
});

/** axe in both schemes and no sideways scrolling at 360, 400 and 420 px; soft, so one run lists every state. */
async function audit(state: string, page: Page = popup): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect.soft(describeViolations(await axeViolations(page)), `${state}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  for (const width of [360, 400, 420]) {
    await page.setViewportSize({ width, height: 600 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect.soft(overflow, `${state} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 400, height: 600 });
}

describe('the popup at 400×600, in both colour schemes', () => {
  it('before anything: one clear step (connect), accessible', async () => {
    await popup.getByTestId('no-profiles').waitFor();
    await audit('empty');
  });

  it('shows five tokens on one screen as compact rows, each with its countdown', async () => {
    await connect(popup, `${harness().url}/harness.json`);
    for (const row of ROWS) await popup.getByTestId(row).getByTestId('get-token').click();
    await popup.evaluate(() => window.scrollTo(0, 0));
    for (const row of ROWS) {
      await expect.poll(() => popup.getByTestId(row).getByTestId('token-state').textContent()).toMatch(/ left$/);
      const box = await popup.getByTestId(row).boundingBox();
      // Each whole row is inside the 600 px viewport, scrolled to the top.
      expect(box && box.y >= 0 && box.y + box.height <= 600, row).toBe(true);
    }
    expect(await popup.evaluate(() => document.scrollingElement?.scrollTop)).toBe(0);
    await audit('five tokens');
    await shot(popup, 'popup-list');
    await popup.emulateMedia({ colorScheme: 'dark' });
    await shot(popup, 'popup-list-dark');
    await popup.emulateMedia({ colorScheme: 'light' });
  });

  it('shows times as local time and relative, with claims on demand', async () => {
    const okta = await expand(popup.getByTestId('profile-harness-okta'));
    // Claims are folded until asked for.
    expect(await okta.getByTestId('token-claims').isVisible()).toBe(false);
    await okta.getByTestId('token-claims-details').locator('summary').click();
    expect(await okta.getByTestId('token-times').textContent()).toMatch(
      /^iat.+ \((just now|\d+ s ago)\)exp.+ \(in (59 min|1 h)\)$/,
    );
    await okta.getByTestId('check-signature').click();
    await okta.getByTestId('signature-check').waitFor();
    await audit('a profile open, claims shown');
    await okta.scrollIntoViewIfNeeded();
    await shot(popup, 'popup-token');
  });

  it('says what failed, at which IdP, in its words, and what to do; the older token is marked', async () => {
    await harness().control.faults.add({ tenant: 'okta', endpoint: 'token', fault: { type: 'status', status: 401 }, times: 1 });
    const okta = popup.getByTestId('profile-harness-okta');
    await okta.getByTestId('get-token').click();
    const problem = okta.getByTestId('token-error');
    await expect
      .poll(() => problem.getByTestId('problem-title').textContent())
      .toMatch(/^Token request refused by Okta at 127\.0\.0\.1:\d+ \(HTTP 401\)$/);
    // The explanation is shown, not folded into the raw body.
    expect(await problem.getByTestId('token-error-explanation').isVisible()).toBe(true);
    expect(await problem.getByTestId('problem-when').textContent()).toMatch(/^Failed at .+ \((just now|\d+ s ago)\)\. $/);
    expect(await okta.getByTestId('token-state').textContent()).toBe('last request failed');
    await okta.getByTestId('token-stale').waitFor();
    await audit('a refused token request');
  });

  it('asks before removing, naming what goes and where, with Cancel focused', async () => {
    const okta = await expand(popup.getByTestId('profile-harness-okta'));
    await okta.getByTestId('remove-profile').click();
    expect(await okta.getByTestId('confirm-question').textContent()).toContain('nothing changes at Okta');
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-no');
    await audit('a confirmation open');
    await okta.getByTestId('confirm-no').click();
    await okta.getByTestId('confirm').waitFor({ state: 'detached' });
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('remove-profile');
  });

  it('says Copied, then reads as itself again', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const curity = popup.getByTestId('profile-harness-curity');
    const copy = curity.getByTestId('copy-token-row');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied ✓');
    await expect.poll(() => copy.textContent(), { timeout: 4000 }).toBe('Copy');
  });

  it('opens the add form with its field errors, accessible', async () => {
    await popup.getByTestId('add-profile').click();
    const form = popup.getByTestId('profile-form');
    await form.getByTestId('profile-save').click();
    await form.getByTestId('profile-clientId-error').waitFor();
    await audit('the add form with errors');
    await popup.getByTestId('add-profile').click();
  });
});

describe('the Portal tab', () => {
  async function loadStrategies(): Promise<void> {
    await showTab(popup, 'Portal');
    const panel = popup.getByTestId('portal-register');
    // The portal the connected harness.json names is the default.
    expect(await panel.getByTestId('portal-url').inputValue()).toBe(harness().manifest.portal.url);
    await panel.getByTestId('portal-load').click();
    await panel.getByTestId('portal-strategy').waitFor();
  }

  it('says how to log in when the portal has no session for the developer', async () => {
    await showTab(popup, 'Portal');
    const panel = popup.getByTestId('portal-register');
    expect(await panel.getByTestId('portal-url').inputValue()).toBe(harness().manifest.portal.url);
    await panel.getByTestId('portal-load').click();
    const notice = popup.getByTestId('portal-notice');
    await expect.poll(() => notice.textContent()).toContain('not logged in to the portal');
    expect(await notice.getByTestId('portal-login-link').getAttribute('href')).toBe(`${harness().manifest.portal.url}/login`);
    await audit('portal: not logged in');
  });

  it('preselects the IdP the strategy names, and refuses another without a confirmation', async () => {
    const tab = await context.newPage();
    await logInToPortal(tab, harness().manifest.portal);
    await tab.close();
    await loadStrategies();
    const panel = popup.getByTestId('portal-register');
    await panel.getByTestId('portal-strategy').selectOption({ label: 'Okta client credentials' });
    expect(await panel.getByTestId('portal-link').inputValue()).toBe('harness:okta');

    // The developer picks the Auth0 profile (the default used to be the first profile, auth0).
    await panel.getByTestId('portal-link').selectOption('harness:auth0');
    expect(await panel.getByTestId('portal-link-mismatch').textContent()).toContain(
      'The auth strategy "Okta client credentials" names Okta, but "auth0 (Auth0)" is at Auth0',
    );
    await panel.getByTestId('portal-app-name').fill('Mismatched app');
    const apps = harness().control.requests('okta').length;
    await panel.getByTestId('portal-create').click();
    await expect.poll(() => panel.getByTestId('portal-notice').textContent()).toContain('tick "anyway"');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('portal-link-anyway');
    // Nothing was created at the IdP.
    expect(harness().control.requests('okta').length).toBe(apps);
    await audit('portal: strategy and IdP do not match');

    // Back to the strategy's IdP: created, and the secret shown once has a Copy button.
    await panel.getByTestId('portal-link').selectOption('harness:okta');
    expect(await panel.getByTestId('portal-link-mismatch').count()).toBe(0);
    await panel.getByTestId('portal-create').click();
    await expect.poll(() => panel.getByTestId('portal-notice').textContent()).toMatch(/^Created application; client /);
    await panel.getByTestId('portal-secret-copy').click();
    await expect.poll(() => panel.getByTestId('portal-secret-copy').textContent()).toBe('Copied ✓');
    await audit('portal: application created');
  });
});

describe('the Capture tab', () => {
  it('lists a capture with what the page said, and proposes the IdP its strategy names', async () => {
    const [worker] = context.serviceWorkers();
    await worker?.evaluate(
      (capture) =>
        (
          globalThis as unknown as { chrome: { storage: { session: { set(v: unknown): Promise<void> } } } }
        ).chrome.storage.session.set({ captures: [capture] }),
      {
        id: 'capture:1:demo',
        origin: harness().manifest.portal.url,
        clientId: OKTA.clientId,
        clientSecret: OKTA.clientSecret,
        source: 'konnect-v3',
        at: 1,
        context: { portal: 'dcr-kit developer portal', appName: 'Demo app', authStrategy: 'Okta client credentials' },
      },
    );
    await showTab(popup, 'Profiles');
    await showTab(popup, 'Capture');
    // The tab says a capture waits.
    await expect.poll(() => popup.getByRole('tab', { name: 'Capture' }).textContent()).toBe('Capture1 (1 waiting)');
    const capture = popup.getByTestId('capture');
    expect(await capture.getByTestId('capture-link').inputValue()).toBe('harness:okta');
    expect(await capture.getByTestId('capture-link-hint').textContent()).toContain('names Okta');
    await capture.getByTestId('capture-propose').click();
    await capture.getByTestId('capture-proposal').waitFor();
    await audit('capture: a capture and its proposal');
    await popup.evaluate(() => window.scrollTo(0, 0));
    await shot(popup, 'capture-list');
  });
});

describe('failures without an answer', () => {
  it('Get token with the IdP unreachable gives the hint Connect gives', async () => {
    await showTab(popup, 'Profiles');
    // A profile whose token endpoint refuses connections (a closed port on this machine).
    const reply = await sendFromPopup(popup, 'profile:save', {
      name: 'Down Okta',
      vendor: 'okta',
      endpointId: 'default',
      baseUrl: 'http://127.0.0.1:9/okta',
      authServerId: 'default',
      tenantId: '',
      target: 'api:read',
      clientId: OKTA.clientId,
      clientAuth: 'client_secret_basic',
      clientSecret: 'secret',
      rememberSecret: false,
    });
    expect(reply).toMatchObject({ ok: true });
    await popup.reload();
    const row = popup.getByRole('article', { name: 'Down Okta' });
    await row.getByTestId('get-token').click();
    const problem = row.getByTestId('token-error');
    await expect
      .poll(() => problem.getByTestId('problem-title').textContent())
      .toBe('Token request: no answer from Okta at 127.0.0.1:9');
    expect(await problem.getByTestId('token-error-explanation').textContent()).toMatch(
      /^Cannot reach http:\/\/127\.0\.0\.1:9: .+\. Is the harness running \(npm start\)\?$/,
    );
    await audit('an unreachable IdP');
  });

  it('a failed background re-fetch says when it failed and when it tries again', async () => {
    await harness().control.faults.add({
      tenant: 'curity',
      endpoint: 'token',
      fault: { type: 'status', status: 503, retryAfter: 120 },
      times: 1,
    });
    const [worker] = context.serviceWorkers();
    // Fire the re-fetch now instead of waiting for the token to near its expiry.
    await worker?.evaluate(() =>
      (
        globalThis as unknown as { chrome: { alarms: { create(name: string, info: { when: number }): void } } }
      ).chrome.alarms.create('refresh:harness:curity', { when: Date.now() }),
    );
    const row = popup.getByTestId('profile-harness-curity');
    // The popup reads the state when it opens.
    await expect
      .poll(
        async () => {
          await popup.reload();
          return (await row.getByTestId('problem-when').count()) > 0 ? row.getByTestId('problem-when').textContent() : '';
        },
        { timeout: 10_000 },
      )
      .toMatch(/^Failed at .+\. Tries again at .+ \(in (1 min|2 min|1\d\d s)\)\.$/);
    expect(await row.getByTestId('problem-title').textContent()).toMatch(
      /^Background re-fetch refused by Curity Identity Server at 127\.0\.0\.1:\d+ \(HTTP 503\)$/,
    );
    // Shown, not announced: it happened before this popup opened.
    expect(await row.getByTestId('token-error').locator('[role="alert"]').count()).toBe(0);
    await audit('a failed background re-fetch');
  });

  it('remembers the harness it connected to', async () => {
    await popup.reload();
    await popup.getByTestId('harness-fold').locator('summary').click();
    expect(await popup.getByTestId('harness-url').inputValue()).toBe(`${harness().url}/harness.json`);
  });
});

describe('keyboard only', () => {
  /** Presses Tab until `testId` has focus; returns how many presses it took (fails after `limit`). */
  async function tabTo(page: Page, testId: string, limit: number): Promise<number> {
    for (let presses = 1; presses <= limit; presses++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return presses;
    }
    throw new Error(`${testId} not reached in ${limit} Tab stops`);
  }

  it('reaches Connect, the first Get token and its Copy in a few Tab stops each', async () => {
    const fresh = await openPopup();
    try {
      const page = fresh.popup;
      await page.setViewportSize({ width: 400, height: 600 });
      await page.getByTestId('no-profiles').waitFor();
      // From the top: "Open in a tab", the tab list (one stop), the URL field.
      expect(await tabTo(page, 'harness-url', 4)).toBeLessThanOrEqual(3);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(`${harness().url}/harness.json`);
      await page.keyboard.press('Enter');
      await page.getByTestId(ROWS[0] as string).waitFor();
      // From Connect: the folded harness line, then the first row's name and its Get token.
      expect(await tabTo(page, 'get-token', 6)).toBeLessThanOrEqual(4);
      await page.keyboard.press('Enter');
      await page
        .getByTestId(ROWS[0] as string)
        .getByTestId('copy-token-row')
        .waitFor();
      // Copy sits before Get token in the row: one Shift+Tab back.
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('copy-token-row');
      // Arrow keys move between the tabs (one Tab stop for the whole list).
      await page.getByRole('tab', { name: 'Profiles' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Portal');
      expect(await page.getByRole('tab', { name: 'Portal' }).getAttribute('aria-selected')).toBe('true');
    } finally {
      await fresh.context.close();
    }
  });
});
