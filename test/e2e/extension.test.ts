import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { openPopup } from '../helpers/browser';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { confirmed, connect, expand, rowOf, showTab } from '../helpers/popup';
import { logInToPortal } from '../helpers/portal';
import { shot } from '../helpers/screenshots';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';
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

/** The text of `testId` inside `card`; when it does not appear, the error carries what the card shows instead. */
async function textIn(card: Locator, testId: string): Promise<string | null> {
  try {
    await card.getByTestId(testId).waitFor();
  } catch (error) {
    throw new Error(`${testId} did not appear; the card shows: ${await card.textContent().catch(() => '(gone)')}`, {
      cause: error,
    });
  }
  return card.getByTestId(testId).textContent();
}

/** The capture list as the popup shows it when opened again (it is read when the Capture tab opens). */
async function relist(): Promise<void> {
  await showTab(popup, 'Profiles');
  await showTab(popup, 'Capture');
}

/** Opens the popup's capture panel and enables capture on `origin`; returns the panel. */
async function enableCapture(origin: string): Promise<Locator> {
  await showTab(popup, 'Capture');
  const panel = popup.getByTestId('capture-panel');
  await panel.getByTestId('capture-origin').fill(origin);
  await panel.getByTestId('capture-enable').click();
  await expect.poll(() => panel.getByTestId('capture-origins').textContent()).toContain(origin);
  return panel;
}

/**
 * A countdown as the popup words it: "23 h 59 min left", "59 min left", "45 s left"; Auth0's 24 h token reads "1 day
 * left" while the popup's once-a-second clock has not ticked past the moment it was obtained.
 */
const LEFT = /^(1 day|\d+ h( \d+ min)?|\d+ min|\d+ s) left$/;

const profiles = [
  {
    testId: 'profile-harness-auth0',
    tenant: 'auth0',
    clientId: AUTH0.clientId,
    claim: 'azp',
    jwks: (u: string) => `${u}/auth0/.well-known/jwks.json`,
  },
  {
    testId: 'profile-harness-okta',
    tenant: 'okta',
    clientId: OKTA.clientId,
    claim: 'cid',
    jwks: (u: string) => `${u}/okta/oauth2/default/v1/keys`,
  },
  {
    testId: 'profile-harness-curity',
    tenant: 'curity',
    clientId: CURITY.clientId,
    claim: 'sub',
    jwks: (u: string) => `${u}/curity/oauth/v2/oauth-anonymous/jwks`,
  },
  {
    testId: 'profile-harness-azure-v2',
    tenant: 'azure',
    clientId: AZURE.clientId,
    claim: 'appid',
    jwks: (u: string) => `${u}/azure/${AZURE.tenantId}/discovery/v2.0/keys`,
  },
  {
    testId: 'profile-harness-azure-v1',
    tenant: 'azure',
    clientId: AZURE.clientId,
    claim: 'appid',
    jwks: (u: string) => `${u}/azure/${AZURE.tenantId}/discovery/keys`,
  },
];

