/**
 * Host, not only path (review L7/L8): an adapter for a product that lives on known hosts (Auth0's Dashboard, Okta's
 * Admin Console, Konnect v3's default portal domain) recognises its page only there. The same fixture served at the
 * same path on another host, or with the product's host name written into the path, is not claimed by that adapter
 * (the generic detector may still read it, as on any page). Self-hosted portals (Tyk, WSO2) keep their path check.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { portalAdapters } from '../../extension/capture/portals';
import { CapturePages, scriptBundle } from '../helpers/capture-page';

const fixture = (id: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/portals', `${id}.html`), 'utf8');

const pages = new CapturePages();
beforeAll(() => pages.start(), 60_000);
afterAll(() => pages.close());

/** Which adapters recognise `html` served at `url`, and the source of what the whole capture code finds there. */
async function claims(html: string, url: string): Promise<{ recognisedBy: string[]; source: string | undefined }> {
  const page = await pages.open(html, url);
  try {
    await page.addScriptTag({ content: await scriptBundle('extension/capture/portals/index.ts', 'dcrKitPortals') });
    const recognisedBy = await page.evaluate(() => {
      const { portalAdapters: adapters } = (window as unknown as { dcrKitPortals: { portalAdapters: typeof portalAdapters } })
        .dcrKitPortals;
      return adapters.filter((a) => a.recognise(document, new URL(location.href))).map((a) => a.id);
    });
    return { recognisedBy, source: (await pages.find(html, url))?.source };
  } finally {
    await page.close();
  }
}

const PATHS = {
  auth0: '/dashboard/us/acme/applications/9fQk2LwXn7Rt5BvZ1sYh3CjD8mPa0GeU/settings',
  okta: '/admin/app/oidc_client/instance/0oa9x7k2mBq4Tz5yH5d7/',
  'konnect-v3': '/apps/6a1b2c3d/credentials',
};

describe('adapters of hosted products check the host', () => {
  it.each([
    ['auth0', `https://manage.auth0.com${PATHS.auth0}`],
    ['okta', `https://acme-admin.okta.com${PATHS.okta}`],
    ['okta', `https://acme-admin.oktapreview.com${PATHS.okta}`],
    ['okta', `https://acme-admin.okta-emea.com${PATHS.okta}`],
    ['konnect-v3', `https://acme.us.kongportals.com${PATHS['konnect-v3']}`],
  ] as const)('%s claims its page at %s', async (id, url) => {
    const { recognisedBy, source } = await claims(fixture(id), url);
    expect(recognisedBy).toEqual([id]);
    expect(source).toBe(id);
  });

  it.each([
    ['auth0', `https://dashboard.example.com${PATHS.auth0}`],
    ['auth0', `https://manage.auth0.com.example.com${PATHS.auth0}`],
    ['okta', `https://sso.example.com${PATHS.okta}`],
    // The product's host written into the path (before: the adapter tested "hostname + pathname" as one string).
    ['okta', `https://evil.example/acme-admin.okta.com${PATHS.okta}`],
    ['okta', `https://acme.okta.com${PATHS.okta}`],
    ['konnect-v3', `https://portal.example.com${PATHS['konnect-v3']}`],
    ['konnect-v3', `https://evil.example/acme.us.kongportals.com${PATHS['konnect-v3']}`],
  ] as const)('%s does not claim the same page at %s', async (id, url) => {
    const { recognisedBy, source } = await claims(fixture(id), url);
    expect(recognisedBy).not.toContain(id);
    // What is left is the generic detector's reading (right or silent), never the adapter's.
    expect([undefined, 'generic']).toContain(source);
  });
});

describe('self-hosted portals keep their path check', () => {
  it.each([
    ['tyk', 'https://portal.example.com/portal/private/apps/12', true],
    ['tyk', 'https://portal.example.com/apps/portal/private/12', false],
    ['wso2', 'https://apim.example.com/devportal/applications/0b7f/productionkeys/oauth', true],
    ['wso2', 'https://apim.example.com/store/applications/0b7f/productionkeys/oauth', false],
  ] as const)('%s at %s: recognised %s', async (id, url, recognised) => {
    expect((await claims(fixture(id), url)).recognisedBy.includes(id)).toBe(recognised);
  });
});
