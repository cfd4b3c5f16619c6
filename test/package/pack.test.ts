/**
 * The package as another project gets it (issue 15 item 6): `npm pack`, the tarball installed offline into a temporary
 * consumer project (./consumer.ts), and the harness started there through the API, the Vitest helper and
 * `npx mock-idp`; its declarations typecheck in the consumer.
 *
 * The global setup has built dist/mock-idp (`npm run build:harness`), and other test files run it meanwhile: this file
 * builds only the declarations (`npm run build:types`, into dist/types, which nothing else reads; skipped when they are
 * newer than every source, as after `npm ci`, whose `prepare` built them) and packs with `--ignore-scripts`, so
 * `prepare` does not rebuild the bundle under their feet. `prepare` itself runs in
 * git.test.ts (an install from git) and on every `npm pack` outside the tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installConsumer, ROOT, sh, shellEnv } from './consumer';

interface Packed {
  filename: string;
  integrity: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

let dir: string;
let consumer: string;
let packed: Packed;
let typecheck: Promise<string>;
const children: ChildProcess[] = [];

/** A consumer's TypeScript file using both entry points; the `@ts-expect-error` lines fail if either is `any`. */
const CHECK_TS = `import { type Harness, type HarnessOptions, startHarness } from 'dcr-kit';
import { useHarness } from 'dcr-kit/vitest';

const options: HarnessOptions = { port: 0, config: { tenants: [] }, keysOnFirstUse: true };
const harness: Harness = await startHarness(options);
const endpoint: string | undefined = harness.manifest.tenants.find((t) => t.vendor === 'okta')?.tokenEndpoint;
harness.control.clock.advance(3600);
harness.control.nextTokenClaims('okta', { tier: 'gold' });
await harness.tenants.get('okta')?.keys.ready();
const current: () => Harness = useHarness({ tls: true }, { resetBeforeEach: false });
// @ts-expect-error a port is a number
await startHarness({ port: '4400' });
// @ts-expect-error an unknown option
useHarness({ prot: 0 });
console.log(endpoint, current);
await harness.close();
`;

/** The strictest common setup: nodenext wants every relative import in the declarations spelled with its extension. */
const CHECK_TSCONFIG = {
  compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module: 'nodenext', lib: ['ES2023'] },
  files: ['check.ts'],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dcr-kit-pack-'));
  if (typesAreStale()) await sh(ROOT, 'npm', ['run', '--silent', 'build:types']);
  [packed] = JSON.parse(await sh(ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir])) as [Packed];
  consumer = join(dir, 'consumer');
  await mkdir(consumer);
  await installConsumer(consumer, { spec: `file:../${packed.filename}`, integrity: packed.integrity }, { vitest: true });
  // The typecheck (the repository's tsc; seconds of parsing) runs while the tests below start harnesses.
  await writeFile(join(consumer, 'check.ts'), CHECK_TS);
  await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(CHECK_TSCONFIG));
  const tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  typecheck = sh(consumer, process.execPath, [tsc, '-p', 'tsconfig.json'], 90_000);
  typecheck.catch(() => {}); // awaited by its test
}, 180_000);