describe('the dcr-kit popup in Chromium', () => {
  it('starts empty and imports every tenant from harness.json', async () => {
    await popup.getByTestId('no-profiles').waitFor();
    await connect(popup, `${harness().url}/harness.json`);
    await expect.poll(() => popup.getByTestId('harness-status').textContent()).toBe('Imported 5 profiles.');
    for (const p of profiles) await popup.getByTestId(p.testId).waitFor();
  });

  it.each(profiles)('$testId: gets a token with the vendor request, shows its claims, and the token verifies', async (p) => {
    const card = popup.getByTestId(p.testId);
    await card.getByTestId('get-token').click();
    // The row shows the countdown; the details show the token.
    await expect.poll(() => card.getByTestId('token-state').textContent()).toMatch(LEFT);
    await expand(card);
    await card.getByTestId('token-card').waitFor();
    expect(await card.getByTestId('credential-claim').textContent()).toBe(p.clientId);
    const claims = JSON.parse((await card.getByTestId('token-claims').textContent()) ?? '{}');
    expect(claims[p.claim]).toBe(p.clientId);
    expect(await card.getByTestId('token-expiry').textContent()).toMatch(LEFT);
    const token = (await card.getByTestId('access-token').textContent()) ?? '';
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(p.jwks(harness().url))));
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    // Always POST (Kong's Azure guide shows GET, which Entra refuses).
    expect(harness().control.requests(p.tenant, { clientId: p.clientId }).at(-1)).toMatchObject({ method: 'POST', status: 200 });
  });

  it('sends each vendor its own request: Auth0 audience, Okta Basic + scope, Entra v2 scope=…/.default and v1 resource', () => {
    const last = (tenant: string, clientId: string) => harness().control.requests(tenant, { clientId }).at(-1);
    expect(last('auth0', AUTH0.clientId)).toMatchObject({
      clientAuth: 'client_secret_post',
      params: { audience: AUTH0.audience, client_secret: '[redacted]' },
    });
    expect(last('okta', OKTA.clientId)).toMatchObject({
      clientAuth: 'client_secret_basic',
      params: { grant_type: 'client_credentials', scope: 'api:read' },
    });
    const azure = harness().control.requests('azure', { clientId: AZURE.clientId });
    expect(azure.map((r) => [r.path.endsWith('/v2.0/token') ? 'v2' : 'v1', r.params.scope ?? r.params.resource])).toEqual([
      ['v2', `${AZURE.resource}/.default`],
      ['v1', AZURE.resource],
    ]);
  });

  it('keeps the client secret out of storage.local', async () => {
    const [worker] = context.serviceWorkers();
    const local = await worker?.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<unknown> } } } }).chrome.storage.local.get(),
    );
    expect(JSON.stringify(local)).toContain(OKTA.clientId);
    expect(JSON.stringify(local)).not.toContain(OKTA.clientSecret);
  });
});

const registrations: { parent: string; parentId: string; vendor: TokenVendor; method?: string; claim: string }[] = [
  { parent: 'profile-harness-auth0', parentId: 'harness:auth0', vendor: 'auth0', claim: 'azp' },
  { parent: 'profile-harness-okta', parentId: 'harness:okta', vendor: 'okta', method: 'okta-clients', claim: 'cid' },
  { parent: 'profile-harness-okta', parentId: 'harness:okta', vendor: 'dcr-bridge', method: 'konnect-http-bridge', claim: 'cid' },
  { parent: 'profile-harness-curity', parentId: 'harness:curity', vendor: 'curity', claim: 'sub' },
  { parent: 'profile-harness-azure-v1', parentId: 'harness:azure:v1', vendor: 'azure', claim: 'appid' },
];

describe('registering clients from the popup', () => {
  it.each(registrations)(
    '$vendor: registers a client, gets a token for it, rotates the secret (the old one is refused), deletes it',
    async (r) => {
      const parent = await expand(popup.getByTestId(r.parent));
      await parent.getByTestId('register-name').fill(`e2e ${r.vendor}`);
      if (r.method) await parent.getByTestId('register-method').selectOption(r.method);
      await parent.getByTestId('register-client').click();
      const notice = parent.getByTestId('client-notice');
      await expect.poll(() => notice.textContent()).toMatch(/^Registered client /);
      const clientId = /Registered client (\S+?)\./.exec((await notice.textContent()) ?? '')?.[1] ?? '';
      const firstSecret = (await notice.getByTestId('client-secret').textContent()) ?? '';
      expect((await vendorToken(r.vendor, harness().url, clientId, firstSecret)).status).toBe(200);

      const card = popup.getByTestId(`profile-${`${r.parentId}/client/${clientId}`.replace(/[^a-z0-9]+/gi, '-')}`);
      await card.getByTestId('get-token').click();
      await expand(card);
      expect(await card.getByTestId('credential-claim').textContent()).toBe(clientId);
      expect(JSON.parse((await card.getByTestId('token-claims').textContent()) ?? '{}')[r.claim]).toBe(clientId);

      expect(await confirmed(card, 'rotate-secret')).toMatch(new RegExp(`^Rotate the secret of ${clientId} at `));
      await expect.poll(() => card.getByTestId('client-notice').textContent()).toMatch(/^New secret issued/);
      const newSecret = (await card.getByTestId('client-secret').textContent()) ?? '';
      expect(newSecret).not.toBe(firstSecret);
      expect((await vendorToken(r.vendor, harness().url, clientId, firstSecret)).status).toBeGreaterThanOrEqual(400);
      await card.getByTestId('get-token').click();
      await card.getByTestId('token-card').waitFor();

      expect(await confirmed(card, 'delete-client')).toMatch(new RegExp(`^Delete the client ${clientId} at `));
      await card.waitFor({ state: 'detached' });
      // Focus does not drop to <body>: it goes to the list's heading.
      await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('heading-profiles');
      expect((await vendorToken(r.vendor, harness().url, clientId, newSecret)).status).toBeGreaterThanOrEqual(400);
    },
  );

  it("shows the vendor's refusal in plain words (a duplicate Okta client name)", async () => {
    const parent = await expand(popup.getByTestId('profile-harness-okta'));
    await parent.getByTestId('register-method').selectOption('okta-clients');
    await parent.getByTestId('register-name').fill('dcr-kit demo service');
    await parent.getByTestId('register-client').click();
    await expect
      .poll(() => parent.getByTestId('client-notice').textContent())
      .toBe('Okta create client: client_name: An object with this field already exists in the current organization');
  });
});

