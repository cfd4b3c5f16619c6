/**
 * Moving around the popup as a user does: its sections are tabs, a profile's details open from its row, and a
 * destructive action asks first.
 */
import type { Locator, Page } from 'playwright-core';

export type Section = 'Profiles' | 'Portal' | 'Console' | 'Capture';

export async function showTab(page: Page, section: Section): Promise<void> {
  const tab = page.getByRole('tab', { name: section });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

/** Opens a profile row's details (its token, claims, snippets and client actions). */
export async function expand(card: Locator): Promise<Locator> {
  const toggle = card.getByTestId('profile-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await card.getByTestId('profile-details').waitFor();
  return card;
}

/** Clicks a destructive button and confirms; returns the question it asked. */
export async function confirmed(scope: Locator, testId: string): Promise<string> {
  await scope.getByTestId(testId).click();
  const question = (await scope.getByTestId('confirm-question').textContent()) ?? '';
  await scope.getByTestId('confirm-yes').click();
  return question;
}

/** Connects the popup to a harness.json (opening the folded "connect again" line when profiles exist). */
export async function connect(page: Page, url: string): Promise<void> {
  await showTab(page, 'Profiles');
  const fold = page.getByTestId('harness-fold');
  if ((await fold.count()) > 0 && (await fold.getAttribute('open')) === null) await fold.locator('summary').click();
  await page.getByTestId('harness-url').fill(url);
  await page.getByTestId('import-harness').click();
}

/** The profile row whose client id is `clientId` (its name comes from the app, the page or the capture). */
export function rowOf(page: Page, clientId: string): Locator {
  return page.locator('article.profile').filter({ has: page.locator('.meta code', { hasText: clientId }) });
}
