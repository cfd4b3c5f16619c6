import type { VendorProfile } from './types';

// Sources: auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow
// (POST /oauth/token, form or JSON, `audience`); auth0/node-auth0 issues #682 and #134 (401 access_denied);
// Kong/developer.konghq.com app/dev-portal/dynamic-client-registration (credential claim `azp`).
export const auth0 = {
  id: 'auth0',
  displayName: 'Auth0',
  konnectProviderType: 'auth0',
  fields: ['domain', 'audience'],
  tokenEndpoints: [
    {
      id: 'default',
      label: 'Auth0 /oauth/token',
      pathTemplate: '/oauth/token',
      // Auth0 issuers always end with a slash.
      issuerTemplate: '{baseUrl}/',
      discoveryPathTemplate: '/.well-known/openid-configuration',
      jwksPathTemplate: '/.well-known/jwks.json',
      method: 'POST',
      // Documented as form; the dashboard's "Test" tab and Kong's Auth0 sample send JSON. Both work.
      bodyEncodings: ['json', 'form'],
      clientAuthMethods: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
      defaultClientAuth: 'client_secret_post',
      target: { param: 'audience', required: true, format: 'verbatim' },
      response: {
        tokenType: 'Bearer',
        numbersAs: 'number',
        fields: ['access_token', 'token_type', 'expires_in', 'scope'],
        expiresIn: 86400,
      },
      jwtTyp: 'JWT',
      notes: ['`audience` is required unless the tenant has a Default Audience.'],
    },
  ],
  errorDialect: 'auth0',
  registration: {
    style: 'auth0-management',
    endpointTemplate: '{baseUrl}/api/v2/clients',
    adminAuth: 'client-credentials',
    adminTokenParams: { audience: '{baseUrl}/api/v2/' },
  },
  credentialClaim: 'azp',
  docs: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/client-credentials-flow',
} as const satisfies VendorProfile;
