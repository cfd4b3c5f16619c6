/**
 * "Is this token still good at the API?": its signature checked against the IdP's published keys (JWKS), the way
 * a gateway checks it. After a key rotation the old kid stays published for a grace period, then disappears; a
 * token signed with it is then refused everywhere, and this says so in words.
 */
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { endpointOf, type IdpProfile } from './profiles';
import { endpointUrl } from './token-request';

export type SignatureStatus = 'valid' | 'retiring' | 'kid-not-published' | 'bad-signature' | 'opaque' | 'unreadable-jwks';

export interface SignatureCheck {
  status: SignatureStatus;
  /** The kid in the token's header. */
  kid?: string;
  /** The kids the JWKS lists now, newest first as the IdP orders them. */
  published: string[];
  jwksUrl: string;
  /** One sentence for the user. */
  message: string;
}

export function jwksUrl(profile: IdpProfile): string {
  return endpointUrl(profile, endpointOf(profile).jwksPathTemplate);
}

/** With a kid, jose picks the key; without one, each candidate is tried (jose refuses to choose among several). */
async function verifiesWithAny(token: string, kid: string | undefined, jwks: JSONWebKeySet): Promise<boolean> {
  const sets = kid === undefined ? jwks.keys.map((key) => ({ keys: [key] })) : [jwks];
  for (const set of sets) {
    try {
      await compactVerify(token, createLocalJWKSet(set));
      return true;
    } catch {
      // Not this key.
    }
  }
  return false;
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}

/**
 * `newestFirst`: the JWKS lists the signing key first (the dcr-kit harness does); only then can a token signed with
 * a later key be called "being retired". Real IdPs publish several keys in no such order (Entra) or their next key
 * ahead of time (Okta).
 */
export async function checkSignature(
  token: string,
  kid: string | undefined,
  jwks: unknown,
  url: string,
  { newestFirst = false }: { newestFirst?: boolean } = {},
): Promise<SignatureCheck> {
  if (!isKeySet(jwks)) {
    return { status: 'unreadable-jwks', published: [], jwksUrl: url, message: `${url} did not answer with a key set.` };
  }
  const published = jwks.keys.map((k) => (typeof k.kid === 'string' ? k.kid : '')).filter(Boolean);
  const base = { published, jwksUrl: url, ...(kid !== undefined && { kid }) };
  if (kid !== undefined && !published.includes(kid)) {
    return {
      ...base,
      status: 'kid-not-published',
      message: `Signed with key ${kid}, which the IdP no longer publishes: it rotated its signing keys and the old key's grace period is over. Gateways will refuse this token; get a new one.`,
    };
  }
  if (!(await verifiesWithAny(token, kid, jwks))) {
    return {
      ...base,
      status: 'bad-signature',
      message: 'The signature does not verify with any published key: the token was altered or was not issued by this IdP.',
    };
  }
  if (newestFirst && kid !== undefined && published.length > 1 && published[0] !== kid) {
    return {
      ...base,
      status: 'retiring',
      message: `The signature is valid, but key ${kid} is being retired (the IdP now signs with ${published[0]}): this token works until the old key leaves the JWKS.`,
    };
  }
  return { ...base, status: 'valid', message: `The signature is valid (key ${kid ?? 'without kid'}, published at ${url}).` };
}