describe('automatic re-fetch', () => {
  it('fetches a new token when the refresh alarm fires, with the same request', async () => {
    const card = popup.getByTestId('profile-harness-curity');
    const before = harness().control.requests('curity', { clientId: CURITY.clientId }).length;
    const [worker] = context.serviceWorkers();
    // Fire the scheduled alarm now instead of waiting for the token to near its expiry.
    await worker?.evaluate(() =>
      (
        globalThis as unknown as { chrome: { alarms: { create(name: string, info: { when: number }): void } } }
      ).chrome.alarms.create('refresh:harness:curity', {
        when: Date.now(),
      }),
    );
    await expect
      .poll(() => harness().control.requests('curity', { clientId: CURITY.clientId }).length, { timeout: 10_000 })
      .toBe(before + 1);
    const [previous, latest] = harness().control.requests('curity', { clientId: CURITY.clientId }).slice(-2);
    expect(latest?.params).toEqual(previous?.params);
    expect(latest?.status).toBe(200);
    await expand(card);
    await card.getByTestId('token-card').waitFor();
  });
});

describe('failures the IdP produces (fault injection)', () => {
  it('shows a 429 with its Retry-After and the vendor body, then gets a token once the IdP recovers', async () => {
    const card = popup.getByTestId('profile-harness-okta');
    harness().control.faults.add({
      tenant: 'okta',
      endpoint: 'token',
      fault: { type: 'status', status: 429, retryAfter: 30 },
      times: 1,
    });
    await card.getByTestId('get-token').click();
    const error = card.getByTestId('token-error');
    await expect.poll(() => error.textContent()).toContain('HTTP 429');
    expect(await error.getByTestId('problem-title').textContent()).toMatch(
      /^Token request refused by Okta at 127\.0\.0\.1:\d+ \(HTTP 429\)$/,
    );
    expect(await error.textContent()).toContain('Retry after 30 s');
    expect(await error.locator('pre').textContent()).toContain('"errorCode":"E0000047"');
    // The token obtained before is marked as not the latest word.
    await expand(card);
    await card.getByTestId('token-stale').waitFor();
    expect(await card.getByTestId('token-state').textContent()).toBe('last request failed');
    await card.getByTestId('get-token').click();
    await expect.poll(() => card.getByTestId('token-error').count()).toBe(0);
    await card.getByTestId('token-card').waitFor();
    expect(await card.getByTestId('token-stale').count()).toBe(0);
  });

  it('says when a rotated key is being retired, and when it is no longer published', async () => {
    const card = await expand(popup.getByTestId('profile-harness-okta'));
    await card.getByTestId('token-claims-details').locator('summary').click();
    const check = async () => {
      await card.getByTestId('check-signature').click();
      return card.getByTestId('signature-check');
    };
    const fresh = await check();
    await expect.poll(() => fresh.textContent()).toMatch(/^The signature is valid \(key /);
    const kid = JSON.parse((await card.getByTestId('token-header').textContent()) ?? '{}').kid;
    harness().control.clock.freeze();
    const rotated = await harness().control.rotateKey('okta', 60);
    expect(rotated.previousKid).toBe(kid);
    const retiring = await check();
    await expect
      .poll(() => retiring.textContent())
      .toBe(
        `The signature is valid, but key ${kid} is being retired (the IdP now signs with ${rotated.kid}): this token works until the old key leaves the JWKS.`,
      );
    harness().control.clock.advance(61);
    const gone = await check();
    await expect.poll(() => gone.textContent()).toMatch(new RegExp(`^Signed with key ${kid}, which the IdP no longer publishes`));
    expect(await gone.getAttribute('role')).toBe('alert');
    // A new token is signed with the new key, and checks out.
    await card.getByTestId('get-token').click();
    await expect
      .poll(async () => JSON.parse((await card.getByTestId('token-header').textContent()) ?? '{}').kid)
      .toBe(rotated.kid);
    // The verdict on the old token is not left next to the new one.
    expect(await card.getByTestId('signature-check').count()).toBe(0);
    const after = await check();
    await expect.poll(() => after.textContent()).toMatch(/^The signature is valid \(key /);
    harness().control.clock.reset();
  });
});

describe('profiles typed in by the user', () => {
  it('adds an Okta profile by hand (field errors first), gets a token with it, and removes it', async () => {
    await popup.getByTestId('add-profile').click();
    const form = popup.getByTestId('profile-form');
    await form.getByTestId('profile-name').fill('Manual Okta');
    await form.getByTestId('profile-vendor').selectOption('okta');
    await form.getByTestId('profile-baseUrl').fill(`${harness().url}/okta`);
    await form.getByTestId('profile-target').fill('api:read');
    await form.getByTestId('profile-save').click();
    await expect.poll(() => form.getByTestId('profile-clientId-error').textContent()).toBe('enter the client id');

    await form.getByTestId('profile-discover').click();
    await expect
      .poll(() => form.getByTestId('profile-status').textContent())
      .toContain(`token endpoint ${harness().url}/okta/oauth2/default/v1/token`);
    await form.getByTestId('profile-clientId').fill(OKTA.clientId);
    await form.getByTestId('profile-clientSecret').fill(OKTA.clientSecret);
    await form.getByTestId('profile-save').click();

    const card = popup.getByRole('article', { name: 'Manual Okta' });
    await card.getByTestId('get-token').click();
    await expand(card);
    expect(await card.getByTestId('credential-claim').textContent()).toBe(OKTA.clientId);

    const [worker] = context.serviceWorkers();
    type Area = { get(): Promise<Record<string, unknown>> };
    const areas = await worker?.evaluate(async () => {
      const storage = (globalThis as unknown as { chrome: { storage: { local: Area; session: Area } } }).chrome.storage;
      return { local: JSON.stringify(await storage.local.get()), session: JSON.stringify(await storage.session.get()) };
    });
    expect(areas?.session).toContain(OKTA.clientSecret);
    expect(areas?.local).not.toContain(OKTA.clientSecret);

    // The API console is set to this profile when it is removed: it falls back to one that still exists, never to a
    // blank choice that would send for a profile that is gone.
    await showTab(popup, 'Console');
    const consoleProfile = popup.getByTestId('api-console').getByTestId('console-profile');
    await consoleProfile.selectOption({ label: 'Manual Okta' });
    await showTab(popup, 'Profiles');
    // Remove asks first, names what goes and where (only here); Cancel keeps it and gives focus back.
    await expand(card);
    await card.getByTestId('remove-profile').click();
    expect(await card.getByTestId('confirm-question').textContent()).toBe(
      'Remove the profile "Manual Okta" from dcr-kit? Only this browser forgets it (its secret and token too); nothing changes at Okta.',
    );
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm-no');
    await popup.keyboard.press('Escape');
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('remove-profile');
    await confirmed(card, 'remove-profile');
    await card.waitFor({ state: 'detached' });
    await showTab(popup, 'Console');
    const first = await consoleProfile.locator('option').first().getAttribute('value');
    expect(first).toBe('harness:auth0');
    expect(await consoleProfile.inputValue()).toBe(first);
  });
});

describe('the API console, the session cookie and header injection', () => {
  const gatewayUrl = () => `${harness().manifest.gateway.url}/okta/anything`;

  it('calls the gateway with client credentials, then with the session cookie alone, and clears the cookie', async () => {
    await showTab(popup, 'Console');
    const console_ = popup.getByTestId('api-console');
    await console_.getByTestId('console-url').fill(gatewayUrl());
    await console_.getByTestId('console-profile').selectOption('harness:okta');
    await console_.getByTestId('console-auth').selectOption('client_credentials');
    await console_.getByTestId('console-send').click();
    await expect.poll(() => console_.getByTestId('console-status').textContent()).toBe('200');
    expect(JSON.parse((await console_.getByTestId('console-body').textContent()) ?? '{}').consumer).toMatchObject({
      authMethod: 'client_credentials',
      credential: OKTA.clientId,
    });

    const cookie = console_.getByTestId('cookie-session');
    expect(await cookie.textContent()).toMatch(/HttpOnly · SameSite=lax · not Secure · session cookie \(no Expires\)/);
    await console_.getByTestId('cookie-format').selectOption('netscape');
    await console_.getByTestId('cookie-export').click();
    await expect
      .poll(() => console_.getByTestId('cookie-exported').textContent())
      .toMatch(/^# Netscape HTTP Cookie File\n#HttpOnly_127\.0\.0\.1\tFALSE\t\/\tFALSE\t0\tsession\t.{4}… \(\d+ characters\)$/);

    await console_.getByTestId('console-auth').selectOption('session');
    await console_.getByTestId('console-send').click();
    await expect
      .poll(async () => JSON.parse((await console_.getByTestId('console-body').textContent()) ?? '{}').consumer?.authMethod)
      .toBe('session');

    // Clear acts on the URL the list was read for, even once another origin is typed (cookies are per host).
    await console_.getByTestId('console-url').fill(gatewayUrl().replace('127.0.0.1', 'localhost'));
    await console_.getByTestId('clear-cookie-session').click();
    await cookie.waitFor({ state: 'detached' });
    await console_.getByTestId('console-url').fill(gatewayUrl());
    await console_.getByTestId('console-send').click();
    await expect.poll(() => console_.getByTestId('console-status').textContent()).toBe('401');
  });

  it("makes the portal's own Try it work only while header injection is on", async () => {
    await showTab(popup, 'Profiles');
    const okta = popup.getByTestId('profile-harness-okta');
    await okta.getByTestId('get-token').click();
    await expand(okta);
    await okta.getByTestId('token-card').waitFor();
    const portal = await context.newPage();
    await portal.goto(`${harness().manifest.portal.url}/spec/okta`);
    const tryIt = async () => {
      await portal.getByTestId('try-it-status').evaluate((el) => {
        el.textContent = '…';
      });
      await portal.getByTestId('try-it-button').click();
      await expect.poll(() => portal.getByTestId('try-it-status').textContent()).not.toBe('…');
      return portal.getByTestId('try-it-status').textContent();
    };
    expect(await tryIt()).toBe('401');

    await showTab(popup, 'Console');
    const console_ = popup.getByTestId('api-console');
    await console_.getByTestId('console-url').fill(gatewayUrl());
    await console_.getByTestId('console-profile').selectOption('harness:okta');
    await console_.getByTestId('console-inject').click();
    await console_.getByTestId('console-injecting').waitFor();
    expect(await tryIt()).toBe('200');
    expect(JSON.parse((await portal.getByTestId('try-it-response').textContent()) ?? '{}').consumer).toMatchObject({
      authMethod: 'bearer',
      credential: OKTA.clientId,
    });

    await console_.getByTestId('console-inject').click();
    await console_.getByTestId('console-injecting').waitFor({ state: 'detached' });
    // The gateway answered the injected bearer request with a session cookie (Kong does), which alone still
    // authenticates: clear it from the console, and the page is back to 401.
    await console_.getByTestId('console-auth').selectOption('none');
    await console_.getByTestId('console-send').click();
    await console_.getByTestId('clear-cookie-session').click();
    await console_.getByTestId('cookie-session').waitFor({ state: 'detached' });
    expect(await tryIt()).toBe('401');
    await portal.close();
  });
});

describe('registering through the portal from the popup, with the developer session', () => {
  it.each([
    { version: 'v3', strategy: 'Okta client credentials', link: 'harness:okta', vendor: 'okta' as const, claim: 'cid' },
    {
      version: 'v2',
      strategy: 'Curity Identity Server client credentials',
      link: 'harness:curity',
      vendor: 'curity' as const,
      claim: 'sub',
    },
  ])('$version / $vendor: creates an application, gets a token, regenerates the secret, deletes it', async (c) => {
    // The developer logs in to the portal in a tab: the HttpOnly portalaccesstoken cookie is what the extension uses.
    const portalTab = await context.newPage();
    const portal = harness().manifest.portal.url;
    await logInToPortal(portalTab, harness().manifest.portal);
    await portalTab.close();

    await showTab(popup, 'Portal');
    const panel = popup.getByTestId('portal-register');
    await panel.getByTestId('portal-url').fill(portal);
    await panel.getByTestId('portal-version').selectOption(c.version);
    // Strategies loaded for another version (the previous case's) are gone: only this version's list is offered.
    expect(await panel.getByTestId('portal-strategy').count()).toBe(0);
    await panel.getByTestId('portal-load').click();
    await panel.getByTestId('portal-strategy').selectOption({ label: c.strategy });
    // The strategy names its IdP: that profile is preselected, with the reason.
    expect(await panel.getByTestId('portal-link').inputValue()).toBe(c.link);
    expect(await panel.getByTestId('portal-link-hint').textContent()).toContain(`the auth strategy "${c.strategy}" names`);
    await panel.getByTestId('portal-app-name').fill(`Popup ${c.version} app`);
    const notice = panel.getByTestId('portal-notice');
    const current = async () => ((await notice.count()) > 0 ? await notice.textContent() : null);
    const before = await current();
    await panel.getByTestId('portal-create').click();
    await expect.poll(async () => (await current()) !== before).toBe(true);
    await expect.poll(() => panel.getByTestId('portal-notice').textContent()).toMatch(/^Created application; client /);
    const clientId = /client (\S+?)\./.exec((await panel.getByTestId('portal-notice').textContent()) ?? '')?.[1] ?? '';
    const firstSecret = (await panel.getByTestId('portal-secret').textContent()) ?? '';

    await showTab(popup, 'Profiles');
    const card = popup.getByRole('article', { name: new RegExp(`^Popup ${c.version} app \\(portal`) });
    await card.getByTestId('get-token').click();
    await expand(card);
    expect(await textIn(card, 'credential-claim')).toBe(clientId);
    expect(JSON.parse((await card.getByTestId('token-claims').textContent()) ?? '{}')[c.claim]).toBe(clientId);

    expect(await confirmed(card, 'rotate-secret')).toMatch(/^Regenerate the secret of \S+ at the portal /);
    await expect.poll(() => card.getByTestId('client-notice').textContent()).toMatch(/^New secret issued/);
    expect((await vendorToken(c.vendor, harness().url, clientId, firstSecret)).status).toBeGreaterThanOrEqual(400);

    expect(await confirmed(card, 'delete-client')).toMatch(new RegExp(`^Delete the application "Popup ${c.version} app`));
    await card.waitFor({ state: 'detached' });
    const apps = await fetch(`${portal}/api/v3/applications`, { headers: { accept: 'application/json' } });
    expect(apps.status).toBe(401);
  });
});

describe('capturing the credentials a portal shows once', () => {
  it('offers "Save to dcr-kit" in the portal modal on an enabled origin; a real click saves, a scripted click does not', async () => {
    const portal = harness().manifest.portal.url;
    const panel = await enableCapture(portal);
    // Recognised by GET /api/v3/portal, the v3 Dev Portal's fingerprint.
    await expect
      .poll(() => panel.getByTestId('portal-recognised').textContent())
      .toBe('Konnect portal (Dev Portal API v3): dcr-kit developer portal.');

    const page = await context.newPage();
    await logInToPortal(page, harness().manifest.portal);
    await page.goto(`${portal}/application/create`);
    await page.getByTestId('application-name-input').fill('Captured app');
    await page.getByTestId('application-auth-strategy-select').selectOption({ label: 'Okta client credentials' });
    await page.getByTestId('application-create-button').click();
    await page.getByTestId('copy-secret-modal').waitFor();
    const clientId = (await page.getByTestId('client-id-value').textContent()) ?? '';
    const clientSecret = (await page.getByTestId('client-secret-value').textContent()) ?? '';

    const save = await saveButton(page);
    // A page script clicking the button is not the user: nothing is saved.
    await save.scriptedClick();
    await relist();
    await expect.poll(() => panel.getByTestId('capture').count()).toBe(0);
    // The page cannot find the secret anywhere dcr-kit added.
    expect(await page.evaluate(() => document.querySelector('[data-dcr-kit-save]')?.shadowRoot?.innerHTML ?? '')).not.toContain(
      clientSecret,
    );

    // The button has stayed in place long enough (it ignores clicks just after it appeared or moved).
    await page.waitForTimeout(SETTLED_MS);
    await save.click();
    await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
    await shot(page, 'portal-capture');
    await page.close();

    await relist();
    await expect.poll(() => panel.getByTestId('capture').count()).toBe(1);
    expect(await panel.getByTestId('capture').textContent()).toContain(clientId);
    expect(await panel.textContent()).not.toContain(clientSecret);
    // The Okta strategy (or the 0oa… client id) names Okta: its profile is preselected.
    expect(await panel.getByTestId('capture-link').inputValue()).toBe('harness:okta');
    await panel.getByTestId('capture-create-profile').click();

    await showTab(popup, 'Profiles');
    const card = rowOf(popup, clientId);
    await card.getByTestId('get-token').click();
    await expand(card);
    expect(await card.getByTestId('credential-claim').textContent()).toBe(clientId);
  });

  it('gives the page no extension API in its own world, and keeps no capture once it is linked', async () => {
    const [worker] = context.serviceWorkers();
    const page = await context.newPage();
    await page.goto(`${harness().url}/health`);
    // A web page has no extension API at all in its own world.
    expect(
      await page.evaluate(
        () => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage,
      ),
    ).toBe('undefined');
    await page.close();
    const before = await worker?.evaluate(async () => {
      const { captures } = await (
        globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<{ captures?: unknown[] }> } } } }
      ).chrome.storage.session.get('captures');
      return captures?.length ?? 0;
    });
    expect(before).toBe(0);
  });
});

