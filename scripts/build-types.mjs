#!/usr/bin/env node
/**
 * The package's type declarations (`npm run build:types`, part of `prepare`): tsc emits a .d.ts for every source file
 * the public entry points import (tsconfig.build.json, into dist/types). This keeps only those the entry points' types
 * reach, and spells every relative import as the `.js` file it stands for, so the declarations resolve under
 * `moduleResolution` bundler, node16 and nodenext alike (this package is ESM; nodenext wants extensions).
 * tsc runs with `noCheck` (the same declarations, in half the time): `npm run typecheck` is where type errors fail, and
 * `prepare`, which runs this on every `npm ci` and install from git, should not.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const OUT = 'dist/types';
const ENTRIES = ['mock-idp/harness.d.ts', 'mock-idp/vitest.d.ts'];
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\2/gm;

rmSync(OUT, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

const reached = new Set();
const queue = ENTRIES.map((entry) => join(OUT, entry));
while (queue.length > 0) {
  const file = queue.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  const text = readFileSync(file, 'utf8').replace(SPECIFIER, (_, head, quote, specifier) => {
    const base = join(dirname(file), specifier);
    const target = [`${base}.d.ts`, join(base, 'index.d.ts')].find((candidate) => existsSync(candidate));
    if (target === undefined) throw new Error(`${file}: no declaration for ${specifier}`);
    queue.push(target);
    let path = relative(dirname(file), target).replace(/\.d\.ts$/, '.js');
    if (!path.startsWith('.')) path = `./${path}`;
    return `${head}${quote}${path}${quote}`;
  });
  writeFileSync(file, text);
}

for (const entry of readdirSync(OUT, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isFile() && !reached.has(path)) rmSync(path);
}
for (const entry of readdirSync(OUT, { recursive: true, withFileTypes: true }).reverse()) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isDirectory() && readdirSync(path).length === 0) rmSync(path, { recursive: true });
}
