/**
 * `GET <harness>/harness.json`: what a running harness offers. The extension imports it ("Connect to local
 * harness") and other test suites read it. Field names are a contract: add fields, never rename them.
 */
import type { RegistrationStyle, VendorId } from '../vendors/types';

export const MANIFEST_VERSION = 1;

export interface ManifestDemoClient {
  clientId: string;
  clientSecret: string;
  /** The target parameters the demo client sends (`audience`, `scope` or `resource`). */
  params: Record<string, string>;
  /** Entra only: the parameters for the v1 endpoint. */
  paramsV1?: Record<string, string>;
}

export interface ManifestRegistration {
  style: RegistrationStyle;
  endpoint: string;
  credentials: Record<string, string>;
  /** False until the registration API is served by this harness version. */
  live: boolean;
}

export interface ManifestTenant {
  /** The tenant's id: the first path segment of its base URL (or, with `--tenant-ports`, of none: its own origin). */
  id: string;
  vendor: VendorId;
  baseUrl: string;
  issuer: string;
  discoveryUrl: string;
  jwksUri: string;
  tokenEndpoint: string;
  demoClient: ManifestDemoClient;
  registration: ManifestRegistration;
  /** Okta: the authorization server the URLs above belong to. */
  authServerId?: string;
  /** Okta: that authorization server's audience, the `aud` of every access token it issues (e.g. `api://default`). */
  audience?: string;
  /** Entra: the directory (tenant) id and the v1 endpoints. */
  tenantId?: string;
  tokenEndpointV1?: string;
  issuerV1?: string;
  discoveryUrlV1?: string;
  jwksUriV1?: string;
  /** Curity: RFC 7662 introspection. */
  introspectionEndpoint?: string;
}

/** An echo API on the gateway, protected by one application auth strategy. */
export interface ManifestApi {
  /** The strategy id, also the API's first path segment on the gateway. */
  id: string;
  url: string;
  /** The IdP tenant whose tokens the API accepts. */
  tenant: string;
  vendor: VendorId;
  authStrategy: string;
  credentialClaim: string;
  authMethods: string[];
}

export interface HarnessManifest {
  harness: 'dcr-kit';
  version: typeof MANIFEST_VERSION;
  url: string;
  controlUrl: string;
  tenants: ManifestTenant[];
  portal: { url: string; developer: { username: string; password: string }; live: boolean };
  gateway: { url: string; live: boolean; apis: ManifestApi[] };
  /** The Konnect HTTP DCR bridge (`dcr_base_url` and `api_key` of an `http` DCR provider) and its backing tenant. */
  dcrBridge?: { endpoint: string; apiKey: string; tenant: string; live: boolean };
  /**
   * Served over HTTPS (`--tls`) with a certificate from a local CA: `caFile` is the CA's PEM file on the harness's
   * machine, for `NODE_EXTRA_CA_CERTS` (or a browser profile's trusted authorities).
   */
  tls?: { caFile: string };
  /** True when the secrets above were left out (a harness on a non-loopback address, asked without its token). */
  secretsWithheld?: boolean;
}

/**
 * The manifest as a harness bound to a non-loopback address shows it to a caller without the control token: every
 * secret blanked (demo client secrets, registration credentials, the bridge's API key, the portal password), with
 * `secretsWithheld` saying so. Everything else (URLs, ids) stays, so a client can still find its endpoints.
 */
export function withholdSecrets(manifest: HarnessManifest): HarnessManifest {
  return {
    ...manifest,
    secretsWithheld: true,
    tenants: manifest.tenants.map((t) => ({
      ...t,
      demoClient: { ...t.demoClient, clientSecret: '' },
      registration: {
        ...t.registration,
        credentials: Object.fromEntries(
          Object.entries(t.registration.credentials).map(([k, v]) => [k, /secret|token|password|key/i.test(k) ? '' : v]),
        ),
      },
    })),
    portal: { ...manifest.portal, developer: { ...manifest.portal.developer, password: '' } },
    ...(manifest.dcrBridge && { dcrBridge: { ...manifest.dcrBridge, apiKey: '' } }),
  };
}
