/**
 * Vitest global setup: builds what the tests run, with the same commands the README gives — the CLI bundle
 * (`npm run build:harness`, which `npm start` runs too) and the extension for Chromium and Firefox (`wxt build`, `wxt build -b firefox`) — so `npx vitest`
 * alone never runs against a stale build.
 */
import { execFileSync } from 'node:child_process';

export default function build(): void {
  execFileSync('npm', ['run', '--silent', 'build:harness'], { stdio: 'inherit' });
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
