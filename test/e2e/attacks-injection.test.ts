/**
 * Issue 10, item 2: with header injection on for an origin, requests other sites start get no bearer token. The
 * injected origin is an echo API on 127.0.0.1 (it answers CORS with `*` and echoes Authorization, the worst case).
 * Attacker pages on three other sites — localhost (a host the extension may reach since install), 127.0.0.2 (another
 * loopback address) and evil.test (mapped to 127.0.0.1 by the browser's resolver) — send a top-level form POST, an
 * iframe, a link click, a no-cors fetch and a CORS fetch that reads the echo. None carries the token; a request the
 * injected origin's own page starts does.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { showTab } from '../helpers/popup';
import { EVIL_HOST, importHarnessAndGetToken, launchForAttacks, serve, type TestServer } from './attack-kit';

const harness = useHarness({}, { resetBeforeEach: false });
let context: BrowserContext;
let popup: Page;
let echo: TestServer;
let attacker: TestServer;
let token: string;
const ECHO = () => `http://127.0.0.1:${echo.port}`;

const OWN_PAGE = `<!doctype html><title>own</title><script>
  window.result = fetch('/echo?via=own-fetch').then((r) => r.json()).then((j) => j.authorization);
</script>`;

function attackPage(echoUrl: string, via: string): string {
  return `<!doctype html><title>attack</title>
<a id="link" href="${echoUrl}/link?via=${via}-link">a link</a>
<form id="form" method="post" action="${echoUrl}/form?via=${via}-form"><input name="a" value="b"></form>
<iframe src="${echoUrl}/frame?via=${via}-iframe"></iframe>
<script>
  window.results = new Promise((loaded) => addEventListener('load', loaded)).then(() =>
    Promise.all([
      fetch('${echoUrl}/echo?via=${via}-nocors', { mode: 'no-cors', method: 'POST', body: 'x' }).then(() => 'sent', (e) => 'failed ' + e),
      fetch('${echoUrl}/echo?via=${via}-cors').then((r) => r.json()).then((j) => j.authorization, (e) => 'failed ' + e),
    ]),
  );
</script>`;
}

beforeAll(async () => {
  echo = await serve('127.0.0.1', (req, res) => {
    if (req.url?.startsWith('/echo')) {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.url?.startsWith('/own') ? OWN_PAGE : '<!doctype html><title>echo</title>ok');
    }
  });
  attacker = await serve('::', (req, res) => {
    const via = new URL(req.url ?? '/', 'http://x').searchParams.get('via') ?? 'unknown';
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(attackPage(ECHO(), via));
  });
  ({ context, popup } = await launchForAttacks());
  token = await importHarnessAndGetToken(popup, harness().url);
  expect(token).toMatch(/^eyJ/);
  await showTab(popup, 'Console');
  const console_ = popup.getByTestId('api-console');
  await console_.getByTestId('console-url').fill(`${ECHO()}/echo`);
  await console_.getByTestId('console-profile').selectOption('harness:okta');
  await console_.getByTestId('console-inject').click();
  await console_.getByTestId('console-injecting').waitFor();
});
afterAll(async () => {
  await context?.close();
  await echo?.close();
  await attacker?.close();
});

const viaOf = (url: string) => new URL(url, 'http://x').searchParams.get('via');

describe('header injection on http://127.0.0.1:<echo port>', () => {
  it("carries the bearer on a fetch the injected origin's own page starts", async () => {
    const page = await context.newPage();
    await page.goto(`${ECHO()}/own`);
    expect(await page.evaluate(() => (window as unknown as { result: Promise<string | null> }).result)).toBe(`Bearer ${token}`);
    expect(echo.requests.find((r) => viaOf(r.url) === 'own-fetch')?.authorization).toBe(`Bearer ${token}`);
    await page.close();
  });

  it.each(['localhost', '127.0.0.2', EVIL_HOST])(
    'gives pages on %s nothing: form POST, iframe, link, no-cors and CORS fetches arrive without the token',
    async (host) => {
      const page = await context.newPage();
      await page.goto(`http://${host}:${attacker.port}/attack?via=${host}`);
      const [noCors, corsRead] = await page.evaluate(() => (window as unknown as { results: Promise<string[]> }).results);
      expect(noCors).toBe('sent');
      // The CORS fetch reads what the echo saw: no Authorization at all.
      expect(corsRead === null ? null : String(corsRead).replace(token, '<the token>')).toBeNull();
      await page.locator('#link').click();
      await page.waitForURL(`${ECHO()}/link**`);
      await page.goBack();
      await page.evaluate(() => (document.getElementById('form') as HTMLFormElement).submit());
      await page.waitForURL(`${ECHO()}/form**`);
      await page.close();

      const attacks = echo.requests.filter((r) => viaOf(r.url)?.startsWith(`${host}-`));
      // Every attack reached the echo API (so each was really performed)…
      expect(new Set(attacks.map((r) => viaOf(r.url)))).toEqual(
        new Set(['link', 'form', 'iframe', 'nocors', 'cors'].map((kind) => `${host}-${kind}`)),
      );
      // …and none carried the bearer token (nor any Authorization).
      const carried = attacks.filter((r) => r.authorization !== undefined);
      expect(carried.map((r) => `${r.method} ${r.url}: ${r.authorization?.replace(token, '<the token>')}`)).toEqual([]);
    },
  );
});
