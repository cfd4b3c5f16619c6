/**
 * The request each vendor gets, written out as wire values (vendors.md §1.1, §2.1, §3.1, §4.1), never read back
 * from the vendor profiles the builder uses.
 */
import { describe, expect, it } from 'vitest';
import type { IdpProfile } from '../../../extension/core/profiles';
import { basicAuthorization, tokenRequest } from '../../../extension/core/token-request';

const base = { source: { kind: 'manual' as const } };
const auth0: IdpProfile = {
  ...base,
  id: 'a',
  name: 'a',
  vendor: 'auth0',
  endpointId: 'default',
  baseUrl: 'https://acme.us.auth0.com',
  target: 'https://api.example.com/',
  clientId: 'cid',
  clientAuth: 'client_secret_post',
};
const okta: IdpProfile = {
  ...base,
  id: 'o',
  name: 'o',
  vendor: 'okta',
  endpointId: 'default',
  baseUrl: 'https://acme.okta.com',
  authServerId: 'default',
  target: 'api:read  api:write',
  clientId: '0oa1',
  clientAuth: 'client_secret_basic',
};
const curity: IdpProfile = {
  ...base,
  id: 'c',
  name: 'c',
  vendor: 'curity',
  endpointId: 'default',
  baseUrl: 'https://idsvr.example.com',
  target: 'read',
  clientId: 'c1',
  clientAuth: 'client_secret_basic',
};
const azureV2: IdpProfile = {
  ...base,
  id: 'z',
  name: 'z',
  vendor: 'azure',
  endpointId: 'v2',
  baseUrl: 'https://login.microsoftonline.com',
  tenantId: 'tid',
  target: 'api://orders',
  clientId: 'app',
  clientAuth: 'client_secret_post',
};

describe('tokenRequest', () => {
  it('Auth0: POST /oauth/token with audience and the secret in the body', () => {
    expect(tokenRequest(auth0, 's3cret')).toEqual({
      url: 'https://acme.us.auth0.com/oauth/token',
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=cid&client_secret=s3cret&audience=https%3A%2F%2Fapi.example.com%2F',
    });
  });

  it('Okta: /oauth2/{authServerId}/v1/token, base64 Basic credentials and a normalised scope list', () => {
    const request = tokenRequest(okta, 'p@ss:word');
    expect(request.url).toBe('https://acme.okta.com/oauth2/default/v1/token');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('0oa1:p%40ss%3Aword').toString('base64')}`);
    expect(request.body).toBe('grant_type=client_credentials&scope=api%3Aread+api%3Awrite');
  });

  it('Curity: /oauth/v2/oauth-token with Basic and scope', () => {
    const request = tokenRequest(curity, 'x');
    expect(request.url).toBe('https://idsvr.example.com/oauth/v2/oauth-token');
    expect(request.body).toBe('grant_type=client_credentials&scope=read');
  });

  it('Entra v2: POST /{tenant}/oauth2/v2.0/token with scope=<resource>/.default', () => {
    const request = tokenRequest(azureV2, 'x');
    expect(request.url).toBe('https://login.microsoftonline.com/tid/oauth2/v2.0/token');
    expect(new URLSearchParams(request.body).get('scope')).toBe('api://orders/.default');
    expect(tokenRequest({ ...azureV2, target: 'api://orders/.default' }, 'x').body).toContain(
      'scope=api%3A%2F%2Forders%2F.default',
    );
  });

  it("Entra v1: POST (never GET, unlike Kong's Azure guide) /{tenant}/oauth2/token with resource", () => {
    const request = tokenRequest({ ...azureV2, endpointId: 'v1' }, 'x');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://login.microsoftonline.com/tid/oauth2/token');
    expect(new URLSearchParams(request.body).get('resource')).toBe('api://orders');
    expect(new URLSearchParams(request.body).get('scope')).toBeNull();
  });
});

describe('basicAuthorization', () => {
  it('is base64 of the form-encoded id and secret, not the raw "id:secret" Kong\'s docs show', () => {
    expect(basicAuthorization('my client', 'é:x')).toBe(`Basic ${Buffer.from('my+client:%C3%A9%3Ax').toString('base64')}`);
    expect(basicAuthorization('a', 'b')).not.toBe('Basic a:b');
  });
});
