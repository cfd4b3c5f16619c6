/**
 * The token endpoint and discovery of every tenant of the target (test/helpers/target.ts: the `--tls --tenant-ports`
 * harness by default, or your own test tenants with DCR_KIT_TARGET=<file>), so a team can replay these expectations
 * against real Okta/Auth0/Entra/Curity tenants and see where the mock drifts. Each request is the vendor's own,
 * written out here; each expected byte names its source:
 *  - Auth0: https://auth0.com/docs/api/authentication#client-credentials-flow (JSON body, client_secret_post);
 *    wrong secret `401 {"error":"access_denied","error_description":"Unauthorized"}` (community.auth0.com threads
 *    quoted in shared/reference/vendors.md §1).
 *  - Okta: https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/tag/OrgAS/ (Basic, form); wrong secret
 *    `401 invalid_client "The client secret supplied for a confidential client is invalid."` (vendors.md §3.1).
 *  - Entra v2: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow (form, scope
 *    `{resource}/.default`, answer {token_type, expires_in, ext_expires_in, access_token}); wrong secret `401
 *    invalid_client` with AADSTS7000215 (same page, "Error response").
 *  - Curity: https://curity.io/docs/idsvr/latest/token-service-admin-guide/endpoints/token-endpoint (Basic, form);
 *    wrong secret `401 {"error":"invalid_client"}` (vendors.md §2).
 */
import { describe, expect, it } from 'vitest';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { basic, form } from '../../helpers/http';
import { useTarget } from '../../helpers/target';

const target = useTarget();

/** The vendor's own client-credentials request for `tenant`, with `secret` in place of the demo client's. */
function tokenRequest(tenant: ManifestTenant, secret = tenant.demoClient.clientSecret): RequestInit {
  const { clientId, params } = tenant.demoClient;
  switch (tenant.vendor) {
    case 'auth0':
      return {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...params }),
      };
    case 'azure':
      return {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...params }),
      };
    default:
      return {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(clientId, secret) },
        body: form({ grant_type: 'client_credentials', ...params }),
      };
  }
}

/** The fields each vendor's success answer carries, in its order (sources above). */
const SUCCESS_FIELDS: Record<string, string[]> = {
  auth0: ['access_token', 'token_type', 'expires_in'],
  okta: ['token_type', 'expires_in', 'access_token', 'scope'],
  azure: ['token_type', 'expires_in', 'ext_expires_in', 'access_token'],
  curity: ['access_token', 'scope', 'token_type', 'expires_in'],
};

const tenants = () => target().tenants;

describe('discovery and keys', () => {
  it('each tenant publishes its issuer exactly as configured and a JWKS of RS256 signing keys with kids', async () => {
    for (const tenant of tenants()) {
      const discovery = await target().send(tenant.discoveryUrl);
      expect(discovery.status, tenant.id).toBe(200);
      expect(discovery.json.issuer, tenant.id).toBe(tenant.issuer);
      expect(discovery.json.token_endpoint, tenant.id).toBe(tenant.tokenEndpoint);
      const jwks = await target().send(discovery.json.jwks_uri);
      expect(jwks.status, tenant.id).toBe(200);
      for (const key of jwks.json.keys) expect(key, tenant.id).toMatchObject({ kty: 'RSA', kid: expect.any(String) });
    }
  });
});

describe('client credentials, the vendor way', () => {
  it('answers the demo client with the fields and types its vendor documents, in order', async () => {
    for (const tenant of tenants()) {
      const res = await target().send(tenant.tokenEndpoint, tokenRequest(tenant));
      expect(res.status, `${tenant.id}: ${res.text}`).toBe(200);
      expect(res.headers.get('content-type'), tenant.id).toMatch(/^application\/json/);
      const fields = Object.keys(res.json);
      // Auth0 adds `scope` when the grant has scopes: the documented three come first, in this order.
      if (tenant.vendor === 'auth0') expect(fields.slice(0, 3), tenant.id).toEqual(SUCCESS_FIELDS.auth0);
      else expect(fields, tenant.id).toEqual(SUCCESS_FIELDS[tenant.vendor]);
      // Curity writes it in lower case (its token endpoint page's example answer: "token_type": "bearer").
      expect(res.json.token_type, tenant.id).toBe(tenant.vendor === 'curity' ? 'bearer' : 'Bearer');
      expect(typeof res.json.expires_in, tenant.id).toBe('number');
      expect(res.json.access_token.split('.'), tenant.id).toHaveLength(3);
    }
  });

  it("refuses a wrong secret with the vendor's own status and error body", async () => {
    for (const tenant of tenants()) {
      const res = await target().send(tenant.tokenEndpoint, tokenRequest(tenant, 'not-the-secret'));
      expect(res.status, tenant.id).toBe(401);
      switch (tenant.vendor) {
        case 'auth0':
          expect(res.text).toBe('{"error":"access_denied","error_description":"Unauthorized"}');
          break;
        case 'okta':
          expect(res.text).toBe(
            '{"error":"invalid_client","error_description":"The client secret supplied for a confidential client is invalid."}',
          );
          break;
        case 'curity':
          expect(res.text).toBe('{"error":"invalid_client"}');
          break;
        case 'azure':
          expect(res.json.error).toBe('invalid_client');
          expect(res.json.error_codes).toEqual([7000215]);
          expect(res.json.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
          break;
      }
    }
  });
});

it('reads a real target from DCR_KIT_TARGET and names the bad field of a broken file', async () => {
  // The same path a team's file takes, exercised here with a file that is wrong on purpose.
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'dcr-kit-target-')), 'tenants.json');
  writeFileSync(file, JSON.stringify({ tenants: [{ ...tenants()[0], tokenEndpoint: 'not a url' }] }));
  const { readTargetFile } = await import('../../helpers/target');
  expect(() => readTargetFile(file)).toThrow(`DCR_KIT_TARGET=${file}: tenants.0.tokenEndpoint: Invalid URL`);
});
