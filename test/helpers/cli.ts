/** The built `mock-idp` CLI (`npm run build:harness`, done by the global setup) as a test runs it. */
import { spawn } from 'node:child_process';

export const MAIN = 'dist/mock-idp/main.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end and resolves with its exit code and everything it printed. */
export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // 'close', not 'exit': both streams are read to their end.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
