/**
 * The API console in Chromium with the built extension, against the harness gateway: headers and a body sent, the
 * answer readable (status reason, headers, a JSON tree operable by keyboard), a 401 explained, the profile the URL
 * names preselected, a bounded keyboard path, no horizontal overflow at 360–420 px, and axe-core clean in both themes.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { axeViolations, describeViolations } from '../helpers/axe';
import { openPopup } from '../helpers/browser';
import { showTab } from '../helpers/popup';

const harness = useHarness({}, { resetBeforeEach: false });
let context: BrowserContext;
let popup: Page;
let console_: Locator;

const api = (path: string) => `${harness().manifest.gateway.url}/${path}`;

/** Opens the Console tab. */
async function openConsole(page: Page): Promise<Locator> {
  await showTab(page, 'Console');
  const found = page.getByTestId('api-console');
  await found.waitFor();
  return found;
}

/** Clicks Send and waits for this request's outcome (an answer or a refusal): the console counts them in data-sent. */
async function send(): Promise<void> {
  const before = Number(await console_.getAttribute('data-sent'));
  await console_.getByTestId('console-send').click();
  await expect.poll(async () => Number(await console_.getAttribute('data-sent'))).toBe(before + 1);
}

/** Sends and expects an answer with `status`; a refusal fails with the console's own words. */
async function sendExpecting(status: number): Promise<void> {
  await send();
  const error = console_.getByTestId('console-error');
  if (await error.count()) throw new Error(`the console refused the request: ${await error.textContent()}`);
  expect(await console_.getByTestId('console-status').textContent()).toBe(String(status));
}

/** A clean request to the gateway's Okta API as harness:okta: no header rows, the given method and auth method. */
async function startRequest(method: string, auth: string, path = 'okta/anything'): Promise<void> {
  await console_.getByTestId('console-url').fill(api(path));
  await console_.getByTestId('console-profile').selectOption('harness:okta');
  const remove = console_.getByTestId('console-header-remove');
  while (await remove.count()) await remove.first().click();
  await console_.getByTestId('console-method').selectOption(method);
  await console_.getByTestId('console-auth').selectOption(auth);
}

const echo = async () => JSON.parse((await console_.getByTestId('console-body').textContent()) ?? '{}');

beforeAll(async () => {
  ({ context, popup } = await openPopup());
  await popup.getByTestId('harness-url').fill(`${harness().url}/harness.json`);
  await popup.getByTestId('import-harness').click();
  await popup.getByTestId('harness-status').filter({ hasText: 'Imported 5 profiles.' }).waitFor();
  console_ = await openConsole(popup);
}, 60_000);
afterAll(async () => {
  await context?.close();
});

