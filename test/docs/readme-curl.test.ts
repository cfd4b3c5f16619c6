/**
 * Every `curl` example in README.md runs verbatim against a harness with the default configuration. Only the
 * origin changes (a free port instead of 4400). A `# expect: <text>` line names what the output must contain;
 * without one, the example must print a token response.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';

const run = promisify(execFile);
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const examples = [...README.matchAll(/```bash\n([\s\S]*?)```/g)]
  .map((m) => m[1] as string)
  .filter((block) => block.includes('curl ') && /http:\/\/127\.0\.0\.1:440[012]/.test(block));

const harness = useHarness();

describe('README curl examples', () => {
  it('has examples for every vendor', () => {
    for (const path of ['/auth0/', '/okta/', '/curity/', '/azure/']) expect(examples.some((e) => e.includes(path))).toBe(true);
  });

  it.each(
    examples.map((e) => [
      e
        .split('\n')
        .find((l) => l.includes('curl'))
        ?.trim() ?? e,
      e,
    ]),
  )('%s', async (_, example) => {
    const { url, manifest } = harness();
    const script = example
      .replaceAll('http://127.0.0.1:4400', url)
      .replaceAll('http://127.0.0.1:4401', manifest.portal.url)
      .replaceAll('http://127.0.0.1:4402', manifest.gateway.url);
    const expected = /^# expect: (.+)$/m.exec(example)?.[1] ?? '"access_token":"ey';
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script]);
    expect(stdout).toContain(expected);
  });
});
