/**
 * Conventions as failing tests: the import boundaries (shared ← extension, shared ← mock-idp, test → all) and
 * "one name per vendor everywhere" (registry file, mock folder, conformance file, README fidelity rows).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vendorIds } from '../../shared/vendors';
import { imports, sourceFiles } from '../helpers/sources';

const ROOT = resolve(import.meta.dirname, '../..');
const AREAS = ['shared', 'mock-idp', 'extension', 'test'] as const;
type Area = (typeof AREAS)[number];

/** Which areas each area may import from (relative imports, resolved). */
const ALLOWED: Record<Area, readonly Area[]> = {
  shared: ['shared'],
  'mock-idp': ['mock-idp', 'shared'],
  extension: ['extension', 'shared'],
  test: ['test', 'shared', 'mock-idp', 'extension'],
};

function areaOf(path: string): Area | undefined {
  const top = relative(ROOT, path).split(/[\\/]/)[0];
  return AREAS.find((a) => a === top);
}

describe('import boundaries', () => {
  for (const area of AREAS) {
    it(`${area}/ imports only from ${ALLOWED[area].join(', ')}`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(join(ROOT, area))) {
        for (const specifier of imports(file)) {
          if (!specifier.startsWith('.')) continue;
          const target = areaOf(resolve(dirname(file), specifier));
          if (!target || !ALLOWED[area].includes(target)) violations.push(`${relative(ROOT, file)} → ${specifier}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('keeps shared/ runtime-neutral: no node:*, no packages, no browser.*', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'shared'))) {
      for (const specifier of imports(file))
        if (!specifier.startsWith('.')) violations.push(`${relative(ROOT, file)} imports ${specifier}`);
      if (/\bbrowser\.\w/.test(readFileSync(file, 'utf8'))) violations.push(`${relative(ROOT, file)} uses browser.*`);
    }
    expect(violations).toEqual([]);
  });
});

describe('one name per vendor everywhere', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it.each(vendorIds)('%s has a registry file, a mock folder, a conformance file and README fidelity rows', (id) => {
    expect(existsSync(join(ROOT, 'shared/vendors', `${id}.ts`))).toBe(true);
    expect(existsSync(join(ROOT, 'mock-idp/vendors', id, 'index.ts'))).toBe(true);
    expect(existsSync(join(ROOT, 'test/conformance/vendors', `${id}.test.ts`))).toBe(true);
    expect(readme).toMatch(new RegExp(`^\\| \`${id}\` \\|`, 'm'));
  });

  it('has no vendor folder in the mock without a registry entry', () => {
    const folders = readdirSync(join(ROOT, 'mock-idp/vendors')).filter((n) =>
      statSync(join(ROOT, 'mock-idp/vendors', n)).isDirectory(),
    );
    expect(folders.sort()).toEqual([...vendorIds].sort());
  });
});

describe('extension layering', () => {
  it('keeps browser.* in platform/ and entrypoints/, and the UI away from platform/', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'extension'))) {
      const rel = relative(ROOT, file);
      const inPlatform = rel.startsWith('extension/platform/');
      const text = readFileSync(file, 'utf8');
      if (!inPlatform && !rel.startsWith('extension/entrypoints/') && /from 'wxt\/(browser|utils\/storage)'/.test(text)) {
        violations.push(`${rel} imports the browser API`);
      }
      if (rel.startsWith('extension/ui/') || rel.startsWith('extension/core/')) {
        for (const specifier of imports(file)) if (specifier.includes('/platform/')) violations.push(`${rel} → ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
