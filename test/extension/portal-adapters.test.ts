/**
 * Portal adapters (issue 12): each fixture in test/fixtures/portals/ (rebuilt from the portal's public templates or
 * documentation, see its header) is served at a URL that portal really uses and run through the capture code in
 * Chromium. Each must give exactly its pair, its adapter id and the page context, or nothing where the portal shows
 * no secret (or only a masked one). And every adapter's `recognise` stays false on the other portals' pages.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalAdapters } from '../../extension/capture/portals';
import { CapturePages, scriptBundle } from '../helpers/capture-page';

const fixture = (id: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/portals', `${id}.html`), 'utf8');
const click = (selector: string) => async (page: Page) => {
  for (const element of await page.locator(selector).all()) await element.click();
};

interface Case {
  fixture: string;
  url: string;
  /** Clicks a developer makes before the secret is on screen ("show", the eye). */
  settle?: (page: Page) => Promise<void>;
  expected?: { clientId: string; clientSecret: string; source: string; context: Record<string, string>; anchor: string };
  /** The adapter that must recognise the page (even where it finds nothing). */
  recognisedBy?: string;
}

const CASES: Record<string, Case> = {
  'Konnect classic (v2): the copy-secret modal after Create': {
    fixture: 'konnect-v2',
    url: 'https://acme.us.portal.konghq.com/my-apps/create',
    recognisedBy: 'konnect-v2',
    expected: {
      clientId: '0oa8kfz2q1WXq7Ab5d7',
      clientSecret: 'Qm9kc2VjcmV0LXYyLWtvbm5lY3QtMTIzNDU2Nzg5MA',
      source: 'konnect-v2',
      anchor: 'div[data-testid=copy-secret-modal]',
      context: {
        portal: 'Kong Konnect Dev Portal (classic v2)',
        appName: 'Billing reconciler',
        authStrategy: 'Okta client credentials',
      },
    },
  },
  'Kong Gateway legacy portal: the secret after its eye is clicked': {
    fixture: 'kong-legacy',
    url: 'https://devportal.example.com/default/applications/view?id=4a2e7c1b-5d3f-4e8a-9b6c-0d1e2f3a4b5c',
    settle: click('.credentials-table a.eye'),
    recognisedBy: 'kong-legacy',
    expected: {
      clientId: 'Xj3kUq8WbN2cR7tLm4Pz9Ae1',
      clientSecret: 's3cr3t-Kong-Legacy-7f1c9e02b4d6a8',
      source: 'kong-legacy',
      anchor: 'tr',
      context: { portal: 'Kong Gateway Dev Portal (legacy)', authStrategy: 'kong-oauth2' },
    },
  },
  'Kong Gateway legacy portal: the masked secret is not captured': {
    fixture: 'kong-legacy',
    url: 'https://devportal.example.com/default/applications/view?id=4a2e7c1b-5d3f-4e8a-9b6c-0d1e2f3a4b5c',
    recognisedBy: 'kong-legacy',
  },
  'Gravitee portal-next: Client ID and the revealed Client Secret of an OAuth2 subscription': {
    fixture: 'gravitee',
    url: 'https://apim.example.com/next/api/8c3b5f1e/subscriptions/2d4e6f80',
    settle: click('app-copy-code#client-secret button[aria-label="Hide password"]'),
    recognisedBy: 'gravitee',
    expected: {
      clientId: 'billing-reconciler-4c7d',
      clientSecret: 'gS9pV2nQ7xL4bT1wZ6rY3kH8mD0cF5jA',
      source: 'gravitee',
      anchor: 'app-api-access',
      context: { portal: 'Gravitee Developer Portal', appName: 'Billing reconciler' },
    },
  },
  'Gravitee portal-next: the starred secret is not captured': {
    fixture: 'gravitee',
    url: 'https://apim.example.com/next/api/8c3b5f1e/subscriptions/2d4e6f80',
    recognisedBy: 'gravitee',
  },
  'Gravitee classic portal: an OAuth application’s client id and (masked) secret fields': {
    fixture: 'gravitee-classic',
    url: 'https://apim.example.com/applications/5e7d9c1b/',
    recognisedBy: 'gravitee-classic',
    expected: {
      clientId: 'billing-reconciler-classic',
      clientSecret: 'Wq4nB8xT1vK6mZ3rY9cH2sJ7dF0gL5pA',
      source: 'gravitee-classic',
      anchor: 'div.page__box',
      context: { portal: 'Gravitee Developer Portal (classic)', appName: 'Billing reconciler' },
    },
  },
  'WSO2 devportal: Consumer Key and Consumer Secret after Generate Keys': {
    fixture: 'wso2',
    url: 'https://apim.example.com/devportal/applications/0b7f4c2e-6a1d-4f3b-8e9c-5d2a1b0c3e4f/productionkeys/oauth',
    recognisedBy: 'wso2',
    expected: {
      clientId: 'Zq1mD6oF8yH0t3vKe2XbWc9LrTgA',
      clientSecret: 'u7Rk2Jw9sPq4Vn1xYc6Hb3ZeFt0a',
      source: 'wso2',
      anchor: 'div.MuiGrid-root',
      context: {
        portal: 'WSO2 API Manager Developer Portal',
        appName: 'Billing reconciler',
        tokenUrl: 'https://apim.example.com:9443/oauth2/token',
      },
    },
  },
  'Apigee Drupal portal: Consumer Key and Secret once both are shown': {
    fixture: 'apigee',
    url: 'https://developers.example.com/user/3/apps/billing-reconciler',
    settle: click('.app-credential button.secret__toggle'),
    recognisedBy: 'apigee',
    expected: {
      clientId: 'nB4xK7pQ2mW9zR1tY6vC3hJ8sF0aL5dG',
      clientSecret: 'Gx7Tq2Vw9Lm4',
      source: 'apigee',
      anchor: 'fieldset.app-credential',
      context: { portal: 'Apigee Developer Portal (Drupal)' },
    },
  },
  'Apigee Drupal portal: hidden keys are not captured': {
    fixture: 'apigee',
    url: 'https://developers.example.com/user/3/apps/billing-reconciler',
    recognisedBy: 'apigee',
  },
  'Tyk developer portal: an approved OAuth2 access request': {
    fixture: 'tyk',
    url: 'https://portal.example.com/portal/private/apps/12',
    recognisedBy: 'tyk',
    expected: {
      clientId: '2f1d9c7e5b3a48d6a0c1e2f3b4a59687',
      clientSecret: 'Mzk0YjE5ZmMtNmQ2Ny00YjFhLTk2ZWEtNGRlM2E1',
      source: 'tyk',
      anchor: 'div.card',
      context: { portal: 'Tyk Developer Portal' },
    },
  },
  'Konnect v3: the New Credential dialog of a DCR application': {
    fixture: 'konnect-v3',
    url: 'https://acme.us.kongportals.com/apps/6a1b2c3d/credentials',
    recognisedBy: 'konnect-v3',
    expected: {
      clientId: '7b3f1e9a-2c4d-4e6f-8a0b-1c2d3e4f5a6b',
      clientSecret: 'kp3_Vq8Lm2Xn5Tb9Rc1Yw7Zh4Js0Fd6Gk',
      source: 'konnect-v3',
      anchor: 'div.k-modal',
      context: { portal: 'Kong Konnect Dev Portal v3' },
    },
  },
  'Azure API Management: subscription keys are API keys, not a client pair: nothing': {
    fixture: 'azure-apim',
    url: 'https://contoso.developer.azure-api.net/profile',
  },
  'Auth0 Dashboard: application settings, the secret read from its masked input': {
    fixture: 'auth0',
    url: 'https://manage.auth0.com/dashboard/us/acme/applications/9fQk2LwXn7Rt5BvZ1sYh3CjD8mPa0GeU/settings',
    recognisedBy: 'auth0',
    expected: {
      clientId: '9fQk2LwXn7Rt5BvZ1sYh3CjD8mPa0GeU',
      clientSecret: 'kT3v_Xq9Lr2Bn6Wz-Yc1Hs8Jd5Fp0Ma7Ge4Ui2Oa9Ql6Ek3Rw1Ty8Pb5Nv0Zc',
      source: 'auth0',
      anchor: 'main',
      context: {
        portal: 'Auth0 Dashboard',
        appName: 'Billing reconciler',
        issuer: 'https://acme.us.auth0.com/',
        tokenUrl: 'https://acme.us.auth0.com/oauth/token',
      },
    },
  },
  'Okta Admin Console: Client ID and the client secret read from its masked field': {
    fixture: 'okta',
    url: 'https://acme-admin.okta.com/admin/app/oidc_client/instance/0oa9x7k2mBq4Tz5yH5d7/',
    recognisedBy: 'okta',
    expected: {
      clientId: '0oa9x7k2mBq4Tz5yH5d7',
      clientSecret: 'rB2nT5qX8vL1cY4mZ7kW0pH3sJ6dF9gA-UeIoK2tVb',
      source: 'okta',
      anchor: 'main',
      context: { portal: 'Okta Admin Console' },
    },
  },
  'Entra: the new secret’s Value without the client id on the same blade: nothing': {
    fixture: 'entra',
    // The portal's blade path is in the fragment (#view/Microsoft_AAD_RegisteredApps/…), which the test server does not route.
    url: 'https://entra.microsoft.com/',
  },
};

