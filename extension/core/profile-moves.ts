/**
 * The rule every path that replaces a stored profile goes through (harness import, profiles import, edit): when the
 * replacement would send the profile's credentials somewhere else, everything the extension kept for the old one
 * (secret, remembered secret, token, re-fetch alarm, header injection, registration data) is forgotten first. Pure.
 */
import type { IdpProfile } from './profiles';
import { tokenEndpointUrl } from './token-request';

/** Where the secret goes: the token endpoint's URL, or undefined for a profile the vendor registry cannot place. */
function tokenEndpoint(profile: IdpProfile): string | undefined {
  try {
    return tokenEndpointUrl(profile);
  } catch {
    return undefined;
  }
}

/**
 * True when what was kept for `before` must not survive into `after`: another token endpoint (origin, tenant path,
 * Okta authorization server, Entra tenant), another base URL, another client or another vendor endpoint.
 */
export function credentialsMoved(before: IdpProfile, after: IdpProfile): boolean {
  const was = tokenEndpoint(before);
  const now = tokenEndpoint(after);
  return (
    was === undefined ||
    now === undefined ||
    new URL(was).origin !== new URL(now).origin ||
    was !== now ||
    before.baseUrl !== after.baseUrl ||
    before.clientId !== after.clientId ||
    before.vendor !== after.vendor ||
    before.endpointId !== after.endpointId
  );
}

/** Loopback hosts: a harness.json anywhere else is imported only after the user confirms its origin. */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
