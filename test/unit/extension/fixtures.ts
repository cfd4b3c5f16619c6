/** The Okta profile the extension's unit tests start from: a custom authorization server, Basic auth, one scope. */
import type { ProfileInput } from '../../../extension/core/profile-input';
import type { IdpProfile } from '../../../extension/core/profiles';

export const oktaProfile: IdpProfile = {
  id: 'okta',
  name: 'Okta',
  vendor: 'okta',
  endpointId: 'default',
  baseUrl: 'https://acme.okta.com',
  authServerId: 'default',
  target: 'api:read',
  clientId: '0oa1',
  clientAuth: 'client_secret_basic',
  source: { kind: 'manual' },
};

/** The same client as the profile form sends it for a new profile ("Prod Okta", no id), with `overrides`. */
export function oktaInput(overrides: Partial<ProfileInput> = {}): ProfileInput {
  const { id: _id, source: _source, ...fields } = oktaProfile;
  return { ...fields, name: 'Prod Okta', ...overrides };
}
