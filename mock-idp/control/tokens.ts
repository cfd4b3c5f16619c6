/**
 * The QA inspector's token decoder (issue 13): a JWT's header and claims, and which tenant's published key verifies
 * it, or why none does (malformed, no kid, a kid no tenant publishes — a key retired past its grace period is no
 * longer published, so it reads the same — or a signature that does not match). Signatures are checked with the keys' `verifyJwt` (core/keys.ts), the tenants' own check.
 */
import type { Clock } from '../core/clock';
import { verifyJwt } from '../core/keys';
import type { Tenant } from '../tenant';

export interface TenantVerdict {
  tenant: string;
  vendor: string;
  verified: boolean;
  /** Why it does or does not verify, in words. */
  reason: string;
}

export interface DecodedToken {
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  /** Problems with the token itself (not a JWT, unreadable header), before any key is tried. */
  problem: string | null;
  verifiedBy: string | null;
  verdicts: TenantVerdict[];
  /** Time claims read against the harness clock: "expired 30 s ago", "valid for 3540 s". */
  timing: string | null;
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function timing(claims: Record<string, unknown>, nowSeconds: number): string | null {
  const { exp, nbf } = claims;
  if (typeof nbf === 'number' && nbf > nowSeconds) return `not valid for another ${nbf - nowSeconds} s (nbf, harness time)`;
  if (typeof exp !== 'number') return null;
  return exp <= nowSeconds
    ? `expired ${nowSeconds - exp} s ago (exp, harness time)`
    : `valid for ${exp - nowSeconds} s more (exp, harness time)`;
}

function verdict(tenant: Tenant, token: string, kid: string | undefined): TenantVerdict {
  const base = { tenant: tenant.id, vendor: tenant.vendor };
  if (!tenant.keys.isReady) return { ...base, verified: false, reason: 'its signing key is not made yet' };
  const published = tenant.keys.published();
  const key = published.find((k) => k.kid === kid);
  if (!key)
    return {
      ...base,
      verified: false,
      reason: `publishes no key with kid ${kid ?? '(none)'} (it publishes ${published.map((k) => k.kid).join(', ')})`,
    };
  if (!verifyJwt(key, token)) return { ...base, verified: false, reason: `its key ${key.kid} does not verify the signature` };
  return { ...base, verified: true, reason: `verified with its key ${key.kid}` };
}

export function decodeToken(raw: string, tenants: Iterable<Tenant>, clock: Clock): DecodedToken {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  const empty = { header: null, claims: null, verifiedBy: null, verdicts: [], timing: null };
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p)))
    return { ...empty, problem: 'not a compact JWT: expected three base64url parts separated by dots' };
  const header = decodePart(parts[0] as string);
  const claims = decodePart(parts[1] as string);
  if (!header) return { ...empty, claims, problem: 'the header is not base64url-encoded JSON' };
  if (header.alg !== 'RS256')
    return { ...empty, header, claims, problem: `alg is ${JSON.stringify(header.alg)}; harness tenants sign with RS256 only` };
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const verdicts = [...tenants].map((t) => verdict(t, token, kid));
  return {
    header,
    claims,
    problem: claims ? null : 'the claims are not base64url-encoded JSON',
    verifiedBy: verdicts.find((v) => v.verified)?.tenant ?? null,
    verdicts,
    timing: claims ? timing(claims, clock.epoch()) : null,
  };
}
