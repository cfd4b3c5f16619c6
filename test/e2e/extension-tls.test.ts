/**
 * The extension with a `--tls --tenant-ports` harness in real Chromium: the profile trusts the harness CA through
 * Chromium's `--ignore-certificate-errors-spki-list` (the CA's SPKI hash; the harness sends the CA in its chain),
 * and nothing else is relaxed. The popup imports harness.json over https, gets a token from each tenant on its own
 * origin, and registers, rotates and deletes an Auth0 client through the Management API at the bare origin.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { openPopup } from '../helpers/browser';
import { confirmed, connect, expand } from '../helpers/popup';

const harness = useHarness(
  { tls: true, tenantPorts: true, caDir: mkdtempSync(join(tmpdir(), 'dcr-kit-e2e-ca-')) },
  { resetBeforeEach: false },
);
let context: BrowserContext;
let popup: Page;

/** What Chromium's flag takes: base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (DER). */
function spkiHash(pemFile: string): string {
  const der = new X509Certificate(readFileSync(pemFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** Auth0's client-credentials request (client_secret_post, audience), from Node trusting only the harness CA. */
async function auth0Token(clientId: string, clientSecret: string): Promise<number> {
  const t = harness().manifest.tenants.find((x) => x.id === 'auth0');
  const dispatcher = new Agent({ connect: { ca: readFileSync(harness().caFile as string) } });
  const res = await fetch(t?.tokenEndpoint as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      ...t?.demoClient.params,
    }),
    dispatcher,
  });
  await dispatcher.close();
  return res.status;
}

beforeAll(async () => {
  ({ context, popup } = await openPopup({
    args: [`--ignore-certificate-errors-spki-list=${spkiHash(harness().caFile as string)}`],
  }));
});
afterAll(async () => {
  await context?.close();
});

describe('the popup with a TLS harness whose tenants have origins of their own', () => {
  it('imports harness.json over https and gets a token from each tenant origin', async () => {
    expect(harness().url).toMatch(/^https:\/\//);
    await connect(popup, `${harness().url}/harness.json`);
    await expect.poll(() => popup.getByTestId('harness-status').textContent(), { timeout: 5000 }).toBe('Imported 5 profiles.');
    for (const id of ['auth0', 'okta', 'curity', 'azure-v2', 'azure-v1']) {
      const card = popup.getByTestId(`profile-harness-${id}`);
      await card.getByTestId('get-token').click();
      await expand(card);
      await card.getByTestId('token-card').waitFor();
    }
    for (const t of harness().manifest.tenants) {
      const last = harness().control.requests(t.id, { clientId: t.demoClient.clientId }).at(-1);
      expect(last, t.id).toMatchObject({ method: 'POST', status: 200 });
      // The request went to the tenant's own origin (no /<id> prefix on its path).
      expect(last?.path.startsWith(`/${t.id}/`), t.id).toBe(false);
    }
  });

  it('registers, rotates and deletes an Auth0 client through the Management API at the bare origin', async () => {
    const parent = await expand(popup.getByTestId('profile-harness-auth0'));
    await parent.getByTestId('register-name').fill('e2e tls auth0');
    await parent.getByTestId('register-client').click();
    const notice = parent.getByTestId('client-notice');
    await expect.poll(() => notice.textContent()).toMatch(/^Registered client /);
    const clientId = /Registered client (\S+?)\./.exec((await notice.textContent()) ?? '')?.[1] ?? '';
    const secret = (await notice.getByTestId('client-secret').textContent()) ?? '';
    expect(await auth0Token(clientId, secret)).toBe(200);
    const card = popup.getByTestId(`profile-${`harness:auth0/client/${clientId}`.replace(/[^a-z0-9]+/gi, '-')}`);
    await card.getByTestId('get-token').click();
    await expand(card);
    expect(await card.getByTestId('credential-claim').textContent()).toBe(clientId);
    await confirmed(card, 'rotate-secret');
    await expect.poll(() => card.getByTestId('client-notice').textContent()).toMatch(/^New secret issued/);
    const newSecret = (await card.getByTestId('client-secret').textContent()) ?? '';
    expect(await auth0Token(clientId, secret)).toBe(401);
    expect(await auth0Token(clientId, newSecret)).toBe(200);
    await confirmed(card, 'delete-client');
    await card.waitFor({ state: 'detached' });
    expect(await auth0Token(clientId, newSecret)).toBe(401);
  });
});
