/**
 * A profile typed in by the user: validated field by field (each error names its field), with the vendor's own
 * required fields (Okta authorization server, Entra tenant). Pure.
 */
import { type ClientAuthMethod, isVendorId, tokenEndpointProfile, type VendorId, vendors } from '../../shared/vendors';
import { endpointNeeds, type IdpProfile } from './profiles';

/** A profile's own fields as the form (or a file) gives them: text, checked by `validateProfileInput`. */
type TypedIn = Omit<IdpProfile, 'id' | 'source' | 'registrationStyles'>;

export type ProfileInput = { [K in keyof TypedIn]: string } & {
  /** Absent for a new profile. */
  id?: string;
  clientSecret?: string;
  /** Keep the secret in storage.local across browser sessions (off unless the user ticks it). */
  rememberSecret?: boolean;
};

export type FieldErrors = Partial<Record<keyof ProfileInput, string>>;

/** A new profile's form before anything is typed in (or proposed: core/capture-proposal.ts). */
export const emptyProfileInput: ProfileInput = {
  name: '',
  vendor: 'okta',
  endpointId: 'default',
  baseUrl: '',
  authServerId: 'default',
  tenantId: '',
  target: '',
  clientId: '',
  clientAuth: 'client_secret_basic',
  clientSecret: '',
  rememberSecret: false,
};

// The form asks for the Okta authorization server and the Entra tenant where an endpoint needs them.
export { endpointNeeds } from './profiles';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function validateProfileInput(
  input: ProfileInput,
  newId: () => string,
): { profile: IdpProfile } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!input.name.trim()) errors.name = 'give the profile a name';
  if (!isVendorId(input.vendor)) errors.vendor = 'choose a vendor';
  const vendor = input.vendor as VendorId;
  let endpoint: ReturnType<typeof tokenEndpointProfile> | undefined;
  if (isVendorId(input.vendor)) {
    try {
      endpoint = tokenEndpointProfile(vendor, input.endpointId || undefined);
    } catch {
      errors.endpointId = `${vendors[vendor].displayName} has no "${input.endpointId}" endpoint`;
    }
  }
  let baseUrl = input.baseUrl.trim().replace(/\/+$/, '');
  if (baseUrl && !/^https?:\/\//.test(baseUrl)) baseUrl = `https://${baseUrl}`;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'https:' && !LOCAL_HOSTS.has(url.hostname)) errors.baseUrl = 'use https (plain http only for localhost)';
    if (url.search || url.hash) errors.baseUrl = 'the domain only, without query or fragment';
    // A password in the URL would be stored in storage.local and exported with the profile.
    if (url.username || url.password) errors.baseUrl = 'no user name or password in the URL: the secret has its own field';
  } catch {
    errors.baseUrl = 'enter the IdP domain, e.g. https://acme.okta.com';
  }
  const templateNeeds = (name: 'authServerId' | 'tenantId') => endpoint !== undefined && endpointNeeds(endpoint, name);
  if (templateNeeds('authServerId') && !input.authServerId?.trim())
    errors.authServerId = 'Okta needs the authorization server id (e.g. default)';
  if (templateNeeds('tenantId') && !input.tenantId?.trim()) errors.tenantId = 'Entra needs the tenant id or domain';
  if (endpoint?.target.required && !input.target.trim())
    errors.target = `${endpoint.target.param} is required by ${vendors[vendor].displayName}`;
  if (!input.clientId.trim()) errors.clientId = 'enter the client id';
  if (endpoint && !endpoint.clientAuthMethods.includes(input.clientAuth as ClientAuthMethod)) {
    errors.clientAuth = `choose one of ${endpoint.clientAuthMethods.join(', ')}`;
  } else if (input.clientAuth === 'private_key_jwt') {
    errors.clientAuth = 'private_key_jwt is not supported yet';
  }
  if (Object.keys(errors).length > 0 || !endpoint) return { errors };
  return {
    profile: {
      id: input.id ?? newId(),
      name: input.name.trim(),
      vendor,
      endpointId: endpoint.id,
      baseUrl,
      ...(templateNeeds('authServerId') && { authServerId: input.authServerId?.trim() }),
      ...(templateNeeds('tenantId') && { tenantId: input.tenantId?.trim() }),
      target: input.target.trim(),
      clientId: input.clientId.trim(),
      clientAuth: input.clientAuth as ClientAuthMethod,
      source: { kind: 'manual' },
    },
  };
}

/** Profiles as exported: everything but secrets (profiles hold none; registration data stays behind). */
export function exportProfiles(profiles: IdpProfile[]): string {
  return JSON.stringify(
    { format: 'dcr-kit-profiles', version: 1, profiles: profiles.map(({ registrationStyles: _, ...p }) => p) },
    null,
    2,
  );
}

/** A harness source keeps exactly its two fields (a file cannot smuggle anything else into storage); the rest is manual. */
function importedSource(source: unknown): IdpProfile['source'] {
  const s = source as { kind?: unknown; manifestUrl?: unknown; tenant?: unknown } | undefined;
  if (s?.kind === 'harness' && typeof s.manifestUrl === 'string' && typeof s.tenant === 'string')
    return { kind: 'harness', manifestUrl: s.manifestUrl, tenant: s.tenant };
  return { kind: 'manual' };
}

export function parseExport(text: string): IdpProfile[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('not a JSON file');
  }
  const file = parsed as { format?: unknown; version?: unknown; profiles?: unknown };
  if (file?.format !== 'dcr-kit-profiles' || file.version !== 1 || !Array.isArray(file.profiles))
    throw new Error('not a dcr-kit profiles export (version 1)');
  return file.profiles.map((p: IdpProfile, i: number) => {
    const result = validateProfileInput(p, () => p.id);
    if ('errors' in result)
      throw new Error(
        `profile ${i + 1}: ${Object.entries(result.errors)
          .map(([f, m]) => `${f}: ${m}`)
          .join('; ')}`,
      );
    return { ...result.profile, id: String(p.id), source: importedSource(p.source) };
  });
}
