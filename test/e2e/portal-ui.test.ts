/**
 * A developer uses the portal in a real browser: logs in, creates an application and sees its secret once,
 * regenerates it, tries the API from the portal page, and deletes the application.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { launchChromium } from '../helpers/browser';
import { basic, send } from '../helpers/http';

const harness = useHarness({}, { resetBeforeEach: false });
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('the developer portal in Chromium', () => {
  let clientId = '';
  let clientSecret = '';

  it('sends a visitor to the login page, and logs the demo developer in', async () => {
    const portal = harness().manifest.portal.url;
    await page.goto(`${portal}/my-apps`);
    await page.waitForURL('**/login');
    await page.getByTestId('login-email').fill('developer@dcr-kit.test');
    await page.getByTestId('login-password').fill('wrong password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('You have entered an invalid email or password.');
    await page.getByTestId('login-password').fill('dcr-kit-developer');
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/my-apps');
    expect(await page.getByTestId('no-applications').isVisible()).toBe(true);
  });

  it('creates an application and shows its client id and secret once, in the copy-secret modal', async () => {
    await page.getByTestId('create-application-button').click();
    await page.getByTestId('application-name-input').fill('Orders app');
    await page.getByTestId('application-auth-strategy-select').selectOption({ label: 'Okta client credentials' });
    await page.getByTestId('application-create-button').click();
    const modal = page.getByTestId('copy-secret-modal');
    await modal.waitFor();
    expect(await modal.getAttribute('class')).toContain('application-secret-modal');
    expect(await modal.textContent()).toContain('Store these values, they will only be shown once.');
    clientId = (await page.getByTestId('client-id-value').textContent()) ?? '';
    clientSecret = (await page.getByTestId('client-secret-value').textContent()) ?? '';
    expect(clientId).toMatch(/^0oa/);
    const token = await send(`${harness().manifest.gateway.url}/okta/anything`, { headers: basic(clientId, clientSecret) });
    expect(token.status).toBe(200);
    await page.getByTestId('close-application-secret-modal').click();
    await page.waitForURL('**/application/*');
    expect(await page.getByTestId('application-client-id').textContent()).toBe(clientId);
    expect(await page.content()).not.toContain(clientSecret);
  });

  it('regenerates the secret from the application page', async () => {
    await page.getByTestId('refresh-secret-button').click();
    await page.getByTestId('copy-secret-modal').waitFor();
    const fresh = (await page.getByTestId('client-secret-value').textContent()) ?? '';
    expect(fresh).not.toBe(clientSecret);
    await page.getByTestId('close-application-secret-modal').click();
    clientSecret = fresh;
  });

  it('tries the API from the portal page: 401 without credentials, 200 with a bearer token', async () => {
    await page.goto(`${harness().manifest.portal.url}/spec/okta`);
    await page.getByTestId('try-it-button').click();
    await expect.poll(() => page.getByTestId('try-it-status').textContent()).toBe('401');
    const token = await send(`${harness().url}/okta/oauth2/default/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(clientId, clientSecret) },
      body: 'grant_type=client_credentials&scope=api:read',
    });
    await page.getByTestId('try-it-authorization').fill(`Bearer ${token.json.access_token}`);
    await page.getByTestId('try-it-button').click();
    await expect.poll(() => page.getByTestId('try-it-status').textContent()).toBe('200');
    expect(JSON.parse((await page.getByTestId('try-it-response').textContent()) ?? '{}').consumer.credential).toBe(clientId);
  });

  it('deletes the application after confirmation; its client stops working', async () => {
    await page.goto(`${harness().manifest.portal.url}/my-apps`);
    await page.getByRole('link', { name: 'Orders app' }).click();
    await page.getByTestId('application-delete-button').click();
    await page.getByTestId('application-delete-confirm-button').click();
    await page.waitForURL('**/my-apps');
    await page.getByTestId('no-applications').waitFor();
    const res = await send(`${harness().manifest.gateway.url}/okta/anything`, { headers: basic(clientId, 'anything') });
    expect(res.status).toBe(401);
  });
});
