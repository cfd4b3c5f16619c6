/**
 * A temporary project that depends on dcr-kit as another project's suite does, installed offline from the npm cache.
 *
 * Why it comes with a lockfile: npm 11 resolves a lockless install from full registry documents, and the cache holds
 * those for few packages (the repository's own `npm ci` fetches tarballs by integrity, no documents), so
 * `npm install <tarball> --offline` stops at the first package it has no document for (ENOTCACHED). The consumer's
 * lockfile is cut from the repository's own: the entries that dcr-kit's dependencies (and Vitest, when asked) reach,
 * at the versions the repository's `npm ci` put in the cache. `npm ci --offline` then installs it by integrity, with
 * no network. The consumer takes the repository's `overrides` too, so that every version is one the cache holds.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  license?: string;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  overrides?: unknown;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/**
 * As a shell runs things: without Vitest's markers and NODE_ENV=test (the consumer may run a Vitest of its own), and
 * with npx never installing what the consumer lacks (`npx mock-idp` must find the installed bin).
 */
export const shellEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'TEST' && name !== 'NODE_ENV'),
  ),
  npm_config_yes: 'false',
};

export const exec = promisify(execFile);

/** Runs a command in `cwd` and resolves with its stdout; a failure carries the command's stderr. */
export async function sh(cwd: string, command: string, args: string[], timeout = 120_000): Promise<string> {
  try {
    return (await exec(command, args, { cwd, env: shellEnv, timeout, maxBuffer: 32 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${stderr ?? ''}\n${stdout ?? ''}`);
  }
}

/** The lockfile entries `names` reach from the root of the repository's lockfile, as Node resolves them. */
function reachedFrom(names: string[]): Record<string, LockEntry> {
  const lock = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, 'package-lock.json'));
  const locate = (name: string, from: string): string | undefined => {
    for (let at = from; ; at = at.includes('/node_modules/') ? at.slice(0, at.lastIndexOf('/node_modules/')) : '') {
      const path = `${at ? `${at}/` : ''}node_modules/${name}`;
      if (lock.packages[path]) return path;
      if (!at) return undefined;
    }
  };
  const reached: Record<string, LockEntry> = {};
  const queue = names.map((name) => ({ name, from: '', optional: false }));
  for (let next = queue.pop(); next; next = queue.pop()) {
    const path = locate(next.name, next.from);
    if (path === undefined) {
      if (next.optional) continue;
      throw new Error(`package-lock.json has no ${next.name} for ${next.from || 'the root'}`);
    }
    if (reached[path]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[path] as LockEntry;
    reached[path] = entry;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...peers]) queue.push({ name, from: path, optional: false });
    for (const name of Object.keys(entry.optionalDependencies ?? {})) queue.push({ name, from: path, optional: true });
  }
  return reached;
}

/**
 * Writes a consumer project in `dir` depending on dcr-kit from `spec` (`file:…tgz` or `git+file://…#<commit>`), with
 * Vitest as a dev dependency when `vitest` is set, and installs it with `npm ci --offline`.
 */
export async function installConsumer(
  dir: string,
  dcrKit: { spec: string; integrity?: string },
  { vitest = false } = {},
): Promise<void> {
  const kit = readJson<Manifest>(join(ROOT, 'package.json'));
  const devDependencies = vitest ? { vitest: kit.devDependencies?.vitest as string } : undefined;
  const root = {
    name: 'consumer',
    version: '1.0.0',
    dependencies: { 'dcr-kit': dcrKit.spec },
    ...(devDependencies && { devDependencies }),
  };
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ ...root, private: true, type: 'module', overrides: kit.overrides }, null, 2)}\n`,
  );
  const { version, license, bin, engines, dependencies, peerDependencies, peerDependenciesMeta } = kit;
  const packages = {
    '': root,
    'node_modules/dcr-kit': {
      version,
      resolved: dcrKit.spec,
      ...(dcrKit.integrity && { integrity: dcrKit.integrity }),
      license,
      dependencies,
      peerDependencies,
      peerDependenciesMeta,
      bin,
      engines,
    },
    ...reachedFrom([...Object.keys(dependencies ?? {}), ...Object.keys(devDependencies ?? {})]),
  };
  await writeFile(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  await sh(dir, 'npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], 240_000);
}
