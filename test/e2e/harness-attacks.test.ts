/**
 * Issue 10, the harness half, performed by real pages in Chromium: a page on another origin (served by the test's
 * own "attacker" server) tries what was reported to work — changing the harness through /_control, reading
 * harness.json after a DNS rebinding, creating portal applications with the developer's cookie from another port
 * of the same host. Each test asserts the attack achieved nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { launchChromium } from '../helpers/browser';
import { OKTA } from '../helpers/demo';
import { send } from '../helpers/http';
import { portalLogin } from '../helpers/portal';

const harness = useHarness({}, { resetBeforeEach: false });
let browser: Browser;
let page: Page;
/** The attacker's server: answers every path with the page set for it. */
let attacker: Server;
let attackerPort = 0;
const pages = new Map<string, string>();

beforeAll(async () => {
  // evil.test is the attacker's name; after a rebinding it points at this machine. Chromium's Local Network Access
  // checks would stop a page served from elsewhere (page.route below) from calling loopback at all; they are turned
  // off so this Chromium stands for the browsers that have none (Firefox, Safari) and the harness's own defence is
  // what is tested.
  browser = await launchChromium([
    '--host-resolver-rules=MAP evil.test 127.0.0.1',
    '--disable-features=LocalNetworkAccessChecks',
  ]);
  attacker = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pages.get(new URL(req.url ?? '/', 'http://x').pathname) ?? '<p>attacker</p>');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});

beforeAll(async () => {
  page = await browser.newPage();
});

/** An attack page: runs `script` (which may await), then sets the title to "done" with what it saw. */
function attackPage(path: string, script: string, body = ''): void {
  pages.set(
    path,
    `<!doctype html><body>${body}<pre id="out"></pre><script>
      const out = []; const log = (s) => { out.push(s); document.getElementById('out').textContent = out.join('\\n'); };
      (async () => { try { ${script} } catch (e) { log('error ' + e); } document.title = 'done'; })();
    </script></body>`,
  );
}

async function runAttack(url: string): Promise<string> {
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 10_000 });
  return (await page.locator('#out').textContent()) ?? '';
}

describe('a page on another origin against /_control', () => {
  it('cannot add faults, freeze the clock, queue claims or reset (no-cors text/plain fetches and a form POST)', async () => {
    const control = `${harness().url}/_control`;
    const rule = JSON.stringify({ tenant: '*', endpoint: 'token', fault: { type: 'status', status: 503 } });
    attackPage(
      '/control.html',
      `
      const post = (path, body) => fetch(${JSON.stringify(control)} + path, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body });
      await post('/faults', ${JSON.stringify(rule)});
      await post('/clock', '{"freeze":true,"set":"2099-01-01T00:00:00Z"}');
      await post('/tenants/okta/next-token', '{"claims":{"admin":true}}');
      const frame = document.querySelector('iframe');
      await new Promise((resolve) => { frame.onload = resolve; document.querySelector('form').submit(); });
      log('sent');`,
      `<form method="post" enctype="text/plain" target="sink" action="${control}/faults"><input name='${rule.slice(0, -1)}, "x": "' value='"}'></form><iframe name="sink"></iframe>`,
    );
    // http://localhost:<port> is another site than the harness at 127.0.0.1, as in the report (localhost:5630).
    expect(await runAttack(`http://localhost:${attackerPort}/control.html`)).toBe('sent');
    const control_ = harness().control;
    expect(control_.faults.list()).toEqual([]);
    expect(control_.clock.state().frozen).toBe(false);
    expect(new Date(control_.clock.state().now).getUTCFullYear()).toBeLessThan(2099);
    expect(control_.tenant('okta').nextClaims.size).toBe(0);
  });
});

describe('DNS rebinding: a page whose origin is http://evil.test:<harness port>', () => {
  it('reads nothing from harness.json and cannot reset the harness (421)', async () => {
    const { port } = new URL(harness().url);
    const origin = `http://evil.test:${port}`;
    // The first answer for evil.test came from the attacker's server (page.route stands in for it); the name now
    // resolves to 127.0.0.1, so the page's same-origin requests reach the harness.
    await page.route(`${origin}/rebound.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><pre id="out"></pre><script>
          (async () => { try {
            const m = await fetch('/harness.json'); const text = await m.text();
            const r = await fetch('/_control/reset', { method: 'POST' });
            document.getElementById('out').textContent = JSON.stringify({ manifest: m.status, text, reset: r.status });
          } catch (e) { document.getElementById('out').textContent = String(e); } document.title = 'done';
          })();
        </script>`,
      }),
    );
    harness().control.clock.freeze();
    const seen = JSON.parse(await runAttack(`${origin}/rebound.html`)) as { manifest: number; text: string; reset: number };
    expect(seen.manifest).toBe(421);
    expect(seen.reset).toBe(421);
    expect(JSON.parse(seen.text).error).toBe('misdirected_request');
    expect(seen.text).not.toContain(OKTA.clientSecret);
    expect(seen.text).not.toContain('dcr-kit-developer');
    // The reset did not happen: the clock is still frozen.
    expect(harness().control.clock.state().frozen).toBe(true);
    harness().control.reset();
  });
});

describe('a page on another port of the portal host (same site) against the portal API', () => {
  it('creates no application with the logged-in developer cookie (text/plain fetch and form POST)', async () => {
    const portal = harness().manifest.portal.url;
    // The developer is logged in to the portal in this browser.
    await page.goto(`${portal}/login`);
    await page.getByTestId('login-email').fill('developer@dcr-kit.test');
    await page.getByTestId('login-password').fill('dcr-kit-developer');
    await page.getByTestId('login-submit').click();
    await page.waitForURL('**/my-apps');
    const strategies = await send(`${portal}/api/v3/application-auth-strategies`, {
      headers: { cookie: await portalLogin(portal) },
    });
    const strategyId = strategies.json.data[0].id as string;
    const body = JSON.stringify({ name: 'csrf-app', auth_strategy_id: strategyId });
    attackPage(
      '/portal.html',
      `
      await fetch(${JSON.stringify(`${portal}/api/v3/applications`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} });
      const frame = document.querySelector('iframe');
      await new Promise((resolve) => { frame.onload = resolve; document.querySelector('form').submit(); });
      log('sent');`,
      `<form method="post" enctype="text/plain" target="sink" action="${portal}/api/v3/applications"><input name='${body.slice(0, -1)}, "x": "' value='"}'></form><iframe name="sink"></iframe>`,
    );
    // 127.0.0.1:<attacker port> and the portal at 127.0.0.1:<portal port> are the same site: the Lax cookie goes along.
    expect(await runAttack(`http://127.0.0.1:${attackerPort}/portal.html`)).toBe('sent');
    const list = await send(`${portal}/api/v3/applications`, { headers: { cookie: await portalLogin(portal) } });
    expect(list.json.data.map((a: { name: string }) => a.name)).not.toContain('csrf-app');
    // The developer's own page still works: the portal UI creates applications (same origin, JSON).
    await page.goto(`${portal}/my-apps`);
    await page.getByTestId('create-application-button').click();
    await page.getByTestId('application-name-input').fill('own-app');
    await page.getByTestId('application-create-button').click();
    await page.getByTestId('copy-secret-modal').waitFor();
  });
});
