import type { BrowserContext, Locator, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { openPopup } from '../helpers/browser';
import { OKTA } from '../helpers/demo';
import { expand, rowOf, showTab } from '../helpers/popup';
import { logInToPortal } from '../helpers/portal';
import { SETTLED_MS, saveButton } from './closed-shadow';

const harness = useHarness({}, { resetBeforeEach: false });
let context: BrowserContext;
let popup: Page;

beforeAll(async () => {
  ({ context, popup } = await openPopup());
});
afterAll(async () => {
  await context?.close();
});

async function worker(): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** What the extension keeps in one storage area, as JSON text. */
async function storageText(area: 'local' | 'session'): Promise<string> {
  const sw = await worker();
  const value = await sw.evaluate(
    (name) =>
      (globalThis as unknown as { chrome: { storage: Record<string, { get(): Promise<unknown> }> } }).chrome.storage[name]?.get(),
    area,
  );
  return JSON.stringify(value);
}

/** The capture panel, opened again so it asks the background for the list. */
async function capturePanel(): Promise<Locator> {
  await showTab(popup, 'Profiles');
  await showTab(popup, 'Capture');
  return popup.getByTestId('capture-panel');
}

/** Creates an application on the harness portal and saves its one-time credentials with the real Save button. */
async function captureOnPortal(strategy: string): Promise<{ clientId: string; clientSecret: string }> {
  const portal = harness().manifest.portal.url;
  const page = await context.newPage();
  await logInToPortal(page, harness().manifest.portal);
  await page.goto(`${portal}/application/create`);
  await page.getByTestId('application-name-input').fill('First app');
  await page.getByTestId('application-auth-strategy-select').selectOption({ label: strategy });
  await page.getByTestId('application-create-button').click();
  await page.getByTestId('copy-secret-modal').waitFor();
  const clientId = (await page.getByTestId('client-id-value').textContent()) ?? '';
  const clientSecret = (await page.getByTestId('client-secret-value').textContent()) ?? '';
  const save = await saveButton(page);
  await page.waitForTimeout(SETTLED_MS);
  await save.click();
  await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
  await page.close();
  return { clientId, clientSecret };
}

/** Gets a token on the profile row of `clientId`; returns the credential claim its details show. */
async function tokenFor(clientId: string): Promise<string | null> {
  await showTab(popup, 'Profiles');
  const card = rowOf(popup, clientId);
  await card.getByTestId('get-token').click();
  await expand(card);
  await card.getByTestId('token-card').waitFor();
  return card.getByTestId('credential-claim').textContent();
}

describe('captures before any IdP profile', () => {
  it('shows a portal capture (secret masked, origin) and makes a working Okta profile of it', async () => {
    await popup.getByTestId('no-profiles').waitFor();
    const portal = harness().manifest.portal.url;
    let panel = await capturePanel();
    await panel.getByTestId('capture-origin').fill(portal);
    await panel.getByTestId('capture-enable').click();
    await expect.poll(() => panel.getByTestId('capture-origins').textContent()).toContain(portal);

    const { clientId, clientSecret } = await captureOnPortal('Okta client credentials');
    panel = await capturePanel();
    const capture = panel.getByTestId('capture').filter({ hasText: clientId });
    await capture.waitFor();
    expect(await capture.getByTestId('capture-client-id').textContent()).toBe(clientId);
    expect(await capture.getByTestId('capture-secret').textContent()).toBe(
      `${clientSecret.slice(0, 4)}… (${clientSecret.length} characters)`,
    );
    expect(await capture.getByTestId('capture-from').textContent()).toBe(portal);
    expect(await panel.textContent()).not.toContain(clientSecret);
    // No IdP profile to take settings from: only "Create profile".
    expect(await panel.getByTestId('capture-link').count()).toBe(0);

    await capture.getByTestId('capture-propose').click();
    const proposal = capture.getByTestId('capture-proposal');
    // The portal's modal names no IdP: the client id's shape does (Okta, 0oa…, 20 characters).
    expect(await proposal.getByTestId('capture-proposal-reason').allTextContents()).toEqual([
      'Okta: the client id looks like an Okta client id (0oa…, 20 characters)',
    ]);
    expect(await proposal.getByTestId('profile-vendor').inputValue()).toBe('okta');
    expect(await proposal.getByTestId('profile-endpointId').inputValue()).toBe('default');
    expect(await proposal.getByTestId('profile-authServerId').inputValue()).toBe('default');
    expect(await proposal.getByTestId('profile-clientId').inputValue()).toBe(clientId);
    expect(await proposal.getByTestId('profile-clientSecret').inputValue()).toBe('');
    // The user completes what the page did not say: the Okta domain and the scope.
    await proposal.getByTestId('profile-baseUrl').fill(`${harness().url}/okta`);
    await proposal.getByTestId('profile-target').fill(OKTA.scope);
    await proposal.getByTestId('profile-save').click();

    expect(await tokenFor(clientId)).toBe(clientId);
    // The secret moved from the capture into the profile, in session storage only; the capture is gone.
    await expect.poll(async () => (await capturePanel()).getByTestId('capture').count()).toBe(0);
    expect(await storageText('local')).not.toContain(clientSecret);
    const session = JSON.parse(await storageText('session')) as { captures?: unknown[]; secrets?: Record<string, string> };
    expect(session.captures ?? []).toEqual([]);
    expect(Object.values(session.secrets ?? {})).toContain(clientSecret);
  });

  it("reads the token endpoint from the issuer's discovery document once the user asks", async () => {
    const portal = harness().manifest.portal.url;
    const issuer = `${harness().url}/okta/oauth2/default`;
    // What a portal adapter reports along with the credentials (its page context), as the background stores it.
    const sw = await worker();
    await sw.evaluate(
      (capture) =>
        (
          globalThis as unknown as { chrome: { storage: { session: { set(v: unknown): Promise<void> } } } }
        ).chrome.storage.session.set({ captures: [capture] }),
      {
        id: 'capture:1:demo',
        origin: portal,
        clientId: OKTA.clientId,
        clientSecret: OKTA.clientSecret,
        source: 'konnect-v3',
        at: 1,
        context: { portal: 'dcr-kit developer portal', appName: 'Demo app', issuer, authStrategy: 'Okta client credentials' },
      },
    );
    const panel = await capturePanel();
    const capture = panel.getByTestId('capture').filter({ hasText: OKTA.clientId });
    await capture.waitFor();
    expect(await capture.getByTestId('capture-portal').textContent()).toBe('dcr-kit developer portal');
    expect(await capture.getByTestId('capture-issuer').textContent()).toBe(issuer);
    await capture.getByTestId('capture-propose').click();
    const proposal = capture.getByTestId('capture-proposal');
    expect(await proposal.getByTestId('capture-proposal-reason').allTextContents()).toEqual([
      'Okta: the auth strategy "Okta client credentials"',
    ]);
    // The issuer names no token endpoint by itself: nothing is proposed for it until its discovery document is read.
    expect(await proposal.getByTestId('profile-baseUrl').inputValue()).toBe('');
    await proposal.getByTestId('capture-discover').click();
    await expect.poll(() => proposal.getByTestId('profile-baseUrl').inputValue()).toBe(`${harness().url}/okta`);
    expect(await proposal.getByTestId('capture-proposal-reason').last().textContent()).toBe(
      `Okta token endpoint ${issuer}/v1/token (read from ${issuer}/.well-known/openid-configuration)`,
    );
    expect(await proposal.getByTestId('profile-authServerId').inputValue()).toBe('default');
    await proposal.getByTestId('profile-target').fill(OKTA.scope);
    await proposal.getByTestId('profile-save').click();
    expect(await tokenFor(OKTA.clientId)).toBe(OKTA.clientId);
  });

  it('has made its two context-menu entries (updating an entry that does not exist fails)', async () => {
    const sw = await worker();
    const updated = await sw.evaluate(async () => {
      const menus = (globalThis as unknown as { chrome: { contextMenus: { update(id: string, p: object): Promise<void> } } })
        .chrome.contextMenus;
      const tryUpdate = (id: string) =>
        menus.update(id, {}).then(
          () => 'ok',
          (e: Error) => e.message,
        );
      return [await tryUpdate('dcr-kit-pick-client-id'), await tryUpdate('dcr-kit-pick-client-secret'), await tryUpdate('nope')];
    });
    expect(updated.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(updated[2]).not.toBe('ok');
  });
});
