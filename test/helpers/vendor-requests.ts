/**
 * Each vendor's own client_credentials request against the default harness, written out from the reference
 * (never derived from the vendor profiles the code under test uses).
 */
import { AZURE } from './demo';
import { basic, postForm, postJson, type WireResponse } from './http';

export type TokenVendor = 'auth0' | 'okta' | 'curity' | 'azure' | 'dcr-bridge';

export function vendorToken(vendor: TokenVendor, url: string, clientId: string, clientSecret: string): Promise<WireResponse> {
  switch (vendor) {
    case 'auth0':
      return postJson(`${url}/auth0/oauth/token`, {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        audience: 'https://api.dcr-kit.test/',
      });
    case 'okta':
    case 'dcr-bridge':
      return postForm(
        `${url}/okta/oauth2/default/v1/token`,
        { grant_type: 'client_credentials', scope: 'api:read' },
        basic(clientId, clientSecret),
      );
    case 'curity':
      return postForm(`${url}/curity/oauth/v2/oauth-token`, { grant_type: 'client_credentials' }, basic(clientId, clientSecret));
    case 'azure':
      return postForm(`${url}/azure/${AZURE.tenantId}/oauth2/token`, {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        resource: AZURE.resource,
      });
  }
}
