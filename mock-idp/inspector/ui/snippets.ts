/**
 * The Overview's copyable token request for a tenant's demo client, written the way README.md's "Get a token"
 * examples are (test/unit/mock-idp/inspector/snippets.test.ts runs each one with curl and compares it with the README's):
 * Auth0 a JSON body, Okta and Curity HTTP Basic with a form, Entra a form with the secret and scope URL-encoded.
 */
import type { ManifestTenant } from '../../../shared/harness/manifest';

const q = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** A form value curl can send with `-d` as it is (nothing to quote or encode). */
const plain = (value: string) => /^[\w.:-]+$/.test(value);

function formLines(params: Record<string, string>): string[] {
  return Object.entries(params).map(([name, value]) =>
    plain(value) ? `-d ${name}=${value}` : `--data-urlencode ${q(`${name}=${value}`)}`,
  );
}

export function curlSnippet(tenant: ManifestTenant): string {
  const { clientId, clientSecret, params } = tenant.demoClient;
  const head = `curl -s ${tenant.tokenEndpoint}`;
  if (tenant.vendor === 'auth0') {
    const body = JSON.stringify({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      ...params,
    });
    return [head, "-H 'Content-Type: application/json'", `-d ${q(body)}`].join(' \\\n  ');
  }
  if (tenant.vendor === 'azure') {
    const lines = formLines({ grant_type: 'client_credentials', client_id: clientId });
    lines.push(
      `--data-urlencode ${q(`client_secret=${clientSecret}`)}`,
      ...formLines(params).map((l) => l.replace(/^-d (.*)$/, (_m, kv: string) => `--data-urlencode ${q(kv)}`)),
    );
    return [head, ...lines].join(' \\\n  ');
  }
  return [
    head,
    `-u ${q(`${clientId}:${clientSecret}`)}`,
    formLines({ grant_type: 'client_credentials', ...params }).join(' '),
  ].join(' \\\n  ');
}
