#!/usr/bin/env node
/**
 * The `mock-idp` entry point. On Node ≥ 22.1 it first turns on Node's module compile cache (V8 code cache in the
 * OS temp directory, what npm's own CLI does), which takes parsing the bundle off every later start; Node 20 has
 * no such cache and goes straight on. The CLI itself is ./cli.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./cli');
