/** The API console with each auth method, the gateway's session cookie (export, clear) and header injection. */
import { describe, expect, it } from 'vitest';
import { OKTA } from '../../helpers/demo';
import { choose, click, expand, fill, gone, shown, showTab, text, tid, waitText } from '../../helpers/ui';

import type { Suite } from './suite';

const CONSOLE = tid('api-console');
const inConsole = (id: string) => `${CONSOLE} ${tid(id)}`;

/** Sends from the console with `auth` and waits for the answer to this request (the console counts what it sent). */
export async function send(s: Suite, auth: string): Promise<{ status: string | null; body: Record<string, unknown> }> {
  await choose(s.popup, inConsole('console-auth'), auth);
  const before = Number(await s.popup.$eval(CONSOLE, (e) => e.getAttribute('data-sent')));
  await click(s.popup, inConsole('console-send'));
  await s.popup.waitForFunction(
    (sel, n) => Number(document.querySelector(sel)?.getAttribute('data-sent')) > n,
    {},
    CONSOLE,
    before,
  );
  await s.popup.waitForSelector(inConsole('console-status'));
  return {
    status: await text(s.popup, inConsole('console-status')),
    body: JSON.parse((await text(s.popup, inConsole('console-body'))) || '{}'),
  };
}

export function consoleScenarios(s: Suite): void {
  describe(`the API console, the session cookie and header injection (${s.name})`, () => {
    const gatewayUrl = () => `${s.harness().manifest.gateway.url}/okta/anything`;

    it('calls the gateway with client credentials, then with the session cookie alone, and clears the cookie', async () => {
      const { popup } = s;
      await showTab(popup, 'Console');
      await fill(popup, inConsole('console-url'), gatewayUrl());
      await choose(popup, inConsole('console-profile'), 'harness:okta');
      const first = await send(s, 'client_credentials');
      expect(first.status).toBe('200');
      expect(first.body.consumer).toMatchObject({ authMethod: 'client_credentials', credential: OKTA.clientId });

      // Kong's session cookie, as the browser's cookies API lists it for that URL.
      const cookie = inConsole('cookie-session');
      expect(await waitText(popup, cookie, /HttpOnly/)).toMatch(
        /HttpOnly · SameSite=lax · not Secure · session cookie \(no Expires\)/,
      );
      await choose(popup, inConsole('cookie-format'), 'netscape');
      await click(popup, inConsole('cookie-export'));
      await waitText(
        popup,
        inConsole('cookie-exported'),
        /^# Netscape HTTP Cookie File\n#HttpOnly_127\.0\.0\.1\tFALSE\t\/\tFALSE\t0\tsession\t.{4}… \(\d+ characters\)$/,
      );

      expect((await send(s, 'session')).body.consumer).toMatchObject({ authMethod: 'session', credential: OKTA.clientId });

      // Clear acts on the URL the list was read for, even once another origin is typed (cookies are per host).
      await fill(popup, inConsole('console-url'), gatewayUrl().replace('127.0.0.1', 'localhost'));
      await click(popup, inConsole('clear-cookie-session'));
      await gone(popup, cookie);
      await fill(popup, inConsole('console-url'), gatewayUrl());
      expect((await send(s, 'session')).status).toBe('401');
    });

    it("makes the portal's own Try it work only while header injection is on", async () => {
      const { popup } = s;
      await showTab(popup, 'Profiles');
      const okta = tid('profile-harness-okta');
      await click(popup, `${okta} ${tid('get-token')}`);
      await expand(popup, okta);
      await shown(popup, okta, 'token-card');
      const portal = await s.browser.newPage();
      await portal.goto(`${s.harness().manifest.portal.url}/spec/okta`);
      const tryIt = async () => {
        await portal.$eval(tid('try-it-status'), (el) => {
          el.textContent = '…';
        });
        await click(portal, tid('try-it-button'));
        return waitText(portal, tid('try-it-status'), /^(?!…$)/);
      };
      expect(await tryIt()).toBe('401');

      await showTab(popup, 'Console');
      await fill(popup, inConsole('console-url'), gatewayUrl());
      await choose(popup, inConsole('console-profile'), 'harness:okta');
      await click(popup, inConsole('console-inject'));
      await popup.waitForSelector(inConsole('console-injecting'));
      expect(await tryIt()).toBe('200');
      expect(JSON.parse((await text(portal, tid('try-it-response'))) ?? '{}').consumer).toMatchObject({
        authMethod: 'bearer',
        credential: OKTA.clientId,
      });

      await click(popup, inConsole('console-inject'));
      await gone(popup, inConsole('console-injecting'));
      // The gateway answered the injected bearer request with a session cookie (Kong does), which alone still
      // authenticates: clear it from the console, and the page is back to 401.
      await send(s, 'none');
      await click(popup, inConsole('clear-cookie-session'));
      await gone(popup, inConsole('cookie-session'));
      expect(await tryIt()).toBe('401');
      await portal.close();
    });
  });
}