describe('the API console', () => {
  it('preselects the profile the URL names until the user picks one', async () => {
    const profile = console_.getByTestId('console-profile');
    await console_.getByTestId('console-url').fill(api('curity/anything'));
    await expect.poll(() => profile.inputValue()).toBe('harness:curity');
    expect(await console_.getByTestId('console-profile-hint').textContent()).toBe('Chosen because the URL names curity.');
    await console_.getByTestId('console-url').fill(api('azure/anything'));
    await expect.poll(() => profile.inputValue()).toBe('harness:azure:v1');
    // The user's pick then stays, whatever the URL says.
    await profile.selectOption('harness:auth0');
    await console_.getByTestId('console-url').fill(api('okta/anything'));
    expect(await profile.inputValue()).toBe('harness:auth0');
    expect(await console_.getByTestId('console-profile-hint').count()).toBe(0);
    await profile.selectOption('harness:okta');
  });

  it('sends the user’s headers and a JSON body with its content type, and shows the echo as a tree', async () => {
    await startRequest('POST', 'client_credentials');
    await console_.getByTestId('console-header-add').click();
    await console_.getByTestId('console-header-name').fill('X-Trace');
    await console_.getByTestId('console-header-value').fill('trace-42');
    await console_.getByTestId('console-content-type').fill('application/json');
    await console_.getByTestId('console-request-body').fill('{"hello": "world", "n": [1, 2]}');
    await sendExpecting(200);
    expect(await console_.getByTestId('console-reason').textContent()).toBe('OK');
    const body = await echo();
    expect(body).toMatchObject({
      method: 'POST',
      path: '/anything',
      body: '{"hello": "world", "n": [1, 2]}',
      headers: { 'x-trace': 'trace-42', 'content-type': 'application/json' },
      consumer: { authMethod: 'client_credentials' },
    });
    // The echoed bearer token is redacted before it reaches the page.
    expect(body.headers.authorization).toBe('[redacted]');
    const tree = console_.getByTestId('console-json');
    expect(await tree.locator('summary').first().textContent()).toBe('Body {7}');
    expect(await tree.textContent()).toContain('x-trace: "trace-42"');
    // Response headers are collapsed until asked for.
    const headers = console_.getByTestId('console-headers');
    expect(await headers.getAttribute('open')).toBeNull();
    expect(await headers.textContent()).toMatch(/content-type\s*application\/json; charset=utf-8/);
  });

  it('refuses an invalid JSON body, a forbidden header and an Authorization the auth method sets, naming the field', async () => {
    await console_.getByTestId('console-request-body').fill('{"hello": }');
    await send();
    expect(await console_.getByTestId('console-error').textContent()).toMatch(/^body: not valid JSON: Unexpected token '}'/);
    // The previous 200 is gone: nothing on screen answers a request that was never sent.
    expect(await console_.getByTestId('console-answer').count()).toBe(0);
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('console-request-body');
    await console_.getByTestId('console-request-body').fill('{}');
    await console_.getByTestId('console-header-name').fill('Cookie');
    await send();
    expect(await console_.getByTestId('console-error').textContent()).toBe(
      'headers: Cookie is set by the browser, not by a page; choose "Session cookie only" to send the cookie jar',
    );
    await expect
      .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('console-header-name');
    await console_.getByTestId('console-header-name').fill('Authorization');
    await send();
    expect(await console_.getByTestId('console-error').textContent()).toBe(
      'headers: Authorization is set by the auth method (Client credentials (Basic, base64)); choose "No credentials" to send your own',
    );
    await console_.getByTestId('console-header-remove').click();
    expect(await console_.getByTestId('console-header-row').count()).toBe(0);
  });

  it('explains a 401 from the gateway’s WWW-Authenticate: no credentials, and a token from another IdP', async () => {
    await startRequest('GET', 'none');
    await sendExpecting(401);
    expect(await console_.getByTestId('console-reason').textContent()).toBe('Unauthorized');
    expect(await console_.getByTestId('console-explain-problem').textContent()).toBe(
      'No credentials were sent, and this API requires them.',
    );
    expect(await console_.getByTestId('console-explain-action').textContent()).toBe(
      'What to do: Choose an auth method (client credentials, bearer token or session cookie) and a profile.',
    );
    expect(await console_.getByTestId('console-explain-detail').textContent()).toBe('The server says: realm “kong”');

    // An Okta token at the Curity API: refused, and the console says where to get the right one.
    const card = popup.getByTestId('profile-harness-okta');
    await showTab(popup, 'Profiles');
    await card.getByTestId('get-token').click();
    await expect.poll(() => card.getByTestId('token-state').textContent()).toMatch(/ left$/);
    console_ = await openConsole(popup);
    await console_.getByTestId('console-url').fill(api('curity/anything'));
    await console_.getByTestId('console-profile').selectOption('harness:okta');
    await console_.getByTestId('console-auth').selectOption('bearer');
    await sendExpecting(401);
    expect(await console_.getByTestId('console-explain-problem').textContent()).toBe(
      'The API refused the token: it has expired, or was issued by another IdP or for another audience.',
    );
    expect(await console_.getByTestId('console-explain-action').textContent()).toContain('Get a new token in Profiles');
    await console_.getByTestId('console-url').fill(api('okta/anything'));
    await sendExpecting(200);
    expect(await console_.getByTestId('console-explain').count()).toBe(0);
  }, 30_000);

  it('takes six Tab stops from the URL to Send for a GET (eight with a body), one more to the response, all by keyboard', async () => {
    const active = () =>
      popup.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
    /** Tab presses from the focused element until `until` is focused (at most 40). */
    const tabsTo = async (until: string) => {
      for (let presses = 1; presses <= 40; presses++) {
        await popup.keyboard.press('Tab');
        if ((await active()) === until) return presses;
      }
      throw new Error(`${until} was not reached in 40 Tab presses`);
    };
    await startRequest('GET', 'client_credentials');
    await console_.getByTestId('console-url').focus();
    // URL, Method, Auth method, Profile, Add header, Send: every request needs the first four; Add header is the one
    // control a request with no headers passes; the count does not grow with profiles, cookies or the answer.
    expect(await tabsTo('console-send')).toBe(5);
    const before = Number(await console_.getAttribute('data-sent'));
    await popup.keyboard.press('Enter');
    await expect.poll(async () => Number(await console_.getAttribute('data-sent'))).toBe(before + 1);
    expect(await console_.getByTestId('console-status').textContent()).toBe('200');
    // The response follows Send: its headers (one stop), then the JSON tree's nodes.
    await console_.getByTestId('console-send').focus();
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toMatch(/^Response headers \(\d+\)$/);
    await popup.keyboard.press('Enter');
    expect(await console_.getByTestId('console-headers').getAttribute('open')).toBe('');
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Body {7}');
    const root = console_.getByTestId('console-json').locator('details').first();
    await popup.keyboard.press('Enter');
    await expect.poll(() => root.getAttribute('open')).toBeNull();
    await popup.keyboard.press('Space');
    await expect.poll(() => root.getAttribute('open')).toBe('');

    // A body adds its two fields: content type and body.
    await console_.getByTestId('console-method').selectOption('PATCH');
    await console_.getByTestId('console-url').focus();
    expect(await tabsTo('console-send')).toBe(7);
  });

  it('fits 360, 400 and 420 px wide with a response, headers, a body, cookies and a long profile name: nothing wider than the console', async () => {
    // A profile with a long name (issue 17: the profile select grew to 575 px), saved as the profile form saves one.
    const saved = await popup.evaluate(
      (payload) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime
          .sendMessage({ type: 'profile:save', payload })
          .then((r) => r.ok),
      {
        name: `Okta staging tenant for the payments team, ${'very '.repeat(12)}long name`,
        vendor: 'okta',
        endpointId: 'default',
        baseUrl: `${harness().url}/okta`,
        authServerId: 'default',
        tenantId: '',
        target: 'api:read',
        clientId: 'long-name-client',
        clientAuth: 'client_secret_basic',
        clientSecret: 'long-name-secret',
      },
    );
    expect(saved).toBe(true);
    await popup.reload();
    console_ = await openConsole(popup);
    expect(await console_.getByTestId('console-profile').locator('option').count()).toBe(6);
    await startRequest('POST', 'client_credentials');
    await console_.getByTestId('console-header-add').click();
    await console_.getByTestId('console-header-name').fill('X-A-Rather-Long-Header-Name-For-A-Narrow-Popup');
    await console_.getByTestId('console-header-value').fill('v'.repeat(200));
    await console_.getByTestId('console-request-body').fill(JSON.stringify({ long: 'w'.repeat(400) }));
    await sendExpecting(200);
    await console_.getByTestId('cookie-session').waitFor();
    const headers = console_.getByTestId('console-headers');
    if ((await headers.getAttribute('open')) === null) await headers.locator('summary').click();
    for (const width of [360, 400, 420]) {
      await popup.setViewportSize({ width, height: 600 });
      const overflow = await console_.evaluate((root) => {
        const edge = root.getBoundingClientRect().right;
        const wide = [...root.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > edge + 0.5)
          .map(
            (el) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`,
          );
        return { scroll: root.scrollWidth - root.clientWidth, wide };
      });
      expect({ width, ...overflow }).toEqual({ width, scroll: 0, wide: [] });
    }
    await console_.getByTestId('console-header-remove').click();
  }, 30_000);

  it('has no axe-core violations in light and dark mode, with a 200 tree and with a 401 explained', async () => {
    await popup.setViewportSize({ width: 400, height: 600 });
    await startRequest('GET', 'client_credentials');
    const check = async (state: string) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        await popup.emulateMedia({ colorScheme });
        const found = describeViolations(await axeViolations(popup, { include: '[data-testid="api-console"]' }));
        expect({ state, colorScheme, found }).toEqual({ state, colorScheme, found: [] });
      }
    };
    await sendExpecting(200);
    await check('200 with the JSON tree');
    await console_.getByTestId('console-auth').selectOption('none');
    await sendExpecting(401);
    await console_.getByTestId('console-explain').waitFor();
    await check('401 explained');
    await popup.emulateMedia({ colorScheme: null });
  }, 60_000);
});
