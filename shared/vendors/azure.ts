import type { VendorProfile } from './types';

// Sources: learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow (v2, scope=<resource>/.default);
// the v1 endpoint with `resource` (nordvall/TokenClient wiki; IMDS docs: every number is a string);
// an Azure SDK nock recording (v2 response with integer numbers). Konnect supports v1 tokens only and uses `appid`
// (Kong/developer.konghq.com app/_how-tos/azure-dcr).
export const azure = {
  id: 'azure',
  displayName: 'Microsoft Entra ID',
  konnectProviderType: 'azureAd',
  fields: ['domain', 'tenantId', 'resource'],
  tokenEndpoints: [
    {
      id: 'v2',
      label: 'Entra v2 endpoint (/oauth2/v2.0/token)',
      pathTemplate: '/{tenantId}/oauth2/v2.0/token',
      issuerTemplate: '{baseUrl}/{tenantId}/v2.0',
      discoveryPathTemplate: '/{tenantId}/v2.0/.well-known/openid-configuration',
      jwksPathTemplate: '/{tenantId}/discovery/v2.0/keys',
      method: 'POST',
      bodyEncodings: ['form'],
      clientAuthMethods: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
      defaultClientAuth: 'client_secret_post',
      target: { param: 'scope', required: true, format: 'dot-default' },
      response: {
        tokenType: 'Bearer',
        numbersAs: 'number',
        fields: ['token_type', 'expires_in', 'ext_expires_in', 'access_token'],
        expiresIn: 3599,
      },
      jwtTyp: 'JWT',
      notes: ['Client credentials need scope=<resource>/.default; the token version follows the resource, not the endpoint.'],
    },
    {
      id: 'v1',
      label: 'Entra v1 endpoint (/oauth2/token)',
      pathTemplate: '/{tenantId}/oauth2/token',
      // Entra issues v1 tokens with the sts.windows.net issuer whatever host served them.
      issuerTemplate: 'https://sts.windows.net/{tenantId}/',
      discoveryPathTemplate: '/{tenantId}/.well-known/openid-configuration',
      jwksPathTemplate: '/{tenantId}/discovery/keys',
      method: 'POST',
      bodyEncodings: ['form'],
      clientAuthMethods: ['client_secret_post', 'client_secret_basic'],
      defaultClientAuth: 'client_secret_post',
      target: { param: 'resource', required: true, format: 'verbatim' },
      response: {
        tokenType: 'Bearer',
        numbersAs: 'string',
        fields: ['token_type', 'expires_in', 'ext_expires_in', 'expires_on', 'not_before', 'resource', 'access_token'],
        expiresIn: 3599,
      },
      jwtTyp: 'JWT',
      notes: [
        "Kong's Azure guide calls this endpoint with GET and `scope`: Entra rejects GET (AADSTS900561) and v1 needs `resource`.",
        'Konnect verifies v1 tokens only (issuer https://sts.windows.net/{tenant}/, claim appid).',
      ],
    },
  ],
  errorDialect: 'aadsts',
  registration: {
    style: 'graph-applications',
    endpointTemplate: '{graphUrl}/v1.0/applications',
    adminAuth: 'client-credentials',
    adminTokenParams: { scope: 'https://graph.microsoft.com/.default' },
  },
  credentialClaim: 'appid',
  docs: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow',
} as const satisfies VendorProfile;
