/**
 * CI runs only a smoke of the bench (the real figures come from `npm run bench`, never from timed tests): every
 * server starts, answers every persona's request with tokens and no errors, and the JSON report is complete.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run bench -- --smoke', () => {
  it('measures the harness personas, oauth2-mock-server and the bare koa+jose limit, and writes the JSON report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dcr-kit-bench-')), 'bench.json');
    const { stdout } = await run(
      process.execPath,
      [resolve(import.meta.dirname, 'bench.mjs'), '--smoke', '--skip-build', '--out', out],
      {
        timeout: 120_000,
      },
    );
    expect(stdout).toContain('÷ oauth2-mock-server');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(report.servers)).toEqual(['harness', 'oauth2-mock-server', 'bare koa+jose']);
    expect(Object.keys(report.servers.harness.cells)).toEqual(['auth0', 'okta', 'curity', 'azure']);
    expect(Object.keys(report.coldStart)).toEqual(['harness', 'harness --data (restart)', 'oauth2-mock-server', 'bare koa+jose']);
    for (const start of Object.values(report.coldStart) as { medianMs: number; samplesMs: number[] }[]) {
      expect(start.samplesMs).toHaveLength(1);
      expect(start.medianMs).toBe(start.samplesMs[0]);
    }
    expect(stdout).toContain('cold start, spawn → first token');
    for (const server of Object.values(report.servers) as {
      coldStartMs: number;
      cells: Record<string, Record<string, { tokensPerSecond: number; non2xx: number; errors: number }>>;
      rssMb: number[];
    }[]) {
      expect(server.coldStartMs).toBeGreaterThan(0);
      expect(server.rssMb).toHaveLength(5);
      for (const byConcurrency of Object.values(server.cells)) {
        for (const cell of Object.values(byConcurrency)) {
          expect(cell.tokensPerSecond).toBeGreaterThan(0);
          expect(cell.non2xx + cell.errors).toBe(0);
        }
      }
    }
  }, 150_000);
});
