/**
 * The seeded demo credentials, written out literally as the README shows them: tests state wire values
 * instead of reading them back from the harness's own configuration.
 */
export const AUTH0 = {
  clientId: 'k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae',
  clientSecret: 'demo-auth0-secret-1fQ8wZr2Ly6Hk0Tn4Vb9Xm3Pc7Sd5Ga1Je8Ru2Wq6Oz4Ni0By',
  audience: 'https://api.dcr-kit.test/',
};
export const OKTA = {
  clientId: '0oa1dcrkitDemo5d7h8',
  clientSecret: 'demo-okta-secret-Wn4Vb9Xm3Pc7Sd5Ga1Je8Ru2',
  scope: 'api:read',
  /** The clients API's token: `Authorization: SSWS <token>` (Konnect's `dcr_token`). */
  apiToken: '00dcrKit-demo-SSWS-token-Yq3nW8vR2xT6mK9pL4',
};
/** The Konnect HTTP DCR bridge's `x-api-key`. */
export const BRIDGE = { apiKey: 'dcr_kit_demo_bridge_api_key' };
export const CURITY = {
  clientId: 'dcr-kit-demo-client',
  clientSecret: 'demo-curity-secret-Hk0Tn4Vb9Xm3',
  /** The client designated for DCR: it may ask for the `dcr` scope (an initial access token). */
  dcrClientId: 'dcr-kit-dcr-client',
  dcrClientSecret: 'demo-curity-dcr-secret-Qw8Er4Ty6Ui2',
};
export const AZURE = {
  tenantId: '5f2b8c3e-1a4d-4e6f-9b7a-2c8d0e1f3a5b',
  clientId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  clientSecret: 'dKr8Q~demo.azure.secret.Xm3Pc7Sd5Ga1Je8R',
  resource: 'api://dcr-kit-demo-api',
  apiAppId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  servicePrincipalId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
};
