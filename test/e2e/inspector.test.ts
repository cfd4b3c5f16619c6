/**
 * The QA inspector in real Chromium (issue 13): the page at the harness origin shows a token request live with its
 * decoded claims, adds a fault that the next token request meets, advances the clock and the next token's `iat`
 * follows, and rotates a key so the next token names the new `kid`. It has no axe-core violation in either colour
 * scheme at 1280×800 and 400 px (without scrolling sideways there), its tabs work from the keyboard, and it runs
 * under its own strict CSP (no inline script).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { axeViolations, describeViolations } from '../helpers/axe';
import { launchChromium } from '../helpers/browser';
import { AUTH0, CURITY, OKTA } from '../helpers/demo';
import { basic, decodeJwt, postForm } from '../helpers/http';
import { shot } from '../helpers/screenshots';

const harness = useHarness({}, { resetBeforeEach: false });
let browser: Browser;
let page: Page;
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 400, height: 800 };
const errors: string[] = [];
/** expect.poll with room for a loaded CI machine (a key rotation makes an RSA key; the page refreshes faults every 2 s). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: WIDE });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
});
afterAll(async () => {
  await browser?.close();
});

/** A token from Okta's demo client, as a QA engineer's curl would ask. */
function oktaToken() {
  return postForm(
    `${harness().url}/okta/oauth2/default/v1/token`,
    { grant_type: 'client_credentials', scope: 'api:read' },
    basic(OKTA.clientId, OKTA.clientSecret),
  );
}

async function open(tab: string): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await poll(() => page.getByTestId(`tab-${tab}`).getAttribute('aria-selected')).toBe('true');
}

