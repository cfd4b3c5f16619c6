import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { HarnessManifest } from '../../shared/harness/manifest';
import { postJson } from './http';
import type { TokenVendor } from './vendor-requests';

/** The portal's name for each API's auth strategy, as its strategy lists show them. */
export const STRATEGY_NAMES: Record<TokenVendor, string> = {
  auth0: 'Auth0 client credentials',
  okta: 'Okta client credentials',
  curity: 'Curity Identity Server client credentials',
  azure: 'Microsoft Entra ID client credentials',
  'dcr-bridge': 'HTTP DCR bridge (Okta client credentials)',
};

/** Logs the seeded developer in through the v3 API and returns the `portalaccesstoken=…` cookie pair. */
export async function portalLogin(portal: string): Promise<string> {
  const res = await postJson(`${portal}/api/v3/developer/authenticate`, {
    username: 'developer@dcr-kit.test',
    password: 'dcr-kit-developer',
  });
  expect(res.status).toBe(204);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('portalaccesstoken='));
  expect(cookie).toMatch(/^portalaccesstoken=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax$/);
  return (cookie as string).split(';')[0] as string;
}

/** The same developer logs in in a browser tab, as a user does: the HttpOnly cookie is then in that browser. */
export async function logInToPortal(page: Page, portal: HarnessManifest['portal']): Promise<void> {
  await page.goto(`${portal.url}/login`);
  await page.getByTestId('login-email').fill(portal.developer.username);
  await page.getByTestId('login-password').fill(portal.developer.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/my-apps');
}