describe('generic capture on a page that is not a Konnect portal', () => {
  it('finds a client id and secret in plain markup, ignores forged messages and events, saves on a real click', async () => {
    const origin = 'http://127.0.0.1:45999';
    const panel = await enableCapture(origin);

    const page = await context.newPage();
    // The page is served by the test itself: its own markup, nothing like Kong's portal.
    await page.route(`${origin}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Internal IdP console</title><h1>Your new app</h1><dl><dt>Client ID</dt><dd><code>plain-client-42</code></dd><dt>Client Secret</dt><dd><code>plain-secret-9f8e7d</code></dd></dl>',
      }),
    );
    await page.goto(`${origin}/apps/42`);
    const save = await saveButton(page);

    // Forged channels: the content script listens to neither, so nothing is captured.
    await page.evaluate(() => {
      window.postMessage({ type: 'capture:save', payload: { clientId: 'forged', clientSecret: 'forged-secret' } }, '*');
      document.dispatchEvent(
        new CustomEvent('dcr-kit:capture', { detail: { clientId: 'forged', clientSecret: 'forged-secret' } }),
      );
    });
    await relist();
    await expect.poll(() => panel.getByTestId('capture').count()).toBe(0);

    await page.waitForTimeout(SETTLED_MS);
    await save.click();
    await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
    await page.close();
    await relist();
    await expect.poll(() => panel.getByTestId('capture').count()).toBe(1);
    expect(await panel.getByTestId('capture').textContent()).toContain('plain-client-42');
    expect(await panel.getByTestId('capture').textContent()).not.toContain('forged');
  });
});

describe('the whole flow on the harness portal, for every vendor and the HTTP bridge', () => {
  const flows = [
    { api: 'auth0', strategy: 'Auth0 client credentials', link: 'harness:auth0', vendor: 'auth0' as const },
    { api: 'okta', strategy: 'Okta client credentials', link: 'harness:okta', vendor: 'okta' as const },
    { api: 'curity', strategy: 'Curity Identity Server client credentials', link: 'harness:curity', vendor: 'curity' as const },
    { api: 'azure', strategy: 'Microsoft Entra ID client credentials', link: 'harness:azure:v1', vendor: 'azure' as const },
    {
      api: 'dcr-bridge',
      strategy: 'HTTP DCR bridge (Okta client credentials)',
      link: 'harness:okta',
      vendor: 'dcr-bridge' as const,
    },
  ];

  it.each(flows)(
    '$api: portal UI → captured → token → gateway with client credentials, bearer and session → regenerate (old secret refused)',
    async (f) => {
      const portal = harness().manifest.portal.url;
      const panel = await enableCapture(portal);

      const page = await context.newPage();
      await logInToPortal(page, harness().manifest.portal);
      await page.goto(`${portal}/application/create`);
      await page.getByTestId('application-name-input').fill(`Flow ${f.api}`);
      await page.getByTestId('application-auth-strategy-select').selectOption({ label: f.strategy });
      await page.getByTestId('application-create-button').click();
      await page.getByTestId('copy-secret-modal').waitFor();
      const clientId = (await page.getByTestId('client-id-value').textContent()) ?? '';
      const firstSecret = (await page.getByTestId('client-secret-value').textContent()) ?? '';
      const save = await saveButton(page);
      await page.waitForTimeout(SETTLED_MS);
      await save.click();
      await expect.poll(() => save.status()).toBe('Saved to dcr-kit');
      await page.getByTestId('close-application-secret-modal').click();
      await page.waitForURL('**/application/*');

      await relist();
      const capture = panel.getByTestId('capture').filter({ hasText: clientId });
      await capture.waitFor();
      await capture.getByTestId('capture-link').selectOption(f.link);
      await capture.getByTestId('capture-create-profile').click();

      await showTab(popup, 'Profiles');
      const card = rowOf(popup, clientId);
      await card.getByTestId('get-token').click();
      await expand(card);
      expect(await card.getByTestId('credential-claim').textContent()).toBe(clientId);

      await showTab(popup, 'Console');
      const console_ = popup.getByTestId('api-console');
      await console_.getByTestId('console-url').fill(`${harness().manifest.gateway.url}/${f.api}/orders`);
      await console_.getByTestId('console-profile').selectOption(`captured:${portal}:${clientId}`);
      for (const auth of ['client_credentials', 'bearer', 'session']) {
        // Kong looks at the session cookie first: clear the one the previous call set, to exercise the bearer path.
        if (auth === 'bearer') {
          await console_.getByTestId('clear-cookie-session').click();
          await console_.getByTestId('cookie-session').waitFor({ state: 'detached' });
        }
        await console_.getByTestId('console-auth').selectOption(auth);
        await console_.getByTestId('console-send').click();
        await expect
          .poll(async () => JSON.parse((await console_.getByTestId('console-body').textContent()) || '{}').consumer?.authMethod, {
            timeout: 5000,
          })
          .toBe(auth);
        expect(JSON.parse((await console_.getByTestId('console-body').textContent()) ?? '{}').consumer.credential).toBe(clientId);
      }

      // Regenerate in the portal: the old secret no longer gets a token.
      await page.getByTestId('refresh-secret-button').click();
      await page.getByTestId('copy-secret-modal').waitFor();
      const newSecret = (await page.getByTestId('client-secret-value').textContent()) ?? '';
      expect(newSecret).not.toBe(firstSecret);
      expect((await vendorToken(f.vendor, harness().url, clientId, firstSecret)).status).toBeGreaterThanOrEqual(400);
      expect((await vendorToken(f.vendor, harness().url, clientId, newSecret)).status).toBe(200);
      await page.close();
    },
    30_000,
  );
});
