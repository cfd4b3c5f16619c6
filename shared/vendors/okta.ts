import type { VendorProfile } from './types';

// Sources: okta/okta-developer-docs (custom authorization server /oauth2/{authServerId}/v1/token, org server
// /oauth2/v1/token, discovery and /v1/keys); "Implement OAuth for Okta with a service app" (the org server only
// mints okta.* scopes). Konnect recommends a custom claim; `cid` is the claim Okta itself puts in every token.
export const okta = {
  id: 'okta',
  displayName: 'Okta',
  konnectProviderType: 'okta',
  fields: ['domain', 'authServerId', 'scope'],
  tokenEndpoints: [
    {
      id: 'default',
      label: 'Okta custom authorization server',
      pathTemplate: '/oauth2/{authServerId}/v1/token',
      issuerTemplate: '{baseUrl}/oauth2/{authServerId}',
      discoveryPathTemplate: '/oauth2/{authServerId}/.well-known/openid-configuration',
      jwksPathTemplate: '/oauth2/{authServerId}/v1/keys',
      method: 'POST',
      bodyEncodings: ['form'],
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      defaultClientAuth: 'client_secret_basic',
      target: { param: 'scope', required: true, format: 'space-separated' },
      response: {
        tokenType: 'Bearer',
        numbersAs: 'number',
        fields: ['token_type', 'expires_in', 'access_token', 'scope'],
        expiresIn: 3600,
      },
      notes: ['Do not request `openid` with client credentials: Okta rejects it.'],
    },
    {
      id: 'org',
      label: 'Okta org authorization server',
      pathTemplate: '/oauth2/v1/token',
      issuerTemplate: '{baseUrl}',
      discoveryPathTemplate: '/.well-known/openid-configuration',
      jwksPathTemplate: '/oauth2/v1/keys',
      method: 'POST',
      bodyEncodings: ['form'],
      clientAuthMethods: ['private_key_jwt'],
      defaultClientAuth: 'private_key_jwt',
      target: { param: 'scope', required: true, format: 'space-separated' },
      response: {
        tokenType: 'Bearer',
        numbersAs: 'number',
        fields: ['token_type', 'expires_in', 'access_token', 'scope'],
        expiresIn: 3600,
      },
      notes: ['The org server only mints Okta API scopes (okta.*) and needs private_key_jwt for client credentials.'],
    },
  ],
  errorDialect: 'okta',
  registration: {
    style: 'okta-clients',
    endpointTemplate: '{baseUrl}/oauth2/v1/clients',
    adminAuth: 'ssws-token',
  },
  credentialClaim: 'cid',
  docs: 'https://developer.okta.com/docs/guides/implement-grant-type/clientcreds/main/',
} as const satisfies VendorProfile;
