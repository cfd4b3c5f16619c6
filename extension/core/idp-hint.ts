/**
 * Which IdP a portal application's tokens come from, as far as anything says: the auth strategy's name (Konnect
 * strategies are named by the admin, and name their IdP in practice: "Okta client credentials"), else the client
 * id's shape. The popup preselects the matching IdP profile and warns before linking to another vendor.
 */
import { type VendorId, vendors } from '../../shared/vendors';

export interface IdpHint {
  vendor: VendorId;
  /** In words, for the user: why this vendor. */
  reason: string;
}

/** Vendors an auth strategy's name (or a DCR provider's) mentions. */
export const NAMED_VENDORS: readonly [RegExp, VendorId][] = [
  [/\bokta\b/i, 'okta'],
  [/\bauth0\b/i, 'auth0'],
  [/\bcurity\b/i, 'curity'],
  [/\b(entra|azure)\b/i, 'azure'],
];

/** Client ids as each vendor mints them. */
export const CLIENT_ID_SHAPES: readonly [RegExp, VendorId, string][] = [
  [/^0oa[A-Za-z0-9]{17}$/, 'okta', 'an Okta client id (0oa…, 20 characters)'],
  [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'azure', 'an Entra application id (a GUID)'],
  [/^[A-Za-z0-9]{32}$/, 'auth0', 'an Auth0 client id (32 letters and digits)'],
];

export function hintFromStrategy(strategyName: string | undefined): IdpHint | undefined {
  const named = NAMED_VENDORS.find(([pattern]) => strategyName && pattern.test(strategyName));
  return named && { vendor: named[1], reason: `the auth strategy "${strategyName}" names ${vendors[named[1]].displayName}` };
}

export function hintFromClientId(clientId: string): IdpHint | undefined {
  const shaped = CLIENT_ID_SHAPES.find(([pattern]) => pattern.test(clientId));
  return shaped && { vendor: shaped[1], reason: `the client id looks like ${shaped[2]}` };
}

/** The strategy's word first (it is the portal's own statement), then the client id's shape. */
export function idpHint(facts: { strategyName?: string; clientId?: string }): IdpHint | undefined {
  return hintFromStrategy(facts.strategyName) ?? (facts.clientId ? hintFromClientId(facts.clientId) : undefined);
}

/** The first of `profiles` at the hinted vendor, if any. */
export function profileFor<P extends { id: string; vendor: VendorId }>(
  profiles: readonly P[],
  hint: IdpHint | undefined,
): P | undefined {
  return hint ? profiles.find((p) => p.vendor === hint.vendor) : undefined;
}
