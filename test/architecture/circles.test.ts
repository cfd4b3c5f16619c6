/**
 * No import circles (type imports included): a circle means two files cannot be read, tested or moved apart, and it
 * is where the next change tangles. Issue 14 broke the last ones (app → control → bridge → app, errors ↔ faults,
 * each persona's index ↔ its admin API); this keeps it so.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { imports, sourceFiles } from '../helpers/sources';

const ROOT = resolve(import.meta.dirname, '../..');

/** The files of this tree a file imports (relative specifiers, resolved to .ts/.tsx or index.ts). */
function importsOf(file: string): string[] {
  const specifiers = imports(file)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s));
  return specifiers.flatMap((base) => {
    const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    return found ? [found] : [];
  });
}

it('has no import circles in shared/, mock-idp/ or extension/', () => {
  const files = ['shared', 'mock-idp', 'extension'].flatMap((area) => sourceFiles(join(ROOT, area)));
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        circles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(ROOT, f)).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  expect(circles).toEqual([]);
});
