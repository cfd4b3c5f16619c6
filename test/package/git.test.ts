/**
 * Installing from git (`npm install git+…`): npm clones the repository, installs its dependencies there (all of them,
 * dev ones included: about a minute from the cache), runs `prepare` (the harness bundle and its declarations), packs
 * the result by `files` and installs that. Too slow for every `npm test`, so it runs when asked:
 *
 *   DCR_KIT_TEST_GIT_INSTALL=1 npx vitest run test/package/git.test.ts
 *
 * It installs the commit checked out (HEAD), offline, into a temporary consumer and starts the harness there.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installConsumer, ROOT, sh } from './consumer';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

// Skipped unless asked: npm installs every dev dependency in its clone (83–170 s here), too long for every npm test.
describe.skipIf(process.env.DCR_KIT_TEST_GIT_INSTALL !== '1')(
  'dcr-kit installed from git (opt-in: DCR_KIT_TEST_GIT_INSTALL=1, about two minutes)',
  () => {
    it('is built by prepare in the clone and starts through the API and `npx mock-idp --help`', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dcr-kit-git-'));
      dirs.push(dir);
      const commit = (await sh(ROOT, 'git', ['rev-parse', 'HEAD'])).trim();
      const consumer = join(dir, 'consumer');
      await mkdir(consumer);
      await installConsumer(consumer, { spec: `git+file://${ROOT}#${commit}` });

      const files = (await sh(join(consumer, 'node_modules/dcr-kit'), 'find', ['.', '-type', 'f'])).split('\n').sort();
      expect(files).toEqual(
        expect.arrayContaining([
          './dist/mock-idp/main.js',
          './dist/mock-idp/harness.js',
          './dist/mock-idp/vitest.js',
          './dist/types/mock-idp/harness.d.ts',
          './dist/types/mock-idp/vitest.d.ts',
          './package.json',
        ]),
      );
      expect(files.filter((f) => /^\.\/(test|extension|mock-idp|shared|scripts)\//.test(f))).toEqual([]);

      await writeFile(
        join(consumer, 'api.mjs'),
        `import { startHarness } from 'dcr-kit';
const harness = await startHarness({ port: 0 });
const manifest = await (await fetch(harness.url + '/harness.json')).json();
console.log(manifest.tenants.length);
await harness.close();
`,
      );
      expect((await sh(consumer, process.execPath, ['api.mjs'])).trim()).toBe('4');
      expect(await sh(consumer, 'npx', ['mock-idp', '--help'])).toMatch(/^Usage: mock-idp \[options\]/);
    }, 400_000);
  },
);