async function expectAccessible(state: string): Promise<void> {
  for (const viewport of [WIDE, NARROW]) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      expect.soft(describeViolations(await axeViolations(page)), `${state}, ${colorScheme}, ${viewport.width} px`).toEqual([]);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect.soft(overflow, `${state}: sideways scroll at ${viewport.width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(WIDE);
}

describe('the QA inspector', () => {
  it('opens at the harness origin under a CSP that allows only its own script', async () => {
    const response = await page.goto(`${harness().url}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByTestId('tenant-okta').waitFor();
    await poll(() => page.getByTestId('traffic-state').textContent()).toBe('live');
    expect(await page.getByTestId('curl-okta').textContent()).toBe(
      `curl -s ${harness().url}/okta/oauth2/default/v1/token \\\n  -u '${OKTA.clientId}:${OKTA.clientSecret}' \\\n  -d grant_type=client_credentials -d scope=api:read`,
    );
    await expectAccessible('overview');
  });

  it('shows a token request live, with its decoded claims and no secret', async () => {
    await open('traffic');
    // Some traffic around it, as a QA session has: another vendor, a wrong secret, a discovery document.
    const h = harness().url;
    await postForm(`${h}/auth0/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: AUTH0.clientId,
      client_secret: AUTH0.clientSecret,
      audience: AUTH0.audience,
    });
    await postForm(`${h}/curity/oauth/v2/oauth-token`, { grant_type: 'client_credentials' }, basic(CURITY.clientId, 'wrong'));
    await fetch(`${h}/okta/oauth2/default/.well-known/openid-configuration`);
    const token = await oktaToken();
    expect(token.status).toBe(200);
    const row = page.getByTestId('traffic-row').first();
    await poll(() => row.textContent()).toContain('/okta/oauth2/default/v1/token');
    await row.click();
    const claims = JSON.parse((await page.getByTestId('token-claims').textContent()) ?? '{}');
    expect(claims).toEqual(decodeJwt(token.json.access_token).payload);
    const detail = (await page.getByTestId('traffic-detail').textContent()) ?? '';
    expect(detail).not.toContain(OKTA.clientSecret);
    expect(detail).not.toContain(token.json.access_token);
    await shot(page, 'inspector-traffic');
    await expectAccessible('live traffic with a request open');
  });

  it('filters, pauses and clears the traffic', async () => {
    await page.getByTestId('filter-status').selectOption('4xx');
    await poll(() => page.getByTestId('traffic-row').count()).toBe(1);
    expect(await page.getByTestId('traffic-row').textContent()).toContain('/curity/oauth/v2/oauth-token');
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-tenant').selectOption('auth0');
    await poll(() => page.getByTestId('traffic-row').count()).toBe(1);
    await page.getByTestId('filter-tenant').selectOption('');
    await page.getByTestId('filter-client').fill(OKTA.clientId);
    await poll(() => page.getByTestId('traffic-row').count()).toBe(1);
    await page.getByTestId('filter-client').fill('');
    await page.getByTestId('traffic-pause').click();
    await oktaToken();
    await poll(() => page.getByTestId('traffic-pause').textContent()).toBe('Resume (1 new)');
    const before = await page.getByTestId('traffic-row').count();
    await page.getByTestId('traffic-pause').click();
    await poll(() => page.getByTestId('traffic-row').count()).toBe(before + 1);
    await page.getByTestId('traffic-clear').click();
    await poll(() => page.getByTestId('traffic-row').count()).toBe(0);
  });

  it('adds a fault from a vendor template, and the next token request fails with it', async () => {
    await open('controls');
    await page.getByTestId('fault-tenant').selectOption('okta');
    await page.getByTestId('fault-template').selectOption('429');
    await page.getByTestId('fault-add').click();
    await poll(() => page.getByTestId('fault-list').textContent()).toContain('okta · token → 429 (Retry-After');
    const failed = await oktaToken();
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after')).not.toBeNull();
    await poll(() => page.getByTestId('fault-hits').first().textContent()).toBe('hits 1');
    await expectAccessible('controls with a fault rule');
    await page.getByRole('button', { name: /^Remove fault-/ }).click();
    await poll(() => page.getByTestId('fault-rule').count()).toBe(0);
    expect((await oktaToken()).status).toBe(200);
  });

  it('advances the clock, and the next token’s iat follows', async () => {
    const before = decodeJwt((await oktaToken()).json.access_token).payload.iat as number;
    await page.getByTestId('clock-advance-value').fill('7200');
    await page.getByTestId('clock-advance').click();
    await poll(() => page.getByTestId('clock-status').textContent()).toMatch(/^Harness time is now /);
    const after = decodeJwt((await oktaToken()).json.access_token).payload.iat as number;
    expect(after - before).toBeGreaterThanOrEqual(7200);
    expect(after - before).toBeLessThan(7200 + 30);
    const shown = Date.parse((await page.getByTestId('clock-now').textContent()) ?? '');
    expect(Math.abs(shown / 1000 - after)).toBeLessThan(30);
  });

  it('rotates a key, and the next token names the new kid', async () => {
    const old = decodeJwt((await oktaToken()).json.access_token).header.kid;
    await page.getByTestId('rotate-tenant').selectOption('okta');
    await page.getByTestId('rotate-key').click();
    await poll(() => page.getByTestId('rotate-status').textContent()).toMatch(/^okta signs with kid /);
    const kid = /kid (\S+) now/.exec((await page.getByTestId('rotate-status').textContent()) ?? '')?.[1];
    const next = decodeJwt((await oktaToken()).json.access_token).header.kid;
    expect(next).toBe(kid);
    expect(next).not.toBe(old);
    await shot(page, 'inspector-controls');
  });

  it('queues claims for the next token from the page', async () => {
    await page.getByTestId('claims-tenant').selectOption('okta');
    await page.getByTestId('claims-json').fill('{"qa_run": "inspector-e2e"}');
    await page.getByTestId('claims-queue').click();
    await poll(() => page.getByTestId('claims-status').textContent()).toBe("Queued for okta's next token (1 waiting)");
    expect(decodeJwt((await oktaToken()).json.access_token).payload.qa_run).toBe('inspector-e2e');
  });

  it('reaches every control of the Controls tab with Tab, each with a focus ring', async () => {
    await page.getByTestId('tab-controls').focus();
    const stops: { name: string; ring: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e?.closest('#panel-controls')) return undefined;
        const style = getComputedStyle(e);
        return {
          name: e.getAttribute('data-testid') || e.id || e.textContent?.trim() || e.localName,
          ring: style.outlineStyle === 'solid' && Number.parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!stop) break;
      stops.push(stop);
    }
    const controls = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#panel-controls :is(a[href], button, input, select, textarea)')]
        .filter((e) => !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0)
        .map((e) => e.getAttribute('data-testid') || e.id || e.textContent?.trim() || e.localName),
    );
    expect(stops.map((s) => s.name)).toEqual(controls);
    expect(stops.filter((s) => !s.ring).map((s) => s.name)).toEqual([]);
  });

  it('lists clients with how each was made, and rotates a secret from the page', async () => {
    await open('clients');
    const row = page.locator(`[data-testid=client-row][data-client="${OKTA.clientId}"]`);
    await poll(() => row.textContent()).toContain('seeded');
    await expectAccessible('clients');
    await row.getByRole('button', { name: `Rotate secret of ${OKTA.clientId}` }).click();
    await poll(() => page.getByTestId('new-secret').textContent()).toContain(OKTA.clientId);
    const secret = (await page.getByTestId('new-secret').locator('code').nth(1).textContent()) ?? '';
    expect((await oktaToken()).status).toBe(401);
    const fresh = await postForm(
      `${harness().url}/okta/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: 'api:read' },
      basic(OKTA.clientId, secret),
    );
    expect(fresh.status).toBe(200);
  });

  it('decodes a pasted token and names the tenant whose key verifies it', async () => {
    harness().control.reset();
    const token = (await oktaToken()).json.access_token as string;
    await open('decoder');
    await page.getByTestId('decode-input').fill(token);
    await page.getByTestId('decode-submit').click();
    await poll(() => page.getByTestId('decode-result').locator('h2').textContent()).toBe('Verified by okta');
    expect(JSON.parse((await page.getByTestId('decoded-claims').textContent()) ?? '{}').sub).toBe(OKTA.clientId);
    await expectAccessible('token decoder with a result');
  });

  it('moves between tabs with the arrow keys, and every control has a name', async () => {
    await page.getByTestId('tab-decoder').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-overview');
    expect(await page.getByTestId('tab-overview').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-decoder');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decode-token');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(ring).toBe('solid');
    expect(errors, 'console errors (a CSP refusal shows up here)').toEqual([]);
  });
});

describe('the QA inspector on a harness with a control token', () => {
  const token = 'inspector-e2e-control-token-0123';
  const guarded = useHarness({ controlToken: token }, { resetBeforeEach: false });

  it('asks for the token, shows no withheld secret before it, then goes live with it', async () => {
    const tab = await browser.newPage({ viewport: WIDE });
    try {
      await tab.goto(`${guarded().url}/`);
      await tab.getByTestId('control-token').waitFor();
      await tab.getByTestId('tenant-okta').waitFor();
      expect(await tab.content()).not.toContain(OKTA.clientSecret);
      expect(await tab.getByTestId('curl-okta').count()).toBe(0);
      await tab.getByTestId('control-token').fill(token);
      await tab.getByTestId('control-token').press('Enter');
      await poll(() => tab.getByTestId('traffic-state').textContent()).toBe('live');
      await tab.getByTestId('curl-okta').waitFor();
      expect(await tab.evaluate(() => sessionStorage.length)).toBe(1);
    } finally {
      await tab.close();
    }
  });
});
