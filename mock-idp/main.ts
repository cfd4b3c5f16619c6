#!/usr/bin/env node
/**
 * The `mock-idp` entry point. On Node ≥ 22.1 it first turns on Node's module compile cache (V8 code cache in the
 * OS temp directory, what npm's own CLI does), which takes parsing the bundle off every later start; Node 20 has
 * no such cache and goes straight on. The CLI itself is ./cli.
 */
import cluster from 'node:cluster';
import module from 'node:module';

// A `--workers` worker ignores Ctrl-C's SIGINT from its first moment, before the CLI loads: its primary stops it
// with SIGTERM (start/workers.ts, workerSignals).
if (cluster.isWorker) process.on('SIGINT', () => {});
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./cli');
