/**
 * What the API console starts with, from what the user connected to: the gateway's address (harness.json's
 * `gateway.url`) and the profile whose IdP the URL names. Pure.
 *
 * The harness gateway serves one echo API per auth strategy at `<gateway>/<strategy id>/…`, and a strategy's id is
 * its tenant's id (`mock-idp/gateway/strategies.ts`, `strategyForTenant`); the tenant id is also the first path
 * segment of the tenant's own URLs (ARCHITECTURE.md habit 1: one name per vendor everywhere).
 */
import type { IdpProfile } from './profiles';

/** Today's fallback: the harness's default gateway port and its Okta API. */
export const FALLBACK_CONSOLE_URL = 'http://127.0.0.1:4402/okta/anything';

/**
 * The console's first URL. A gateway address without a path gets the fallback's API path (`/okta/anything`); one
 * with a path is used as it is; anything that is not an http(s) URL is ignored.
 */
export function initialConsoleUrl(defaults?: { gatewayUrl?: string }): string {
  const given = defaults?.gatewayUrl?.trim();
  if (!given) return FALLBACK_CONSOLE_URL;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return FALLBACK_CONSOLE_URL;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return FALLBACK_CONSOLE_URL;
  if (url.pathname !== '/' || url.search) return url.href;
  return `${url.origin}${new URL(FALLBACK_CONSOLE_URL).pathname}`;
}

type Candidate = Pick<IdpProfile, 'id' | 'vendor' | 'endpointId' | 'source'>;

/**
 * The profile the URL's path names, or undefined: the earliest path segment that is a harness profile's tenant id
 * (exact) or else a profile's vendor id. Among several profiles of that vendor, an Entra v1 one first: Konnect's
 * strategies accept Entra v1 tokens only (issuer sts.windows.net, claim appid; shared/reference/vendors.md §5.1), so a
 * v2 token would be refused at the gateway. Otherwise the list's order decides.
 */
export function profileForUrl(url: string, profiles: readonly Candidate[]): string | undefined {
  let segments: string[];
  try {
    segments = new URL(url).pathname
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s).toLowerCase());
  } catch {
    return undefined;
  }
  for (const segment of segments) {
    const byTenant = profiles.filter((p) => p.source.kind === 'harness' && p.source.tenant.toLowerCase() === segment);
    const byVendor = profiles.filter((p) => p.vendor === segment);
    const found = byTenant.length > 0 ? byTenant : byVendor;
    if (found.length > 0) return (found.find((p) => p.vendor === 'azure' && p.endpointId === 'v1') ?? found[0])?.id;
  }
  return undefined;
}
