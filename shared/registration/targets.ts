/** Registration targets from a harness manifest: the admin credentials each tenant lists under `registration`. */
import type { HarnessManifest, ManifestTenant } from '../harness/manifest';
import type { RegistrationTarget } from './types';

export function registrationTargetForTenant(tenant: ManifestTenant): RegistrationTarget {
  const c = tenant.registration.credentials;
  switch (tenant.registration.style) {
    case 'auth0-management':
      return {
        style: 'auth0-management',
        baseUrl: tenant.baseUrl,
        tokenEndpoint: tenant.tokenEndpoint,
        clientId: c.clientId ?? '',
        clientSecret: c.clientSecret ?? '',
        managementAudience: c.audience ?? `${tenant.baseUrl}/api/v2/`,
        apiAudience: tenant.demoClient.params.audience ?? '',
      };
    case 'okta-clients':
      return { style: 'okta-clients', endpoint: tenant.registration.endpoint, apiToken: c.apiToken ?? '' };
    case 'rfc7591':
      return {
        style: 'rfc7591',
        endpoint: tenant.registration.endpoint,
        tokenEndpoint: tenant.tokenEndpoint,
        clientId: c.clientId ?? '',
        clientSecret: c.clientSecret ?? '',
        defaultScopes: (tenant.demoClient.params.scope ?? '').split(' ').filter(Boolean),
      };
    case 'graph-applications':
      return {
        style: 'graph-applications',
        graphBaseUrl: tenant.registration.endpoint.replace(/\/applications$/, ''),
        tokenEndpoint: tenant.tokenEndpoint,
        clientId: c.clientId ?? '',
        clientSecret: c.clientSecret ?? '',
        scope: c.scope ?? 'https://graph.microsoft.com/.default',
      };
  }
}

export function registrationTargetForBridge(manifest: HarnessManifest): RegistrationTarget | undefined {
  return (
    manifest.dcrBridge && {
      style: 'konnect-http-bridge',
      endpoint: manifest.dcrBridge.endpoint,
      apiKey: manifest.dcrBridge.apiKey,
    }
  );
}
