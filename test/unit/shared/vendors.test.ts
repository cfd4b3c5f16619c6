import { describe, expect, it } from 'vitest';
import { expandTemplate, routePattern, templateParams, tokenEndpointProfile, vendorIds, vendors } from '../../../shared/vendors';

describe('vendor registry', () => {
  it('has one profile per vendor, keyed by its own id', () => {
    expect(vendorIds).toEqual(['auth0', 'curity', 'okta', 'azure']);
    for (const id of vendorIds) expect(vendors[id].id).toBe(id);
  });

  it('gives every token endpoint a POST method and templates that expand with the vendor fields', () => {
    const values = { baseUrl: 'https://idp.example', authServerId: 'default', tenantId: 't1' };
    for (const id of vendorIds) {
      for (const endpoint of vendors[id].tokenEndpoints) {
        expect(endpoint.method).toBe('POST');
        expect(expandTemplate(`{baseUrl}${endpoint.pathTemplate}`, values)).toMatch(/^https:\/\/idp\.example\//);
        expect(endpoint.bodyEncodings.length).toBeGreaterThan(0);
      }
    }
  });

  it('finds endpoints by id and refuses unknown ones', () => {
    expect(tokenEndpointProfile('azure').id).toBe('v2');
    expect(tokenEndpointProfile('azure', 'v1').target.param).toBe('resource');
    expect(() => tokenEndpointProfile('okta', 'v9')).toThrow('okta has no token endpoint "v9"');
  });
});

describe('templates', () => {
  it('expands placeholders and refuses missing values', () => {
    expect(expandTemplate('{baseUrl}/oauth2/{authServerId}/v1/token', { baseUrl: 'https://o', authServerId: 'default' })).toBe(
      'https://o/oauth2/default/v1/token',
    );
    expect(() => expandTemplate('{baseUrl}/{tenantId}', { baseUrl: 'x' })).toThrow(
      'missing value for {tenantId} in {baseUrl}/{tenantId}',
    );
  });

  it('lists placeholders and turns path templates into router patterns', () => {
    expect(templateParams('/{tenantId}/oauth2/{x}')).toEqual(['tenantId', 'x']);
    expect(routePattern('/oauth2/{authServerId}/v1/token')).toBe('/oauth2/:authServerId/v1/token');
  });
});
