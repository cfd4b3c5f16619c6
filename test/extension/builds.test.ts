/**
 * The built extensions: MV3 for Chromium and Firefox, the minimal permissions the README documents, and Mozilla's
 * addons-linter (the linter `web-ext lint` runs) without errors on the Firefox build.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const OUTPUT = resolve(import.meta.dirname, '../../.output');
const manifest = (target: string) => JSON.parse(readFileSync(resolve(OUTPUT, target, 'manifest.json'), 'utf8'));

describe.each(['chrome-mv3', 'firefox-mv3'])('%s build', (target) => {
  it('is Manifest V3 with the documented permissions, host access to the local harness, and every other origin optional', () => {
    const m = manifest(target);
    expect(m.manifest_version).toBe(3);
    expect(m.permissions).toEqual(['storage', 'alarms', 'cookies', 'declarativeNetRequestWithHostAccess', 'scripting']);
    expect(m.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // The capture script is registered at run time per enabled origin, never for every site.
    expect(m.content_scripts ?? []).toEqual([]);
  });
});

describe('firefox-mv3 build', () => {
  it('keeps http:// requests as they are (no upgrade-insecure-requests) and declares no data collection', () => {
    const m = manifest('firefox-mv3');
    expect(m.content_security_policy.extension_pages).toBe("script-src 'self'; object-src 'self'");
    expect(m.browser_specific_settings.gecko).toMatchObject({
      strict_min_version: '128.0',
      data_collection_permissions: { required: ['none'] },
    });
  });

  it('passes addons-linter with no errors', async () => {
    const { stdout } = await run('npx', ['addons-linter', '--output', 'json', resolve(OUTPUT, 'firefox-mv3')], {
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout);
    expect(report.errors).toEqual([]);
  }, 60_000);
});
