/**
 * What the attack tests share: tiny HTTP servers that record what reaches them (the attacker's site, an echo API),
 * a Chromium with the extension where `evil.test` resolves to this machine, and the popup steps they start from.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { openPopup } from '../helpers/browser';
import { connect, expand } from '../helpers/popup';

export interface Recorded {
  method: string;
  url: string;
  host: string;
  authorization: string | undefined;
}

export interface TestServer {
  port: number;
  requests: Recorded[];
  close(): Promise<void>;
}

/** A server on `host` (`::` answers on every loopback address, IPv4 and IPv6) recording every request. */
export async function serve(
  host: string,
  handle: (req: IncomingMessage, res: ServerResponse, port: number) => void,
): Promise<TestServer> {
  const requests: Recorded[] = [];
  let port = 0;
  const server: Server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      host: req.headers.host ?? '',
      authorization: req.headers.authorization,
    });
    handle(req, res, port);
  });
  await new Promise<void>((done) => server.listen({ host, port: 0, ipv6Only: false }, done));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const EVIL_HOST = 'evil.test';

/** Chromium with the built extension; `evil.test` is a site of its own that resolves to 127.0.0.1. */
export async function launchForAttacks(): Promise<{ context: BrowserContext; popup: Page; extensionId: string }> {
  return openPopup({ args: [`--host-resolver-rules=MAP ${EVIL_HOST} 127.0.0.1`] });
}

/** Imports the harness from the popup and gets a token for the Okta profile; returns that token. */
export async function importHarnessAndGetToken(popup: Page, harnessUrl: string): Promise<string> {
  await connect(popup, `${harnessUrl}/harness.json`);
  // (Also used in beforeAll, where expect.poll is not available: a locator wait instead.)
  await popup
    .getByTestId('harness-status')
    .filter({ hasText: /^Imported \d+ profiles\.$/ })
    .waitFor();
  const okta = popup.getByTestId('profile-harness-okta');
  await okta.getByTestId('get-token').click();
  await expand(okta);
  return (await okta.getByTestId('access-token').textContent()) ?? '';
}

/** A message to the background exactly as the popup's buttons send it (the popup is an extension page). */
export function sendFromPopup(popup: Page, type: string, payload: unknown): Promise<{ ok: boolean; error?: string }> {
  return popup.evaluate(
    ([t, p]) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: string }> } } }
      ).chrome.runtime.sendMessage({ type: t, payload: p }),
    [type, payload] as const,
  );
}
