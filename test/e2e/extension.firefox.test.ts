/**
 * The extension's end-to-end scenarios in Debian's firefox-esr (the same bodies as extension.chromium.test.ts), then
 * what only Firefox has: install-time host access the user can take back in the add-on's settings. Before issue 16,
 * Connect asked for `http://127.0.0.1:<port>/*`, a pattern Firefox matches no URL with: a prompt nobody could answer
 * headless and "Connecting…" for ever; the import scenario now asserts no prompt at all.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { click, text, tid, waitText } from '../helpers/ui';
import { consoleScenarios } from './scenarios/console';
import { portalScenarios } from './scenarios/portal';
import { extensionSuite } from './scenarios/suite';
import { LEFT, tokenScenarios } from './scenarios/tokens';

const suite = extensionSuite('firefox', useHarness({}, { resetBeforeEach: false }));

type Permissions = {
  permissions: { getAll(): Promise<{ origins: string[] }>; remove(p: { origins: string[] }): Promise<boolean> };
};

describe('install-time host access in Firefox', () => {
  it('holds the loopback host permissions from install, port-less', async () => {
    const origins = await suite.browser.inExtension(
      async () => (await (globalThis as unknown as { browser: Permissions }).browser.permissions.getAll()).origins,
    );
    expect(origins).toEqual(expect.arrayContaining(['http://127.0.0.1/*', 'http://localhost/*']));
  });
});

tokenScenarios(suite);
consoleScenarios(suite);
portalScenarios(suite);

describe('host access taken back in Firefox', () => {
  it('notices it, and asks again with the button (Firefox prompts; Allow)', async () => {
    const { popup } = suite;
    // What "Access your data for 127.0.0.1" switched off in the add-on's permissions does.
    const removed = await suite.browser.inExtension(() =>
      (globalThis as unknown as { browser: Permissions }).browser.permissions.remove({
        origins: ['http://127.0.0.1/*', 'http://localhost/*'],
      }),
    );
    expect(removed).toBe(true);
    await showProfiles();
    expect(await waitText(popup, tid('host-access'), /./)).toContain('dcr-kit can no longer reach 127.0.0.1, localhost');
    await click(popup, tid('host-access-request'));
    // Firefox's doorhanger, answered as the user would.
    const deadline = Date.now() + 10_000;
    while (!(await suite.browser.permissionPrompt()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await suite.browser.permissionPrompt()).toContain('127.0.0.1');
    await suite.browser.allowPermission();
    await popup.waitForSelector(tid('host-access'), { hidden: true });
    // Reachable again: a token from the harness.
    const curity = tid('profile-harness-curity');
    await click(popup, `${curity} ${tid('get-token')}`);
    await waitText(popup, `${curity} ${tid('token-state')}`, LEFT);
    expect(await text(popup, `${curity} ${tid('token-state')}`)).toMatch(LEFT);
  }, 30_000);
});

async function showProfiles(): Promise<void> {
  await click(suite.popup, '[role="tab"]#tab-profiles');
}
