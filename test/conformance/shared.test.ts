/**
 * Behaviours every vendor tenant shares, run for each vendor in the registry. The expectations are written out
 * per vendor from the sourced reference (shared/reference/vendors.md), never read from the vendor profiles.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { type VendorId, vendorIds } from '../../shared/vendors';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { basic, decodeJwt, postForm, send, type WireResponse } from '../helpers/http';

interface Case {
  discoveryPath: string;
  issuer: (url: string) => string;
  jwksPath: string;
  tokenPath: string;
  demoToken: (url: string, secret?: string) => Promise<WireResponse>;
  wrongSecret: { status: number; error: string; description: RegExp | string | undefined };
  tokenType: string;
  expiresIn: number | string;
  /** Konnect's credential claim for this vendor and the value that identifies the demo client. */
  credentialClaim: [string, string];
}

const cases: Record<VendorId, Case> = {
  auth0: {
    discoveryPath: '/auth0/.well-known/openid-configuration',
    issuer: (url) => `${url}/auth0/`,
    jwksPath: '/auth0/.well-known/jwks.json',
    tokenPath: '/auth0/oauth/token',
    demoToken: (url, secret = AUTH0.clientSecret) =>
      postForm(`${url}/auth0/oauth/token`, {
        grant_type: 'client_credentials',
        client_id: AUTH0.clientId,
        client_secret: secret,
        audience: AUTH0.audience,
      }),
    wrongSecret: { status: 401, error: 'access_denied', description: 'Unauthorized' },
    tokenType: 'Bearer',
    expiresIn: 86400,
    credentialClaim: ['azp', AUTH0.clientId],
  },
  okta: {
    discoveryPath: '/okta/oauth2/default/.well-known/openid-configuration',
    issuer: (url) => `${url}/okta/oauth2/default`,
    jwksPath: '/okta/oauth2/default/v1/keys',
    tokenPath: '/okta/oauth2/default/v1/token',
    demoToken: (url, secret = OKTA.clientSecret) =>
      postForm(
        `${url}/okta/oauth2/default/v1/token`,
        { grant_type: 'client_credentials', scope: OKTA.scope },
        basic(OKTA.clientId, secret),
      ),
    wrongSecret: {
      status: 401,
      error: 'invalid_client',
      description: 'The client secret supplied for a confidential client is invalid.',
    },
    tokenType: 'Bearer',
    expiresIn: 3600,
    credentialClaim: ['cid', OKTA.clientId],
  },
  curity: {
    discoveryPath: '/curity/oauth/v2/oauth-anonymous/.well-known/openid-configuration',
    issuer: (url) => `${url}/curity/oauth/v2/oauth-anonymous`,
    jwksPath: '/curity/oauth/v2/oauth-anonymous/jwks',
    tokenPath: '/curity/oauth/v2/oauth-token',
    demoToken: (url, secret = CURITY.clientSecret) =>
      postForm(`${url}/curity/oauth/v2/oauth-token`, { grant_type: 'client_credentials' }, basic(CURITY.clientId, secret)),
    wrongSecret: { status: 401, error: 'invalid_client', description: undefined },
    tokenType: 'bearer',
    expiresIn: 300,
    credentialClaim: ['sub', CURITY.clientId],
  },
  azure: {
    discoveryPath: `/azure/${AZURE.tenantId}/v2.0/.well-known/openid-configuration`,
    issuer: (url) => `${url}/azure/${AZURE.tenantId}/v2.0`,
    jwksPath: `/azure/${AZURE.tenantId}/discovery/v2.0/keys`,
    tokenPath: `/azure/${AZURE.tenantId}/oauth2/v2.0/token`,
    demoToken: (url, secret = AZURE.clientSecret) =>
      postForm(`${url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`, {
        grant_type: 'client_credentials',
        client_id: AZURE.clientId,
        client_secret: secret,
        scope: `${AZURE.resource}/.default`,
      }),
    wrongSecret: { status: 401, error: 'invalid_client', description: /^AADSTS7000215: Invalid client secret provided\./ },
    tokenType: 'Bearer',
    expiresIn: 3599,
    // The demo API asks for v1 tokens (Konnect supports v1 only), so the claim is `appid`.
    credentialClaim: ['appid', AZURE.clientId],
  },
};

describe.each(vendorIds)('%s tenant', (vendor) => {
  const harness = useHarness();
  const c = cases[vendor];
  const url = () => harness().url;

  it('has a conformance case for this registry vendor', () => {
    expect(c, `add "${vendor}" to the cases in test/conformance/shared.test.ts`).toBeDefined();
  });

  it('serves discovery naming its issuer, token endpoint and JWKS', async () => {
    const res = await send(`${url()}${c.discoveryPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.issuer).toBe(c.issuer(url()));
    expect(res.json.token_endpoint).toBe(`${url()}${c.tokenPath}`);
    expect(res.json.jwks_uri).toBe(`${url()}${c.jwksPath}`);
  });

  it('issues a token to the demo client with no-store JSON and the vendor token_type and expires_in', async () => {
    const res = await c.demoToken(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toMatch(/\bno-store\b/);
    expect(res.json.token_type).toBe(c.tokenType);
    expect(res.json.expires_in).toBe(c.expiresIn);
    expect(res.json.access_token).toEqual(expect.any(String));
  });

  it("signs the token with RS256 under a kid found in the tenant's JWKS, and it verifies", async () => {
    const token = (await c.demoToken(url())).json.access_token as string;
    const jwks = (await send(`${url()}${c.jwksPath}`)).json;
    const { header } = decodeJwt(token);
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
    expect(payload.exp).toBeGreaterThan(payload.iat as number);
  });

  it("identifies the client by Konnect's credential claim for this vendor", async () => {
    const [claim, value] = c.credentialClaim;
    const { payload } = decodeJwt((await c.demoToken(url())).json.access_token);
    expect(payload[claim]).toBe(value);
  });

  it("rejects a wrong secret with the vendor's error body", async () => {
    const res = await c.demoToken(url(), 'not-the-secret');
    expect(res.status).toBe(c.wrongSecret.status);
    expect(res.headers.get('cache-control')).toMatch(/\bno-store\b/);
    expect(res.json.error).toBe(c.wrongSecret.error);
    if (c.wrongSecret.description === undefined) expect(res.json).not.toHaveProperty('error_description');
    else expect(res.json.error_description).toMatch(c.wrongSecret.description);
  });

  it('answers a GET on the token endpoint with a JSON error, never a 5xx', async () => {
    const res = await send(`${url()}${c.tokenPath}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json).toBeTypeOf('object');
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers malformed and oversized bodies with a 4xx JSON error', async () => {
    for (const init of [
      { headers: { 'content-type': 'application/json' }, body: '{"grant_type":' },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=%FF%FE' },
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&pad=${'x'.repeat(70_000)}`,
      },
    ]) {
      const res = await send(`${url()}${c.tokenPath}`, { method: 'POST', ...init });
      expect(res.status, init.body.slice(0, 30)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.json, init.body.slice(0, 30)).toBeTypeOf('object');
    }
  });

  it("signs with its own key: the token does not verify against another tenant's JWKS", async () => {
    const token = (await c.demoToken(url())).json.access_token as string;
    const other = vendor === 'auth0' ? cases.okta : cases.auth0;
    const otherJwks = (await send(`${url()}${other.jwksPath}`)).json;
    await expect(jwtVerify(token, createLocalJWKSet(otherJwks))).rejects.toThrow();
  });
});
