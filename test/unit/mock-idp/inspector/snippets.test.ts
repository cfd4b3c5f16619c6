/**
 * The Overview's curl for each tenant's demo client (mock-idp/inspector/ui/snippets.ts) gets a token when run as it
 * is shown, and for Auth0, Okta and Entra it is the README's own "Get a token" example, character for character.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { curlSnippet } from '../../../../mock-idp/inspector/ui/snippets';
import { useHarness } from '../../../../mock-idp/vitest';

const run = promisify(execFile);
const README = readFileSync(resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
const harness = useHarness();

describe('the inspector’s curl snippets', () => {
  it.each(['auth0', 'okta', 'curity', 'azure'])('%s: run as shown, it prints a token', async (id) => {
    const tenant = harness().manifest.tenants.find((t) => t.id === id);
    if (!tenant) throw new Error(`no tenant ${id}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', curlSnippet(tenant)]);
    expect(stdout).toContain('"access_token":"ey');
  });

  it.each(['auth0', 'okta', 'azure'])('%s: is the README’s example', (id) => {
    const tenant = harness().manifest.tenants.find((t) => t.id === id);
    if (!tenant) throw new Error(`no tenant ${id}`);
    const shown = curlSnippet(tenant).replaceAll(harness().url, 'http://127.0.0.1:4400');
    expect(README).toContain(`\`\`\`bash\n${shown}\n\`\`\``);
  });
});
