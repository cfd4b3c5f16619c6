/**
 * IdP profiles: what the user knows about one client at one tenant. Non-secret data only; the client secret is
 * kept apart (storage.session unless the user chooses to remember it).
 */
import type { HarnessManifest, ManifestTenant } from '../../shared/harness/manifest';
import type { RegistrationTarget } from '../../shared/registration/providers';
import { registrationTargetForBridge, registrationTargetForTenant } from '../../shared/registration/targets';
import {
  type ClientAuthMethod,
  isVendorId,
  type TokenEndpointProfile,
  tokenEndpointProfile,
  type VendorId,
  vendors,
} from '../../shared/vendors';

export interface IdpProfile {
  id: string;
  name: string;
  vendor: VendorId;
  /** Which of the vendor's token endpoints (`default`, `org`, `v1`, `v2`). */
  endpointId: string;
  /** The vendor host, e.g. `https://acme.us.auth0.com` or a harness tenant's base URL. */
  baseUrl: string;
  authServerId?: string;
  tenantId?: string;
  /** The API the token is for: Auth0 audience, Okta/Curity scopes, Entra resource (the `/.default` is added for v2). */
  target: string;
  clientId: string;
  clientAuth: ClientAuthMethod;
  /** Where it came from: typed in, imported from a harness manifest, or registered from another profile. */
  source:
    | { kind: 'manual' }
    | { kind: 'harness'; manifestUrl: string; tenant: string }
    | { kind: 'registered'; parentId: string; style: RegistrationStyleId }
    | { kind: 'portal'; portalUrl: string; version: 'v2' | 'v3'; applicationId: string; linkedTo: string }
    | { kind: 'captured'; origin: string; linkedTo: string };
  /** Registration APIs this profile can create clients through (their admin credentials are session secrets). */
  registrationStyles?: RegistrationStyleId[];
}

export type RegistrationStyleId = RegistrationTarget['style'];

export function endpointOf(profile: IdpProfile): TokenEndpointProfile {
  return tokenEndpointProfile(profile.vendor, profile.endpointId);
}

/** Whether an endpoint's URLs need the Okta authorization server or the Entra tenant. */
export function endpointNeeds(endpoint: TokenEndpointProfile, name: 'authServerId' | 'tenantId'): boolean {
  return `${endpoint.pathTemplate}${endpoint.issuerTemplate}${endpoint.discoveryPathTemplate}`.includes(`{${name}}`);
}

export interface ImportedProfile {
  profile: IdpProfile;
  secret: string;
  /** Admin credentials for each registration style the profile offers (secrets: kept in storage.session). */
  registrations: Partial<Record<RegistrationStyleId, RegistrationTarget>>;
}

/**
 * One profile per tenant and token endpoint a client secret works at (Entra: v2 and v1; not Okta's org server, which
 * takes private_key_jwt only), named and authenticated as the vendor registry says, with the tenant's demo client and
 * its secret.
 */
export function profilesFromManifest(manifest: HarnessManifest, manifestUrl: string): ImportedProfile[] {
  const bridge = registrationTargetForBridge(manifest);
  return withRegistrations(manifest, bridge, profilesOf(manifest, manifestUrl));
}

/** Each tenant's own registration API, plus the HTTP DCR bridge on the tenant that backs it. */
function withRegistrations(
  manifest: HarnessManifest,
  bridge: RegistrationTarget | undefined,
  imported: Omit<ImportedProfile, 'registrations'>[],
): ImportedProfile[] {
  return imported.map((entry) => {
    const tenantId = entry.profile.source.kind === 'harness' ? entry.profile.source.tenant : '';
    const tenant = manifest.tenants.find((t) => t.id === tenantId);
    const registrations: ImportedProfile['registrations'] = {};
    if (tenant?.registration.live) {
      const target = registrationTargetForTenant(tenant);
      // Register for the API this profile targets (Auth0 grant audience, Curity scopes).
      if (target.style === 'auth0-management') target.apiAudience = entry.profile.target;
      if (target.style === 'rfc7591') target.defaultScopes = entry.profile.target.split(' ').filter(Boolean);
      registrations[target.style] = target;
    }
    if (bridge && manifest.dcrBridge?.tenant === tenantId) registrations['konnect-http-bridge'] = bridge;
    return {
      ...entry,
      profile: { ...entry.profile, registrationStyles: Object.keys(registrations) as RegistrationStyleId[] },
      registrations,
    };
  });
}

function profilesOf(manifest: HarnessManifest, manifestUrl: string): Omit<ImportedProfile, 'registrations'>[] {
  return manifest.tenants.flatMap((tenant) => {
    // A vendor this version does not know (a newer harness): skipped rather than guessed.
    if (!isVendorId(tenant.vendor)) return [];
    const vendor = vendors[tenant.vendor];
    const endpoints = vendor.tokenEndpoints.filter((e) => e.defaultClientAuth !== 'private_key_jwt');
    const target = demoTarget(tenant);
    return endpoints.map((endpoint) => {
      // Entra's v2 and v1 endpoints are a profile each, told apart by the endpoint id.
      const which = endpoints.length > 1 ? endpoint.id : undefined;
      return {
        secret: tenant.demoClient.clientSecret,
        profile: {
          id: which ? `harness:${tenant.id}:${which}` : `harness:${tenant.id}`,
          name: `${tenant.id} (${vendor.displayName}${which ? ` ${which}` : ''})`,
          vendor: tenant.vendor,
          endpointId: endpoint.id,
          baseUrl: tenant.baseUrl,
          ...(endpointNeeds(endpoint, 'authServerId') && { authServerId: tenant.authServerId ?? 'default' }),
          ...(endpointNeeds(endpoint, 'tenantId') && { tenantId: tenant.tenantId ?? '' }),
          target,
          clientId: tenant.demoClient.clientId,
          clientAuth: endpoint.defaultClientAuth,
          source: { kind: 'harness', manifestUrl, tenant: tenant.id },
        },
      };
    });
  });
}

/**
 * The API the tenant's demo client asks tokens for, as a profile holds it: the value of the vendor's target parameter
 * (Entra: the resource, which v1 sends as it is and v2 as `<resource>/.default`).
 */
function demoTarget(tenant: ManifestTenant): string {
  const { param, format } = tokenEndpointProfile(tenant.vendor).target;
  const stated = tenant.demoClient.params[param] ?? '';
  return tenant.demoClient.paramsV1?.resource ?? (format === 'dot-default' ? stated.replace(/\/\.default$/, '') : stated);
}