describe('portal adapters on their portals’ pages', () => {
  const pages = new CapturePages();
  beforeAll(() => pages.start(), 60_000);
  afterAll(() => pages.close());

  it.each(Object.entries(CASES))('%s', async (_, c) => {
    const found = await pages.find(fixture(c.fixture), c.url, c.settle);
    expect(found).toEqual(c.expected);
  });
});

/**
 * Every adapter's `recognise` on a page served at `url` as loaded (no clicks), and what the first recognising adapter
 * finds there, run in Chromium (capture/portals bundled with esbuild).
 */
async function onPage(
  pages: CapturePages,
  html: string,
  url: string,
): Promise<{ recognised: Record<string, boolean>; found: Record<string, unknown> | null }> {
  const page = await pages.open(html, url);
  try {
    await page.addScriptTag({ content: await scriptBundle('extension/capture/portals/index.ts', 'dcrKitPortals') });
    return await page.evaluate(() => {
      const { portalAdapters: adapters } = (window as unknown as { dcrKitPortals: { portalAdapters: typeof portalAdapters } })
        .dcrKitPortals;
      const here = new URL(location.href);
      const own = adapters.find((a) => a.recognise(document, here))?.find(document);
      return {
        recognised: Object.fromEntries(adapters.map((a) => [a.id, a.recognise(document, here)])),
        found: own ? { clientId: own.clientId, clientSecret: own.clientSecret, source: own.source } : null,
      };
    });
  } finally {
    await page.close();
  }
}

describe('recognise', () => {
  const pages = new CapturePages();
  beforeAll(() => pages.start(), 60_000);
  afterAll(() => pages.close());

  it('has unique, well-formed adapter ids', () => {
    const ids = portalAdapters.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  // One case per fixture, preferring the page as loaded (no clicks).
  const asLoaded = new Map<string, Case>();
  for (const c of Object.values(CASES)) if (!asLoaded.has(c.fixture) || !c.settle) asLoaded.set(c.fixture, c);
  it.each([...asLoaded])('on %s: only its own adapter recognises the page, and it finds exactly what is shown', async (id, c) => {
    const { recognised, found } = await onPage(pages, fixture(id), c.url);
    expect(recognised).toEqual(Object.fromEntries(portalAdapters.map((a) => [a.id, a.id === c.recognisedBy])));
    const { clientId, clientSecret, source } = c.settle ? ({} as Partial<NonNullable<Case['expected']>>) : (c.expected ?? {});
    expect(found).toEqual(clientId ? { clientId, clientSecret, source } : null);
  });
});
