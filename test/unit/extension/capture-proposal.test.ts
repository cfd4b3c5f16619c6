import { describe, expect, it } from 'vitest';
import { matchTokenEndpoint, proposeProfile, withTokenEndpoint } from '../../../extension/core/capture-proposal';
import { emptyProfileInput } from '../../../extension/core/profile-input';

const origin = 'https://portal.example.com';

describe('matchTokenEndpoint', () => {
  it.each([
    [
      'https://acme.okta.com/oauth2/default/v1/token',
      { vendor: 'okta', endpointId: 'default', baseUrl: 'https://acme.okta.com', authServerId: 'default' },
    ],
    ['https://acme.okta.com/oauth2/v1/token', { vendor: 'okta', endpointId: 'org', baseUrl: 'https://acme.okta.com' }],
    ['https://acme.us.auth0.com/oauth/token', { vendor: 'auth0', endpointId: 'default', baseUrl: 'https://acme.us.auth0.com' }],
    ['https://idsvr.example.com/oauth/v2/oauth-token', { vendor: 'curity', baseUrl: 'https://idsvr.example.com' }],
    [
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      { vendor: 'azure', endpointId: 'v2', baseUrl: 'https://login.microsoftonline.com', tenantId: 'contoso.onmicrosoft.com' },
    ],
    ['https://login.microsoftonline.com/t1/oauth2/token', { vendor: 'azure', endpointId: 'v1', tenantId: 't1' }],
    // A harness tenant's base URL keeps its path.
    ['http://127.0.0.1:4400/okta/oauth2/default/v1/token', { vendor: 'okta', baseUrl: 'http://127.0.0.1:4400/okta' }],
  ])('%s', (url, expected) => {
    expect(matchTokenEndpoint(url)).toMatchObject(expected);
  });

  it.each([
    ['https://acme.okta.com/oauth2/default/v1/token', 'okta'],
    ['https://acme.oktapreview.com/oauth2/v1/token', 'okta'],
    ['https://acme.okta-emea.com/oauth2/default/v1/token', 'okta'],
    ['https://acme.auth0.com/oauth/token', 'auth0'],
    ['https://acme.eu.auth0.com/oauth/token', 'auth0'],
    ['https://login.microsoftonline.us/t1/oauth2/v2.0/token', 'azure'],
    ['https://login.chinacloudapi.cn/t1/oauth2/v2.0/token', 'azure'],
    ['http://localhost:4400/auth0/oauth/token', 'auth0'],
  ])('takes %s as %s’s: a host that vendor serves', (url, vendor) => {
    expect(matchTokenEndpoint(url)?.vendor).toBe(vendor);
  });

  it.each([
    // `/oauth/token` is a common path (Kong's OAuth 2.0 plugin, many IdPs): on another host it is not Auth0's.
    'https://api.example.com/oauth/token',
    'https://auth0.com.example.com/oauth/token',
    'https://example.com/acme.auth0.com/oauth/token',
    'https://sso.example.com/oauth2/default/v1/token',
    'https://acme.okta.com.example.net/oauth2/v1/token',
    'https://login.example.com/t1/oauth2/v2.0/token',
  ])('does not take %s by its path alone', (url) => {
    expect(matchTokenEndpoint(url)).toBeUndefined();
    expect(matchTokenEndpoint(url, true)).toBeDefined();
  });

  it('knows nothing else', () => {
    expect(matchTokenEndpoint('https://example.com/token')).toBeUndefined();
    expect(matchTokenEndpoint('not a url')).toBeUndefined();
    expect(matchTokenEndpoint('javascript:alert(1)//oauth/token')).toBeUndefined();
  });
});

