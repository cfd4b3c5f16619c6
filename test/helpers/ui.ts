/**
 * Moving around the popup as a user does, in either browser (a puppeteer `Page`: Chromium or Firefox, see driver.ts).
 * Everything is addressed by CSS selectors built from test ids, so a scope is a selector prefix: `tid('card', 'x')` is
 * the `x` inside `card`. Waits fail with what the page showed instead.
 */
import type { Page } from 'puppeteer-core';

export type Section = 'Profiles' | 'Portal' | 'Console' | 'Capture';

/** `[data-testid="a"] [data-testid="b"]`: `b` inside `a`. */
export const tid = (...ids: string[]): string => ids.map((id) => `[data-testid="${id}"]`).join(' ');

/** A selector's text now, or null when nothing matches. */
export function text(page: Page, selector: string): Promise<string | null> {
  return page.$eval(selector, (e) => e.textContent).catch(() => null);
}

/** Waits until the selector's text is (or matches) `want`; returns it. */
export async function waitText(page: Page, selector: string, want: string | RegExp, timeout = 10_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last: string | null = null;
  for (;;) {
    last = await text(page, selector);
    if (last !== null && (typeof want === 'string' ? last === want : want.test(last))) return last;
    if (Date.now() > deadline)
      throw new Error(`${selector}: waited ${timeout} ms for ${String(want)}, it shows ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for a value computed in Node (e.g. the harness's journal) to equal `want`. */
export async function until<T>(read: () => T | Promise<T>, want: T, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: T;
  for (;;) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(want)) return;
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${JSON.stringify(want)}, got ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A user acts in the tab in front: a background tab paints no frames, and a locator's click waits for the element to
 * be stable across animation frames (so would wait for ever in the popup's tab while a portal tab is in front).
 */
/** Waits for `testId` inside `card`; when it does not appear, the error carries what the card shows instead. */
export async function shown(page: Page, card: string, testId: string): Promise<void> {
  try {
    await page.waitForSelector(`${card} ${tid(testId)}`);
  } catch (error) {
    throw new Error(`${testId} did not appear; the card shows: ${await text(page, card)}`, { cause: error });
  }
}

export async function click(page: Page, selector: string): Promise<void> {
  await page.bringToFront();
  await scrollToMiddle(page, selector);
  await page.locator(selector).click();
}

/**
 * Brings the element to the middle of the view, as a person scrolls to what they click: the popup's tab list is
 * sticky, and an element scrolled only just into view sits under it, where a click lands on the tabs instead.
 */
async function scrollToMiddle(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector);
  await page.$eval(selector, (e) => e.scrollIntoView({ block: 'center', inline: 'nearest' }));
}

export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.bringToFront();
  await page.locator(selector).fill(value);
}

/** Chooses a `<select>`'s option by value. */
export async function choose(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector);
  const chosen = await page.select(selector, value);
  if (!chosen.includes(value)) throw new Error(`${selector}: no option with value ${JSON.stringify(value)}`);
}

/** Chooses a `<select>`'s option by its label. */
export async function chooseLabel(page: Page, selector: string, label: string): Promise<void> {
  await page.waitForSelector(`${selector} option`);
  const value = await page.$eval(
    selector,
    (s, l) => [...(s as HTMLSelectElement).options].find((o) => o.text === l)?.value,
    label,
  );
  if (value === undefined) throw new Error(`${selector}: no option labelled ${JSON.stringify(label)}`);
  await choose(page, selector, value);
}

export function inputValue(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => (e as HTMLInputElement).value);
}

export async function count(page: Page, selector: string): Promise<number> {
  return (await page.$$(selector)).length;
}

/** Waits until nothing matches (or what matches is hidden). */
export async function gone(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector, { hidden: true });
}

/** The test id of the element focused now. */
export function focused(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id);
}

export async function showTab(page: Page, section: Section): Promise<void> {
  const tab = `[role="tab"]#tab-${section.toLowerCase()}`;
  await page.waitForSelector(tab);
  if ((await page.$eval(tab, (e) => e.getAttribute('aria-selected'))) !== 'true') await click(page, tab);
}

/** Opens a profile row's details (its token, claims, snippets and client actions); returns the row's selector. */
export async function expand(page: Page, card: string): Promise<string> {
  const toggle = `${card} ${tid('profile-toggle')}`;
  await page.waitForSelector(toggle);
  if ((await page.$eval(toggle, (e) => e.getAttribute('aria-expanded'))) !== 'true') await click(page, toggle);
  await page.waitForSelector(`${card} ${tid('profile-details')}`);
  return card;
}

/**
 * Clicks a destructive button and confirms; returns the question it asked. Returns once the action is done: the
 * popup then gives focus back to the button (or to the list's heading when the button went), which may scroll it, so
 * a click aimed before that could land on whatever scrolled under it.
 */
export async function confirmed(page: Page, scope: string, testId: string): Promise<string> {
  await click(page, `${scope} ${tid(testId)}`);
  const question = await waitText(page, `${scope} ${tid('confirm-question')}`, /./);
  await click(page, `${scope} ${tid('confirm-yes')}`);
  await page.waitForFunction(
    (id) => {
      const active = document.activeElement;
      return active?.getAttribute('data-testid') === id || active?.id.startsWith('heading-');
    },
    {},
    testId,
  );
  return question;
}

/** Connects the popup to a harness.json (opening the folded "connect again" line when profiles exist). */
export async function connect(page: Page, url: string): Promise<void> {
  await showTab(page, 'Profiles');
  const fold = tid('harness-fold');
  if ((await count(page, fold)) > 0 && (await page.$eval(fold, (e) => e.hasAttribute('open'))) === false)
    await click(page, `${fold} summary`);
  await fill(page, tid('harness-url'), url);
  await click(page, tid('import-harness'));
}

/** Waits for the profile row that `matches` (by its accessible name or its client id) and returns its selector. */
async function rowWhere(page: Page, kind: 'name' | 'client', want: string, timeout = 10_000): Promise<string> {
  const handle = await page.waitForFunction(
    (k, w) => {
      const rows = [...document.querySelectorAll('article.profile')];
      const row =
        k === 'name'
          ? rows.find((r) => new RegExp(w).test(r.getAttribute('aria-label') ?? ''))
          : rows.find((r) => [...r.querySelectorAll('.meta code')].some((c) => c.textContent === w));
      return row?.getAttribute('data-testid') ?? false;
    },
    { timeout },
    kind,
    want,
  );
  return tid(String(await handle.jsonValue()));
}

/** The profile row whose client id is `clientId` (its name comes from the app, the page or the capture). */
export function rowOf(page: Page, clientId: string): Promise<string> {
  return rowWhere(page, 'client', clientId);
}

/** The profile row whose name matches `name` (a regular expression's source). */
export function rowNamed(page: Page, name: string): Promise<string> {
  return rowWhere(page, 'name', name);
}

/** The seeded developer logs in to the portal in a tab, as a user does: the HttpOnly cookie is then in that browser. */
export async function logIn(
  page: Page,
  portal: { url: string; developer: { username: string; password: string } },
): Promise<void> {
  await page.goto(`${portal.url}/login`);
  await fill(page, tid('login-email'), portal.developer.username);
  await fill(page, tid('login-password'), portal.developer.password);
  await click(page, tid('login-submit'));
  await page.waitForFunction(() => location.pathname.endsWith('/my-apps'));
}
