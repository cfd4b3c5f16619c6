/**
 * Vitest global setup: builds the CLI bundle the CLI tests spawn, with the same command `npm start` uses, so
 * `npx vitest` alone never runs against a stale build.
 */
import { execFileSync } from 'node:child_process';

export default function buildHarness(): void {
  execFileSync('npm', ['run', '--silent', 'build:harness'], { stdio: 'inherit' });
}
