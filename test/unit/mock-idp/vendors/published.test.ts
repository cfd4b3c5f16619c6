/**
 * The persona kit derives every path and URL from the shared vendor registry; these pin the literal results the
 * conformance tests and vendors.md expect, so a registry edit that moves a persona's URLs shows up here.
 */
import { describe, expect, it } from 'vitest';
import {
  bannerLines,
  endpointPaths,
  endpointUrls,
  metadataPath,
  parentOf,
  pathUnder,
} from '../../../../mock-idp/vendors/published';
import type { ManifestTenant } from '../../../../shared/harness/manifest';
import { auth0, azure, curity, okta } from '../../../../shared/vendors';

const base = 'http://127.0.0.1:4400/t';

describe('endpointUrls', () => {
  it('expands Auth0, Okta (custom and org), Curity and Entra (v1, v2, common keys)', () => {
    expect(endpointUrls(base, auth0.tokenEndpoints[0])).toEqual({
      token: `${base}/oauth/token`,
      issuer: `${base}/`,
      discovery: `${base}/.well-known/openid-configuration`,
      jwks: `${base}/.well-known/jwks.json`,
    });
    expect(endpointUrls(base, okta.tokenEndpoints[0], { authServerId: 'default' })).toEqual({
      token: `${base}/oauth2/default/v1/token`,
      issuer: `${base}/oauth2/default`,
      discovery: `${base}/oauth2/default/.well-known/openid-configuration`,
      jwks: `${base}/oauth2/default/v1/keys`,
    });
    expect(endpointUrls(base, okta.tokenEndpoints[1]).issuer).toBe(base);
    expect(endpointUrls(base, curity.tokenEndpoints[0]).issuer).toBe(`${base}/oauth/v2/oauth-anonymous`);
    expect(endpointUrls(base, azure.tokenEndpoints[1], { tenantId: 'tid' })).toEqual({
      token: `${base}/tid/oauth2/token`,
      issuer: 'https://sts.windows.net/tid/',
      discovery: `${base}/tid/.well-known/openid-configuration`,
      jwks: `${base}/tid/discovery/keys`,
    });
    expect(endpointUrls(base, azure.tokenEndpoints[1], { tenantId: 'common' }).jwks).toBe(`${base}/common/discovery/keys`);
  });

  it('refuses a template whose placeholder has no value', () => {
    expect(() => endpointUrls(base, okta.tokenEndpoints[0])).toThrow(/authServerId/);
  });
});

describe('paths', () => {
  it('turns templates into router paths', () => {
    expect(endpointPaths(okta.tokenEndpoints[0]).token).toBe('/oauth2/:authServerId/v1/token');
    expect(pathUnder(auth0.registration.endpointTemplate)).toBe('/api/v2/clients');
    expect(pathUnder(okta.registration.endpointTemplate)).toBe('/oauth2/v1/clients');
    expect(pathUnder(curity.registration.endpointTemplate)).toBe('/token-service/oauth-registration');
    expect(pathUnder(azure.registration.endpointTemplate, '{graphUrl}')).toBe('/v1.0/applications');
    expect(() => pathUnder(azure.registration.endpointTemplate)).toThrow();
  });

  it('finds the RFC 8414 document beside discovery, and the endpoints beside the token endpoint', () => {
    expect(metadataPath('/oauth2/:authServerId/.well-known/openid-configuration')).toBe(
      '/oauth2/:authServerId/.well-known/oauth-authorization-server',
    );
    expect(parentOf(`${base}/oauth/v2/oauth-token`)).toBe(`${base}/oauth/v2`);
  });
});

describe('bannerLines', () => {
  const manifest = {
    tokenEndpoint: `${base}/oauth/token`,
    discoveryUrl: `${base}/.well-known/openid-configuration`,
    demoClient: { clientId: 'id', clientSecret: 's3cret', params: { audience: 'https://api' } },
  } as unknown as ManifestTenant;

  it('prints the demo secret only when asked to', () => {
    expect(bannerLines(manifest, false, 'audience')).toEqual([
      `token     POST ${base}/oauth/token`,
      `discovery ${base}/.well-known/openid-configuration`,
      'demo      client_id=id client_secret=(from your config) audience=https://api',
    ]);
    expect(bannerLines(manifest, true, 'scope', { tokens: ['t'], note: ' (n)' })).toEqual([
      't',
      `discovery ${base}/.well-known/openid-configuration`,
      'demo      client_id=id client_secret=s3cret scope= (n)',
    ]);
  });
});
