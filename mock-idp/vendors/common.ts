/** Helpers every vendor folder uses: JWKS documents, scope lists, claim merging. */
import type { Context } from 'koa';
import { routePattern, type TokenEndpointProfile } from '../../shared/vendors';
import { sendJson } from '../core/http';
import type { KeyRing, SigningKey } from '../core/keys';
import { shiftTokenTimes, tokenTimeFault } from '../faults/inject';

export function jwksKey(key: SigningKey, members: readonly ('alg' | 'use' | 'x5t')[] = ['alg', 'use']): Record<string, string> {
  const out: Record<string, string> = { kty: 'RSA' };
  if (members.includes('alg')) out.alg = key.alg;
  out.kid = key.kid;
  if (members.includes('use')) out.use = 'sig';
  if (members.includes('x5t')) out.x5t = key.sha1Thumbprint;
  out.e = key.publicJwk.e;
  out.n = key.publicJwk.n;
  return out;
}

/** Discovery and JWKS are public, cacheable documents; serialise them once and answer from memory. */
export function staticJson(body: unknown, headers: Record<string, string>) {
  const text = JSON.stringify(body);
  return function serveDocument(ctx: Context): void {
    ctx.status = 200;
    ctx.set(headers);
    ctx.body = text;
  };
}

/**
 * A JWKS served from memory: serialised again only when the published keys change (a rotation, or a retired key's
 * grace period ending on the harness clock).
 */
export function keySetDocument(ring: KeyRing, build: (keys: SigningKey[]) => unknown, headers: Record<string, string>) {
  let tag = '';
  let text = '';
  return function serveKeySet(ctx: Context): void {
    const keys = ring.published();
    const current = keys.map((k) => k.kid).join(' ');
    if (current !== tag) {
      text = JSON.stringify(build(keys));
      tag = current;
    }
    ctx.status = 200;
    ctx.set(headers);
    ctx.body = text;
  };
}

/** Router paths of a token endpoint, its discovery document and its keys, from the shared vendor registry. */
export function endpointPaths(endpoint: TokenEndpointProfile): { token: string; discovery: string; jwks: string } {
  return {
    token: routePattern(endpoint.pathTemplate),
    discovery: routePattern(endpoint.discoveryPathTemplate),
    jwks: routePattern(endpoint.jwksPathTemplate),
  };
}

export function splitScope(scope: string | undefined): string[] {
  return scope ? scope.split(' ').filter(Boolean) : [];
}

/**
 * The claims a token is signed with: an injected token-time fault (expired, not yet valid, skewed clock) moves
 * the time claims, then test-queued claims go last, so they can override anything (that is their point).
 */
export function withExtraClaims<T extends Record<string, unknown>>(
  ctx: Context,
  claims: T,
  extra: Record<string, unknown> | undefined,
): T {
  const shifted = shiftTokenTimes(claims, tokenTimeFault(ctx));
  return extra ? { ...shifted, ...extra } : shifted;
}

export { sendJson };
