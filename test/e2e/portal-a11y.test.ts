/**
 * The developer portal's pages for keyboard and screen-reader users, in real Chromium (issue 17): every page and
 * state has no axe-core violation in the light and the dark colour scheme, fits a 360 px wide screen without
 * scrolling sideways, shows a focus ring on every Tab stop, and its two modals (the one-time credentials and the
 * delete confirmation) are dialogs that keep Tab inside and give focus back to the control that opened them.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { axeViolations, describeViolations } from '../helpers/axe';
import { launchChromium } from '../helpers/browser';
import { basic, send } from '../helpers/http';

const harness = useHarness({}, { resetBeforeEach: false });
let browser: Browser;
let page: Page;
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 360, height: 740 };

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: WIDE });
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
});

const portal = () => harness().manifest.portal.url;

/** axe-core's findings in both colour schemes, as readable lines; the page is left in the light scheme. */
async function violations(): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    found[colorScheme] = describeViolations(await axeViolations(page));
  }
  return found;
}

/** How far the page scrolls sideways at 360 px (0 when it fits); the viewport is restored after. */
async function overflowAt360(): Promise<number> {
  await page.setViewportSize(NARROW);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  await page.setViewportSize(WIDE);
  return overflow;
}

/**
 * The page is accessible in both schemes and fits 360 px. Soft: the walk goes on, so one run lists every state that
 * fails (a hard failure would leave the later states untested, timing out on the page it stopped at).
 */
async function expectAccessible(state: string): Promise<void> {
  expect.soft(await violations(), state).toEqual({ dark: [], light: [] });
  expect.soft(await overflowAt360(), `${state}: horizontal overflow at 360 px`).toBeLessThanOrEqual(0);
}

/** A short description of the focused element (what a test can compare), or "body" when nothing has focus. */
function focused(): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return e.getAttribute('data-testid') || e.id || e.textContent?.trim() || e.localName;
  });
}

/**
 * Tabs from the top of the page until focus comes back to an element seen before (at most 40 stops) and returns each
 * stop with whether it showed a focus ring (a solid outline of at least 2 px), plus every enabled control the page
 * shows, so a test can check that each is reached.
 */
async function tabWalk(): Promise<{ stops: { name: string; ring: boolean }[]; controls: string[] }> {
  // Tab's starting point at the top of the page (or of the open dialog): a focused element removed at once.
  await page.evaluate(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    (document.querySelector('dialog[open]') ?? document.body).prepend(start);
    start.focus();
    start.remove();
  });
  const stops: { name: string; ring: boolean }[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return undefined;
      const style = getComputedStyle(e);
      const ring = e.matches(':focus-visible') && style.outlineStyle === 'solid' && Number.parseFloat(style.outlineWidth) >= 2;
      const name = e.getAttribute('data-testid') || e.id;
      return { name: name || `${e.localName}:${e.textContent?.trim()}`, ring };
    });
    if (!stop || stops.some((s) => s.name === stop.name)) break;
    stops.push(stop);
  }
  const controls = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary')]
      .filter((e) => !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0 && !e.closest('[inert]'))
      .filter((e) => !document.querySelector('dialog[open]') || e.closest('dialog[open]'))
      .map((e) => {
        const name = e.getAttribute('data-testid') || e.id;
        return name || `${e.localName}:${e.textContent?.trim()}`;
      }),
  );
  return { stops, controls };
}

/** Every control is a Tab stop and every Tab stop shows a focus ring (soft, as above). */
async function expectKeyboardReachable(state: string): Promise<void> {
  const { stops, controls } = await tabWalk();
  expect
    .soft(
      stops.filter((s) => !s.ring).map((s) => s.name),
      `${state}: Tab stops without a focus ring`,
    )
    .toEqual([]);
  expect
    .soft(
      stops.map((s) => s.name),
      `${state}: controls Tab does not reach`,
    )
    .toEqual(expect.arrayContaining(controls));
}

/** Tab from the dialog's last control lands on its first, Shift+Tab from the first on the last. */
async function expectFocusTrapped(dialog: string, first: string, last: string): Promise<void> {
  await page.getByTestId(last).focus();
  await page.keyboard.press('Tab');
  expect(await focused(), `${dialog}: Tab from the last control`).toBe(first);
  await page.keyboard.press('Shift+Tab');
  expect(await focused(), `${dialog}: Shift+Tab from the first control`).toBe(last);
  // A whole round of Tabs never leaves the dialog.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate((d) => !!document.querySelector(`[data-testid=${d}]`)?.contains(document.activeElement), dialog),
    ).toBe(true);
  }
}

