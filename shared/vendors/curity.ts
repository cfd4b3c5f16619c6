import type { VendorProfile } from './types';

// Sources: Curity's default endpoint names as used in its own examples and in Kong's DCR table
// (Kong/developer.konghq.com app/dev-portal/dynamic-client-registration.md: POST /oauth/v2/oauth-token);
// curity.io/resources/learn/using-dynamic-client-registration (initial access token with scope `dcr`).
// Paths are configurable in a real Curity deployment; these are the product defaults.
export const curity = {
  id: 'curity',
  displayName: 'Curity Identity Server',
  konnectProviderType: 'curity',
  fields: ['domain', 'scope'],
  tokenEndpoints: [
    {
      id: 'default',
      label: 'Curity /oauth/v2/oauth-token',
      pathTemplate: '/oauth/v2/oauth-token',
      issuerTemplate: '{baseUrl}/oauth/v2/oauth-anonymous',
      discoveryPathTemplate: '/oauth/v2/oauth-anonymous/.well-known/openid-configuration',
      jwksPathTemplate: '/oauth/v2/oauth-anonymous/jwks',
      method: 'POST',
      bodyEncodings: ['form'],
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      defaultClientAuth: 'client_secret_basic',
      target: { param: 'scope', required: false, format: 'space-separated' },
      response: {
        // Curity spells the token type in lower case.
        tokenType: 'bearer',
        numbersAs: 'number',
        fields: ['access_token', 'scope', 'token_type', 'expires_in'],
        expiresIn: 300,
      },
      notes: ['Access tokens are opaque unless the token issuer is set to "Use Access Token as JWT".'],
    },
  ],
  errorDialect: 'oauth',
  registration: {
    style: 'rfc7591',
    endpointTemplate: '{baseUrl}/token-service/oauth-registration',
    adminAuth: 'client-credentials',
    adminTokenParams: { scope: 'dcr' },
  },
  credentialClaim: 'sub',
  docs: 'https://curity.io/resources/learn/using-dynamic-client-registration/',
} as const satisfies VendorProfile;