describe('proposeProfile', () => {
  it('takes the vendor, domain and endpoint from a token URL on the page', () => {
    const p = proposeProfile({
      origin,
      clientId: 'abc',
      context: { tokenUrl: 'https://acme.okta.com/oauth2/aus1/v1/token', appName: 'Orders', portal: 'Acme portal' },
    });
    expect(p.input).toMatchObject({
      name: 'Orders (Acme portal)',
      vendor: 'okta',
      endpointId: 'default',
      baseUrl: 'https://acme.okta.com',
      authServerId: 'aus1',
      clientId: 'abc',
      clientAuth: 'client_secret_basic',
      clientSecret: '',
      rememberSecret: false,
    });
    expect(p.discoveryUrl).toBeUndefined();
    expect(p.reasons.join()).toContain('shown on the page');
  });

  it('proposes reading the issuer’s discovery document, and then takes its token endpoint', () => {
    const p = proposeProfile({ origin, clientId: 'abc', context: { issuer: 'https://acme.us.auth0.com/' } });
    expect(p.discoveryUrl).toBe('https://acme.us.auth0.com/.well-known/openid-configuration');
    expect(p.input.baseUrl).toBe('');
    const read = withTokenEndpoint(p, 'https://acme.us.auth0.com/oauth/token', 'discovery');
    expect(read.input).toMatchObject({ vendor: 'auth0', baseUrl: 'https://acme.us.auth0.com', clientAuth: 'client_secret_post' });
    expect(read.discoveryUrl).toBeUndefined();
  });

  it('makes no endpoint of a token URL whose path has a broken escape (instead of throwing in the click)', () => {
    expect(matchTokenEndpoint('https://x.example/oauth2/%E0%A4%A/v1/token')).toBeUndefined();
    expect(() =>
      proposeProfile({ origin, clientId: 'abc', context: { tokenUrl: 'https://x.example/oauth2/%E0%A4%A/v1/token' } }),
    ).not.toThrow();
  });

  it('proposes no vendor for a vendor-shaped token URL on another host, and says why', () => {
    const p = proposeProfile({
      origin,
      clientId: 'plain-client-42',
      context: { tokenUrl: 'https://api.example.com/oauth/token' },
    });
    expect(p.input).toMatchObject({ vendor: emptyProfileInput.vendor, endpointId: emptyProfileInput.endpointId, baseUrl: '' });
    expect(p.reasons).toEqual([
      'shown on the page: https://api.example.com/oauth/token has Auth0’s token endpoint path on a host Auth0 does not use (a custom domain? choose the vendor)',
    ]);
  });

  it('treats a discovery URL on the page as one to read', () => {
    const url = 'https://idsvr.example.com/oauth/v2/oauth-anonymous/.well-known/openid-configuration';
    expect(proposeProfile({ origin, clientId: 'abc', context: { tokenUrl: url } }).discoveryUrl).toBe(url);
  });

  it.each([
    ['Okta client credentials', 'okta'],
    ['HTTP DCR bridge (Okta client credentials)', 'okta'],
    ['Auth0 CC', 'auth0'],
    ['Curity Identity Server client credentials', 'curity'],
    ['Microsoft Entra ID client credentials', 'azure'],
  ])('takes the vendor from a Konnect auth strategy named %s', (authStrategy, vendor) => {
    const p = proposeProfile({ origin, clientId: 'abc', context: { authStrategy } });
    expect(p.input.vendor).toBe(vendor);
    expect(p.input.baseUrl).toBe('');
  });

  it.each([
    ['0oa1dcrkitDemo5d7h8x', 'okta', 'default'],
    ['3f1c2a4e-8b7d-4c21-9e0f-1a2b3c4d5e6f', 'azure', 'v2'],
    ['AbCdEfGhIjKlMnOpQrStUvWxYz012345', 'auth0', 'default'],
  ])('takes the vendor from the client id %s', (clientId, vendor, endpointId) => {
    const p = proposeProfile({ origin, clientId });
    expect(p.input).toMatchObject({ vendor, endpointId, name: `${clientId} (portal.example.com)` });
    expect(p.reasons).toHaveLength(1);
  });

  it('proposes nothing it does not know', () => {
    const p = proposeProfile({ origin, clientId: 'plain-client-42' });
    expect(p.reasons).toEqual([]);
    expect(p.discoveryUrl).toBeUndefined();
    expect(p.input.baseUrl).toBe('');
  });

  it('prefers the page over the client id, and says so when the token URL is unknown', () => {
    const p = proposeProfile({
      origin,
      clientId: '0oa1dcrkitDemo5d7h8x',
      context: { tokenUrl: 'https://idsvr.example.com/oauth/v2/oauth-token' },
    });
    expect(p.input.vendor).toBe('curity');
    const unknown = proposeProfile({
      origin,
      clientId: 'x',
      context: { tokenUrl: 'https://example.com/token', issuer: 'https://example.com' },
    });
    expect(unknown.reasons.join()).toContain('no token endpoint dcr-kit knows');
    expect(unknown.discoveryUrl).toBe('https://example.com/.well-known/openid-configuration');
  });
});