/** The dialog is a modal dialog named by its heading, and the page behind it is inert. */
async function expectModalDialog(testid: string, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name });
  expect(await dialog.getAttribute('data-testid')).toBe(testid);
  expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
  // The page behind is inert: its controls cannot take focus, even from script.
  const behind = await page.evaluate(() => {
    const before = document.activeElement as HTMLElement | null;
    const link = document.querySelector<HTMLElement>('header a');
    link?.focus();
    const moved = document.activeElement === link;
    before?.focus();
    return moved;
  });
  expect(behind, 'a link behind the dialog took focus').toBe(false);
}

describe('the developer portal for keyboard and screen-reader users, light and dark, at 360 px', () => {
  let clientId = '';
  let clientSecret = '';

  it('the login page and its error', async () => {
    await page.goto(`${portal()}/login`);
    await page.getByTestId('login-form').waitFor();
    await expectAccessible('login');
    await expectKeyboardReachable('login');
    await page.getByTestId('login-email').fill('developer@dcr-kit.test');
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-password').press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent()).not.toBe('');
    await expectAccessible('login error');
  });

  it('my applications, empty', async () => {
    await page.getByTestId('login-password').fill('dcr-kit-developer');
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL('**/my-apps');
    await page.getByTestId('no-applications').waitFor();
    await expectAccessible('my applications (empty)');
    await expectKeyboardReachable('my applications (empty)');
  });

  it('the create-application form', async () => {
    await page.getByTestId('create-application-button').click();
    await page.getByTestId('application-name-input').waitFor();
    await expectAccessible('create application');
    await expectKeyboardReachable('create application');
  });

  it('the one-time credentials modal: a named modal dialog that keeps focus and is closed only by Proceed', async () => {
    await page.getByTestId('application-name-input').fill('Orders app');
    await page.getByTestId('application-auth-strategy-select').selectOption({ label: 'Okta client credentials' });
    await page.getByTestId('application-create-button').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('copy-secret-modal').waitFor();
    await expectModalDialog('copy-secret-modal', 'Application credentials');
    expect(await focused(), 'focus moves into the dialog').toBe('copy-client-id');
    clientId = (await page.getByTestId('client-id-value').textContent()) ?? '';
    clientSecret = (await page.getByTestId('client-secret-value').textContent()) ?? '';
    await expectAccessible('credentials modal (create)');
    await expectKeyboardReachable('credentials modal (create)');
    await expectFocusTrapped('copy-secret-modal', 'copy-client-id', 'close-application-secret-modal');
    // A browser extension's button added at the end of the dialog in a closed shadow root (as dcr-kit's own Save
    // button is, extension/capture/content.ts) stays in the loop: Tab from Proceed reaches it, then the first control.
    await page.getByTestId('copy-secret-modal').evaluate((modal) => {
      const host = document.createElement('span');
      host.id = 'extension-host';
      const button = document.createElement('button');
      button.textContent = 'Save';
      host.attachShadow({ mode: 'closed' }).append(button);
      modal.append(host);
    });
    await page.getByTestId('close-application-secret-modal').focus();
    await page.keyboard.press('Tab');
    expect(await focused(), 'Tab from Proceed: the extension button').toBe('extension-host');
    await page.keyboard.press('Tab');
    expect(await focused(), 'Tab from the extension button').toBe('copy-client-id');
    await page.locator('#extension-host').evaluate((host) => host.remove());
    // Escape does not throw the only copy of the secret away: Proceed is the one way out.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('copy-secret-modal').isVisible()).toBe(true);
    await page.getByTestId('close-application-secret-modal').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/application/*');
  });

  it("an application's page", async () => {
    await page.getByTestId('application-client-id').waitFor();
    expect(await page.getByTestId('application-client-id').textContent()).toBe(clientId);
    await expectAccessible('application page');
    await expectKeyboardReachable('application page');
  });

  it('regenerating the secret: the modal again, and focus back on the button that opened it', async () => {
    await page.getByTestId('refresh-secret-button').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('copy-secret-modal').waitFor();
    const fresh = (await page.getByTestId('client-secret-value').textContent()) ?? '';
    expect(fresh).not.toBe(clientSecret);
    clientSecret = fresh;
    expect(await focused()).toBe('copy-client-id');
    await expectAccessible('credentials modal (regenerate)');
    await expectFocusTrapped('copy-secret-modal', 'copy-client-id', 'close-application-secret-modal');
    await page.getByTestId('close-application-secret-modal').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('copy-secret-modal').count()).toBe(0);
    expect(await focused(), 'focus returns to Refresh secret').toBe('refresh-secret-button');
  });

  it('the delete confirmation: a named modal dialog; Escape and Cancel close it and focus returns to Delete', async () => {
    const open = async () => {
      await page.getByTestId('application-delete-button').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('application-delete-modal').waitFor();
    };
    await open();
    await expectModalDialog('application-delete-modal', 'Delete Orders app?');
    expect(await focused(), 'focus moves to the safe choice').toBe('application-delete-cancel-button');
    await expectAccessible('delete dialog');
    await expectKeyboardReachable('delete dialog');
    await expectFocusTrapped('application-delete-modal', 'application-delete-confirm-button', 'application-delete-cancel-button');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('application-delete-modal').count()).toBe(0);
    expect(await focused(), 'Escape: focus returns to Delete').toBe('application-delete-button');
    await open();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('application-delete-modal').count()).toBe(0);
    expect(await focused(), 'Cancel: focus returns to Delete').toBe('application-delete-button');
    expect(await page.getByTestId('application-name').textContent()).toBe('Orders app');
  });

  it('my applications, with an application', async () => {
    await page.goto(`${portal()}/my-apps`);
    await page.getByTestId('application-row').waitFor();
    await expectAccessible('my applications (one)');
    await expectKeyboardReachable('my applications (one)');
  });

  it('the create-application form with an error (a name already taken)', async () => {
    await page.goto(`${portal()}/application/create`);
    await page.getByTestId('application-name-input').fill('Orders app');
    await page.getByTestId('application-create-button').click();
    await expect.poll(() => page.getByTestId('create-application-error').textContent()).toContain('already exists');
    await expectAccessible('create application (error)');
  });

  it('the API list, and the try-it page with a response shown', async () => {
    await page.goto(`${portal()}/apis`);
    await page.getByTestId('api-link').first().waitFor();
    await expectAccessible('APIs');
    await expectKeyboardReachable('APIs');
    await page.goto(`${portal()}/spec/okta`);
    await page.getByTestId('try-it-button').waitFor();
    expect(await page.title()).toBe('Try an API | dcr-kit developer portal');
    await expectAccessible('try it (no response)');
    await expectKeyboardReachable('try it');
    await page.getByTestId('try-it-button').click();
    await expect.poll(() => page.getByTestId('try-it-status').textContent()).toBe('401');
    await expectAccessible('try it (401)');
    const token = await send(`${harness().url}/okta/oauth2/default/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(clientId, clientSecret) },
      body: 'grant_type=client_credentials&scope=api:read',
    });
    await page.getByTestId('try-it-authorization').fill(`Bearer ${token.json.access_token}`);
    await page.getByTestId('try-it-button').click();
    await expect.poll(() => page.getByTestId('try-it-status').textContent()).toBe('200');
    await expectAccessible('try it (200, JSON shown)');
  });

  it('the home page (my applications) and the pages for an unknown API or application', async () => {
    for (const [path, state] of [
      ['/', 'home'],
      ['/spec/nowhere', 'unknown API'],
      ['/application/00000000-0000-4000-8000-000000000000', 'unknown application'],
    ] as const) {
      await page.goto(`${portal()}${path}`);
      await page.locator('main h1').waitFor();
      await expectAccessible(state);
      await expectKeyboardReachable(state);
    }
  });

  it('deleting for real from the dialog', async () => {
    await page.goto(`${portal()}/my-apps`);
    await page.getByRole('link', { name: 'Orders app' }).click();
    await page.getByTestId('application-delete-button').click();
    await page.getByTestId('application-delete-confirm-button').click();
    await page.waitForURL('**/my-apps');
    await page.getByTestId('no-applications').waitFor();
  });
});
