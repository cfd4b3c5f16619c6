/**
 * The built extensions: MV3 for Chromium and Firefox, the minimal permissions the README documents, and Mozilla's
 * addons-linter (the linter `web-ext lint` runs) without errors on the Firefox build.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const OUTPUT = resolve(import.meta.dirname, '../../.output');
const manifest = (target: string) => JSON.parse(readFileSync(resolve(OUTPUT, target, 'manifest.json'), 'utf8'));
const filesIn = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesIn(join(dir, name)) : [join(dir, name)]));

/** Every top-level manifest key: anything new (web_accessible_resources, externally_connectable, …) fails here. */
const KEYS = [
  'action',
  'background',
  'description',
  'host_permissions',
  'manifest_version',
  'name',
  'optional_host_permissions',
  'permissions',
  'version',
];

describe.each(['chrome-mv3', 'firefox-mv3'])('%s build', (target) => {
  it('is Manifest V3 with the documented permissions, host access to the local harness, and every other origin optional', () => {
    const m = manifest(target);
    expect(m.manifest_version).toBe(3);
    expect(m.permissions).toEqual([
      'storage',
      'alarms',
      'cookies',
      'declarativeNetRequestWithHostAccess',
      'scripting',
      'contextMenus',
    ]);
    expect(m.host_permissions).toEqual([
      'http://127.0.0.1/*',
      'http://localhost/*',
      'https://127.0.0.1/*',
      'https://localhost/*',
    ]);
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // The capture script is registered at run time per enabled origin, never for every site.
    expect(m.content_scripts ?? []).toEqual([]);
  });

  it('declares nothing else: no web-accessible resources, no external messaging, no optional API permissions', () => {
    const m = manifest(target);
    const extra = target === 'firefox-mv3' ? ['browser_specific_settings', 'content_security_policy'] : [];
    expect(Object.keys(m).sort()).toEqual([...KEYS, ...extra].sort());
    expect(m.web_accessible_resources).toBeUndefined();
    expect(m.externally_connectable).toBeUndefined();
    expect(m.optional_permissions).toBeUndefined();
    expect(JSON.stringify(m)).not.toContain('<all_urls>');
    // Chromium keeps MV3's default CSP (script-src 'self'; no remote code); Firefox's is pinned below.
    if (target === 'chrome-mv3') expect(m.content_security_policy).toBeUndefined();
    expect(m.background).toEqual(target === 'chrome-mv3' ? { service_worker: 'background.js' } : { scripts: ['background.js'] });
  });

  it('ships all of its code: pages load packaged scripts only, and no bundle evaluates strings or imports remote code', () => {
    const dir = resolve(OUTPUT, target);
    const files = filesIn(dir);
    const violations: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.html'))) {
      for (const [, src] of readFileSync(file, 'utf8').matchAll(/<script[^>]*\ssrc="([^"]*)"/g))
        if (!src?.startsWith('/') || src.startsWith('//')) violations.push(`${relative(dir, file)} loads ${src}`);
    }
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(file, 'utf8');
      for (const pattern of [/\beval\(/, /\bnew Function\(/, /\bimportScripts\(/, /\bimport\(\s*["'`]https?:/])
        if (pattern.test(code)) violations.push(`${relative(dir, file)} matches ${pattern}`);
    }
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(violations).toEqual([]);
  });

  it('keeps the capture script, which runs in portal pages, under 20 kB and free of webextension-polyfill', () => {
    const capture = readFileSync(resolve(OUTPUT, target, 'capture.js'), 'utf8');
    expect(Buffer.byteLength(capture)).toBeLessThanOrEqual(20 * 1024);
    // The polyfill's own error text: it would be half of the script.
    expect(capture).not.toContain('The message port closed before a response was received');
  });

  it("keeps the popup's JavaScript (every chunk popup.html loads) within 25 kB gzipped, without the polyfill", () => {
    const html = readFileSync(resolve(OUTPUT, target, 'popup.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script|link rel="modulepreload")[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) =>
      readFileSync(resolve(OUTPUT, target, `.${m[1]}`)),
    );
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(25 * 1024);
    expect(scripts.some((code) => code.includes('The message port closed before a response was received'))).toBe(false);
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
