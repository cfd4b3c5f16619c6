/**
 * IdP profiles: what the user knows about one client at one tenant. Non-secret data only; the client secret is
 * kept apart (storage.session unless the user chooses to remember it).
 */
import type { HarnessManifest } from '../../shared/harness/manifest';
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
  /** Where it came from: typed in, or imported from a harness manifest (with that tenant's id). */
  source: { kind: 'manual' } | { kind: 'harness'; manifestUrl: string; tenant: string };
}

export function endpointOf(profile: IdpProfile): TokenEndpointProfile {
  return tokenEndpointProfile(profile.vendor, profile.endpointId);
}

export interface ImportedProfile {
  profile: IdpProfile;
  secret: string;
}

/** One profile per tenant (Entra: one per endpoint, v2 and v1), with the tenant's demo client and its secret. */
export function profilesFromManifest(manifest: HarnessManifest, manifestUrl: string): ImportedProfile[] {
  return manifest.tenants.flatMap((tenant): ImportedProfile[] => {
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
