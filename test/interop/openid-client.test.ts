/**
 * Interoperability: an independent, certified client library (openid-client, on oauth4webapi) discovers each
 * tenant and runs the client credentials grant; jose verifies every token against the JWKS that discovery names.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';

const harness = useHarness();

interface Scenario {
  name: string;
  issuer: (url: string) => string;
  clientId: string;
  secret: string;
  auth: 'basic' | 'post';
  params: Record<string, string>;
  /** The `iss` the access token carries (Entra v1 tokens name sts.windows.net, not the discovery issuer). */
  tokenIssuer: (url: string) => string;
  audience: string;
}

const scenarios: Scenario[] = [
  {
    name: 'auth0',
    issuer: (url) => `${url}/auth0/`,
    clientId: AUTH0.clientId,
    secret: AUTH0.clientSecret,
    auth: 'post',
    params: { audience: AUTH0.audience },
    tokenIssuer: (url) => `${url}/auth0/`,
    audience: AUTH0.audience,
  },
  {
    name: 'okta',
    issuer: (url) => `${url}/okta/oauth2/default`,
    clientId: OKTA.clientId,
    secret: OKTA.clientSecret,
    auth: 'basic',
    params: { scope: OKTA.scope },
    tokenIssuer: (url) => `${url}/okta/oauth2/default`,
    audience: 'api://default',
  },
  {
    name: 'curity',
    issuer: (url) => `${url}/curity/oauth/v2/oauth-anonymous`,
    clientId: CURITY.clientId,
    secret: CURITY.clientSecret,
    auth: 'basic',
    params: { scope: 'read' },
    tokenIssuer: (url) => `${url}/curity/oauth/v2/oauth-anonymous`,
    audience: CURITY.clientId,
  },
  {
    name: 'azure (v2 endpoint, v1 token)',
    issuer: (url) => `${url}/azure/${AZURE.tenantId}/v2.0`,
    clientId: AZURE.clientId,
    secret: AZURE.clientSecret,
    auth: 'post',
    params: { scope: `${AZURE.resource}/.default` },
    tokenIssuer: () => `https://sts.windows.net/${AZURE.tenantId}/`,
    audience: AZURE.resource,
  },
];

describe.each(scenarios)('openid-client against $name', (s) => {
  it('discovers the tenant, gets a token with client credentials, and the token verifies against the JWKS', async () => {
    const url = harness().url;
    const config = await oidc.discovery(
      new URL(s.issuer(url)),
      s.clientId,
      undefined,
      s.auth === 'basic' ? oidc.ClientSecretBasic(s.secret) : oidc.ClientSecretPost(s.secret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(s.issuer(url));
    const tokens = await oidc.clientCredentialsGrant(config, s.params);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBeGreaterThan(0);
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri as string));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: s.tokenIssuer(url),
      audience: s.audience,
      algorithms: ['RS256'],
    });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('openid-client against a wrong secret', () => {
  it("surfaces the vendor's error code", async () => {
    const config = await oidc.discovery(
      new URL(`${harness().url}/okta/oauth2/default`),
      OKTA.clientId,
      undefined,
      oidc.ClientSecretBasic('wrong'),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    await expect(oidc.clientCredentialsGrant(config, { scope: OKTA.scope })).rejects.toMatchObject({
      error: 'invalid_client',
      status: 401,
    });
  });
});
