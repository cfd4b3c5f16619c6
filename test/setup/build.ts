/**
 * Vitest global setup: builds what the tests run, with the same commands the README gives — the CLI bundle
 * (`npm run build:harness`, which `npm start` runs too) and the extension for Chromium and Firefox (`wxt build`, `wxt build -b firefox`) — so `npx vitest`
 * alone never runs against a stale build.
 */
import { execFileSync } from 'node:child_process';

/**
 * As a shell runs them: Vitest sets NODE_ENV=test, which the child builds would inherit, and Preact's Vite preset then
 * bundles its development build (a third larger, with debug checks): the tests would run, and measure, an extension
 * nobody ships.
 */
const { NODE_ENV: _test, ...shellEnv } = process.env;

export default function build(): void {
  execFileSync('npm', ['run', '--silent', 'build:harness'], { stdio: 'inherit', env: shellEnv });
  execFileSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env: shellEnv });
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: ['ignore', 'ignore', 'inherit'], env: shellEnv });
}
