/**
 * The extension in real Chromium against startHarness(): connect to the harness, get a token for every vendor
 * (the vendor's exact request), see the decoded claims with the credential claim, and each token verifies against
 * its tenant's JWKS.
 */
import { resolve } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { launchWithExtension } from '../helpers/browser';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';

const harness = useHarness({}, { resetBeforeEach: false });
let context: BrowserContext;
let popup: Page;

beforeAll(async () => {
  const launched = await launchWithExtension(resolve(import.meta.dirname, '../../.output/chrome-mv3'));
  context = launched.context;
  popup = await context.newPage();
  await popup.goto(`chrome-extension://${launched.extensionId}/popup.html`);
});
afterAll(async () => {
  await context?.close();
});

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
    await popup.getByTestId('harness-url').fill(`${harness().url}/harness.json`);
    await popup.getByTestId('import-harness').click();
    await expect.poll(() => popup.getByTestId('harness-status').textContent()).toBe('Imported 5 profiles.');
    for (const p of profiles) await popup.getByTestId(p.testId).waitFor();
  });

  it.each(profiles)('$testId: gets a token with the vendor request, shows its claims, and the token verifies', async (p) => {
    const card = popup.getByTestId(p.testId);
    await card.getByTestId('get-token').click();
    await card.getByTestId('token-card').waitFor();
    expect(await card.getByTestId('credential-claim').textContent()).toBe(p.clientId);
    const claims = JSON.parse((await card.getByTestId('token-claims').textContent()) ?? '{}');
    expect(claims[p.claim]).toBe(p.clientId);
    expect(await card.getByTestId('token-expiry').textContent()).toMatch(/^(\d+h )?\d+m|\d+s$/);
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