afterAll(async () => {
  for (const child of children) {
    try {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {} // already gone
  }
  await typecheck?.catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Whether dist/types is older than a file it is built from (or missing), as make decides. */
function typesAreStale(): boolean {
  const built = join(ROOT, 'dist/types/mock-idp/harness.d.ts');
  if (!existsSync(built)) return true;
  const inputs = ['mock-idp', 'shared'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  inputs.push(...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build-types.mjs'].map((f) => join(ROOT, f)));
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((input) => statSync(input).mtimeMs > builtAt);
}

const installed = (path: string) => join(consumer, 'node_modules/dcr-kit', path);

describe('the dcr-kit package', () => {
  it('holds the runtime only: the bundle, its declarations, README and package.json', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((p) => !/^(dist\/|package\.json$|README\.md$|LICENSE)/.test(p))).toEqual([]);
    expect(paths.filter((p) => /(^|\/)(test|extension|node_modules)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => /\.[mc]?tsx?$/.test(p) && !/\.d\.[mc]?ts$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('dist/types/') && !/^dist\/types\/(mock-idp|shared)\/.*\.d\.ts$/.test(p))).toEqual(
      [],
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/mock-idp/main.js',
        'dist/mock-idp/harness.js',
        'dist/mock-idp/vitest.js',
        'dist/types/mock-idp/harness.d.ts',
        'dist/types/mock-idp/vitest.d.ts',
      ]),
    );
    // 363 files and 1.7 MB (5.4 MB unpacked) before `files`; 35 files and 0.8 MB (3.2 MB) with it.
    expect(packed.entryCount).toBeLessThan(100);
    expect(packed.size).toBeLessThan(1_500_000);
  });

  it('installs `mock-idp` as an executable with a node shebang', () => {
    const main = installed('dist/mock-idp/main.js');
    expect(readFileSync(main, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(() => accessSync(main, constants.X_OK)).not.toThrow();
    expect(() => accessSync(join(consumer, 'node_modules/.bin/mock-idp'), constants.X_OK)).not.toThrow();
  });

  it('depends on every package the bundle leaves external (a dependency, or Vitest as an optional peer)', () => {
    const manifest = JSON.parse(readFileSync(installed('package.json'), 'utf8'));
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const builtin = new Set(builtinModules);
    const external = new Set<string>();
    for (const entry of readdirSync(installed('dist'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.[mc]?js$/.test(entry.name)) continue;
      const code = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      // esbuild writes specifiers in double quotes: from"x", import("x"), require("x") and __require("x").
      for (const [, specifier] of code.matchAll(
        /(?<![\w$.])(?:from|import|require|__require)\s*\(?\s*"((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^"\s]*)?"/g,
      )) {
        if (specifier && !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtin.has(specifier))
          external.add(specifier);
      }
    }
    expect([...external]).toEqual(expect.arrayContaining(['oidc-provider', 'vitest']));
    expect([...external].filter((name) => !declared.has(name))).toEqual([]);
    expect(manifest.peerDependenciesMeta.vitest.optional).toBe(true);
  });

  it("starts through the API: `import { startHarness } from 'dcr-kit'`, harness.json, a token for the demo client", async () => {
    await writeFile(
      join(consumer, 'api.mjs'),
      `import { startHarness } from 'dcr-kit';
const harness = await startHarness({ port: 0 });
try {
  const manifest = await (await fetch(harness.url + '/harness.json')).json();
  const okta = manifest.tenants.find((t) => t.vendor === 'okta');
  const { clientId, clientSecret, params } = okta.demoClient;
  const response = await fetch(okta.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: 'Basic ' + btoa(clientId + ':' + clientSecret) },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
  });
  const body = await response.json();
  console.log(JSON.stringify({ url: harness.url, status: response.status, tokenType: body.token_type, token: typeof body.access_token }));
} finally {
  await harness.close();
}
`,
    );
    const result = JSON.parse(await sh(consumer, process.execPath, ['api.mjs'], 30_000));
    expect(result).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      status: 200,
      tokenType: 'Bearer',
      token: 'string',
    });
  }, 40_000);

  it("runs a Vitest suite with `useHarness()` from 'dcr-kit/vitest' (the consumer's own Vitest)", async () => {
    await mkdir(join(consumer, 'test'), { recursive: true });
    await writeFile(
      join(consumer, 'test/harness.test.js'),
      `import { useHarness } from 'dcr-kit/vitest';
import { expect, it } from 'vitest';

const harness = useHarness();

it('gets a token for the Okta demo client', async () => {
  const okta = harness().manifest.tenants.find((t) => t.vendor === 'okta');
  const { clientId, clientSecret, params } = okta.demoClient;
  const response = await fetch(okta.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: 'Basic ' + btoa(clientId + ':' + clientSecret) },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
  });
  expect(response.status).toBe(200);
});

it('is reset before each test and keeps its URL', () => {
  expect(harness().url).toMatch(/^http:\\/\\/127\\.0\\.0\\.1:\\d+$/);
});
`,
    );
    const output = stripVTControlCharacters(await sh(consumer, 'npx', ['vitest', 'run'], 60_000));
    expect(output).toMatch(/Tests\s+2 passed \(2\)/);
  }, 70_000);

  it('serves through `npx mock-idp --port 0`: the ready line, then /health', async () => {
    const child = spawn('npx', ['mock-idp', '--port', '0'], {
      cwd: consumer,
      env: shellEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        const ready = /^dcr-kit mock IdP harness on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
        if (ready?.[1]) resolve(ready[1]);
      });
      child.stderr?.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => reject(new Error(`npx mock-idp exited ${code}: ${output}`)));
    });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    process.kill(-(child.pid as number), 'SIGINT');
    await exited;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 30_000);

  it("says dcr-kit's own version through `npx mock-idp --version`, not the consumer project's", async () => {
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const consumerVersion = JSON.parse(readFileSync(join(consumer, 'package.json'), 'utf8')).version;
    expect(own).not.toBe(consumerVersion);
    expect((await sh(consumer, 'npx', ['mock-idp', '--version'])).trim()).toBe(own);
  });

  it('declares types a TypeScript consumer resolves (nodenext, skipLibCheck off)', async () => {
    await expect(typecheck).resolves.toBe('');
  }, 90_000);
});
