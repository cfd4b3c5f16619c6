/**
 * openid-client 6 (on oauth4webapi, a certified client) against every tenant over TLS, without
 * `allowInsecureRequests`: discovery and the client credentials grant (each token verified with jose against the JWKS
 * discovery names), a wrong secret, and RFC 7591 dynamic registration at Curity.
 *
 * No option beyond the documented arguments is set: discovery(server, clientId, metadata, clientAuthentication)
 * (https://github.com/panva/openid-client/blob/main/docs/functions/discovery.md) and
 * dynamicClientRegistration(server, metadata, clientAuthentication, { initialAccessToken })
 * (https://github.com/panva/openid-client/blob/main/docs/functions/dynamicClientRegistration.md); apps/openid-client.mjs.
 */
import { describe, expect, it } from 'vitest';
import type { ManifestTenant } from '../../shared/harness/manifest';
import type { VendorId } from '../../shared/vendors/types';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { type AppOutcome, caFileOf, runApp, runAppOutcome, tenantOf, uniqueName, useTlsHarness, verifyJwt } from './support';

const harness = useTlsHarness();

interface Scenario {
  vendor: VendorId;
  clientId: string;
  secret: string;
  auth: 'basic' | 'post';
  params: Record<string, string>;
  /** The `iss` of the access token (Entra v1 tokens name sts.windows.net, not the discovery issuer). */
  tokenIssuer: (tenant: ManifestTenant) => string;
  audience: (tenant: ManifestTenant) => string;
}

const scenarios: Scenario[] = [
  {
    vendor: 'auth0',
    clientId: AUTH0.clientId,
    secret: AUTH0.clientSecret,
    auth: 'post',
    params: { audience: AUTH0.audience },
    tokenIssuer: (t) => t.issuer,
    audience: () => AUTH0.audience,
  },
  {
    vendor: 'okta',
    clientId: OKTA.clientId,
    secret: OKTA.clientSecret,
    auth: 'basic',
    params: { scope: OKTA.scope },
    tokenIssuer: (t) => t.issuer,
    audience: () => 'api://default',
  },
  {
    vendor: 'curity',
    clientId: CURITY.clientId,
    secret: CURITY.clientSecret,
    auth: 'basic',
    params: { scope: 'read' },
    tokenIssuer: (t) => t.issuer,
    audience: () => CURITY.clientId,
  },
  {
    vendor: 'azure',
    clientId: AZURE.clientId,
    secret: AZURE.clientSecret,
    auth: 'post',
    params: { scope: `${AZURE.resource}/.default` },
    tokenIssuer: () => `https://sts.windows.net/${AZURE.tenantId}/`,
    audience: () => AZURE.resource,
  },
];

interface GrantResult {
  issuer: string;
  jwksUri: string;
  tokens: { access_token: string; token_type: string; expires_in: number; scope?: string };
}

function clientCredentials(tenant: ManifestTenant, clientId: string, secret: string, s: Scenario) {
  return { job: 'client-credentials', issuer: tenant.issuer, clientId, clientSecret: secret, auth: s.auth, params: s.params };
}

describe.each(scenarios)('openid-client against $vendor', (s) => {
  it('discovers the tenant over https, gets a token with client credentials, and the token verifies against the JWKS', async () => {
    const tenant = tenantOf(harness(), s.vendor);
    const caFile = caFileOf(harness());
    expect(tenant.issuer.startsWith('https://')).toBe(true);
    const result = await runApp<GrantResult>('openid-client', caFile, clientCredentials(tenant, s.clientId, s.secret, s));
    expect(result.issuer).toBe(tenant.issuer);
    expect(result.tokens.token_type.toLowerCase()).toBe('bearer');
    expect(result.tokens.expires_in).toBeGreaterThan(0);
    const claims = await verifyJwt(result.tokens.access_token, result.jwksUri, caFile, {
      issuer: s.tokenIssuer(tenant),
      audience: s.audience(tenant),
    });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('openid-client against a wrong secret', () => {
  it("surfaces the vendor's error code", async () => {
    const okta = scenarios.find((s) => s.vendor === 'okta')!;
    const tenant = tenantOf(harness(), 'okta');
    const outcome: AppOutcome<GrantResult> = await runAppOutcome(
      'openid-client',
      caFileOf(harness()),
      clientCredentials(tenant, OKTA.clientId, 'wrong', okta),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatchObject({ error: 'invalid_client', status: 401 });
  });
});

describe('openid-client dynamic registration (RFC 7591) at Curity', () => {
  it('registers a client with an initial access token, and the new client gets a token', async () => {
    const tenant = tenantOf(harness(), 'curity');
    const caFile = caFileOf(harness());
    const registration = tenant.registration.credentials;
    const clientName = uniqueName('interop-curity');
    const result = await runApp<GrantResult & { client: Record<string, unknown> }>('openid-client', caFile, {
      job: 'register',
      issuer: tenant.issuer,
      dcrClientId: registration.clientId,
      dcrClientSecret: registration.clientSecret,
      dcrScope: registration.scope,
      metadata: {
        client_name: clientName,
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: 'read',
      },
      params: { scope: 'read' },
    });
    expect(result.issuer).toBe(tenant.issuer);
    expect(result.client).toMatchObject({
      client_id: expect.any(String),
      hasSecret: true,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
    });
    const claims = await verifyJwt(result.tokens.access_token, result.jwksUri, caFile, {
      issuer: tenant.issuer,
      audience: result.client.client_id as string,
    });
    // Curity names the client in `sub` (and `aud`) of a client credentials token.
    expect(claims).toMatchObject({ sub: result.client.client_id, scope: 'read' });
  });
});
