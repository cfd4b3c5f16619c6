/** The copied snippets are the exact request, and they work: the curl one runs against a real harness. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { profilesFromManifest } from '../../../extension/core/profiles';
import { curlSnippet, fetchSnippet } from '../../../extension/core/snippets';
import { tokenRequest } from '../../../extension/core/token-request';
import { useHarness } from '../../../mock-idp/vitest';

const run = promisify(execFile);
const harness = useHarness();

describe('token request snippets', () => {
  it('quote for the shell and keep base64 Basic credentials', () => {
    const snippet = curlSnippet({ url: 'https://x/t', method: 'POST', headers: { authorization: "Basic it's" }, body: 'a=b' });
    expect(snippet).toBe("curl -s -X POST 'https://x/t' \\\n  -H 'authorization: Basic it'\\''s' \\\n  --data-raw 'a=b'");
  });

  it.each(['auth0', 'okta', 'curity', 'azure:v2', 'azure:v1'])('%s: the curl snippet gets a token, verbatim', async (id) => {
    const { url, manifest } = harness();
    const imported = profilesFromManifest(manifest, `${url}/harness.json`).find((p) => p.profile.id === `harness:${id}`);
    expect(imported).toBeDefined();
    const snippet = curlSnippet(tokenRequest(imported!.profile, imported!.secret));
    expect(snippet).toMatch(/^curl -s -X POST /);
    const { stdout } = await run('bash', ['-c', snippet]);
    expect(JSON.parse(stdout).access_token).toEqual(expect.any(String));
  });

  it('the fetch snippet is the same request', async () => {
    const { url, manifest } = harness();
    const imported = profilesFromManifest(manifest, `${url}/harness.json`).find((p) => p.profile.id === 'harness:okta');
    const snippet = fetchSnippet(tokenRequest(imported!.profile, imported!.secret));
    const body = await new Function(`return (async () => { ${snippet}\nreturn token; })()`)();
    expect(body.token_type).toBe('Bearer');
  });
});
