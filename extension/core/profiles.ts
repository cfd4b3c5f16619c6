/**
 * IdP profiles: what the user knows about one client at one tenant. Non-secret data only; the client secret is
 * kept apart (storage.session unless the user chooses to remember it).
 */
import type { HarnessManifest } from '../../shared/harness/manifest';
import type { RegistrationTarget } from '../../shared/registration/providers';
import { registrationTargetForBridge, registrationTargetForTenant } from '../../shared/registration/targets';
import { type ClientAuthMethod, type TokenEndpointProfile, tokenEndpointProfile, type VendorId } from '../../shared/vendors';

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

export interface ImportedProfile {
  profile: IdpProfile;
  secret: string;
  /** Admin credentials for each registration style the profile offers (secrets: kept in storage.session). */
  registrations: Partial<Record<RegistrationStyleId, RegistrationTarget>>;
}

/** One profile per tenant (Entra: one per endpoint, v2 and v1), with the tenant's demo client and its secret. */
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
  return manifest.tenants.flatMap((tenant): Omit<ImportedProfile, 'registrations'>[] => {
    const source = { kind: 'harness' as const, manifestUrl, tenant: tenant.id };
    const base = {
      vendor: tenant.vendor,
      baseUrl: tenant.baseUrl,
      clientId: tenant.demoClient.clientId,
      source,
    };
    const secret = tenant.demoClient.clientSecret;
    switch (tenant.vendor) {
      case 'auth0':
        return [
          {
            secret,
            profile: {
              ...base,
              id: `harness:${tenant.id}`,
              name: `${tenant.id} (Auth0)`,
              endpointId: 'default',
              target: tenant.demoClient.params.audience ?? '',
              clientAuth: 'client_secret_post',
            },
          },
        ];
      case 'okta':
        return [
          {
            secret,
            profile: {
              ...base,
              id: `harness:${tenant.id}`,
              name: `${tenant.id} (Okta)`,
              endpointId: 'default',
              authServerId: tenant.authServerId ?? 'default',
              target: tenant.demoClient.params.scope ?? '',
              clientAuth: 'client_secret_basic',
            },
          },
        ];
      case 'curity':
        return [
          {
            secret,
            profile: {
              ...base,
              id: `harness:${tenant.id}`,
              name: `${tenant.id} (Curity)`,
              endpointId: 'default',
              target: tenant.demoClient.params.scope ?? '',
              clientAuth: 'client_secret_basic',
            },
          },
        ];
      case 'azure': {
        const resource =
          tenant.demoClient.paramsV1?.resource ?? (tenant.demoClient.params.scope ?? '').replace(/\/\.default$/, '');
        const common = { ...base, tenantId: tenant.tenantId ?? '', target: resource, clientAuth: 'client_secret_post' as const };
        return [
          { secret, profile: { ...common, id: `harness:${tenant.id}:v2`, name: `${tenant.id} (Entra v2)`, endpointId: 'v2' } },
          { secret, profile: { ...common, id: `harness:${tenant.id}:v1`, name: `${tenant.id} (Entra v1)`, endpointId: 'v1' } },
        ];
      }
      default:
        // A vendor this version does not know (a newer harness): skipped rather than guessed.
        return [];
    }
  });
}
