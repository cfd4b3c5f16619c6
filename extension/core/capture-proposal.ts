/**
 * "Create profile" from a capture: what the page or portal said (a token URL, an issuer, a Konnect auth strategy's
 * name) and the client id's shape become a proposed profile, which the user confirms or edits in the profile form.
 * Pure: an issuer's discovery document is read only after the user asks (`discoveryUrl`), then `withTokenEndpoint`.
 */
import { type TokenEndpointProfile, templateParams, type VendorId, vendorIds, vendors } from '../../shared/vendors';
import type { PageContext } from '../capture/types';
import { hostOf } from './host-patterns';
import { CLIENT_ID_SHAPES, NAMED_VENDORS } from './idp-hint';
import { emptyProfileInput, type ProfileInput } from './profile-input';

/** What a proposal is made from: the capture as the popup sees it (never its secret). */
export interface CaptureFacts {
  origin: string;
  clientId: string;
  context?: PageContext;
}

export interface Proposal {
  input: ProfileInput;
  /** Why each field was proposed, in words for the user. */
  reasons: string[];
  /** The discovery document to read (after the user confirms) for the token endpoint the page did not show. */
  discoveryUrl?: string;
}

/** A token endpoint taken apart along a vendor's path template. */
export interface EndpointMatch {
  vendor: VendorId;
  endpointId: string;
  baseUrl: string;
  authServerId?: string;
  tenantId?: string;
}

const DISCOVERY = '/.well-known/openid-configuration';

/**
 * The hosts each hosted IdP serves its token endpoints on: a token URL elsewhere is not that vendor's by its path
 * alone (`/oauth/token` is a common path). Curity is self-hosted: any host. A custom domain (Auth0, Okta) is not
 * recognised; the user chooses the vendor.
 * - Auth0: {tenant}.auth0.com, {tenant}.{region}.auth0.com, the tenant domain the Dashboard's application settings show
 *   (auth0.com/docs/get-started/applications/application-settings; a custom domain, auth0.com/docs/customize/
 *   custom-domains, is not recognised);
 * - Okta: {org}.okta.com, {org}.oktapreview.com, {org}.okta-emea.com (developer.okta.com/docs/guides/find-your-domain/main/);
 * - Entra: login.microsoftonline.com and the national clouds' login.microsoftonline.us, login.chinacloudapi.cn,
 *   login.partner.microsoftonline.cn (learn.microsoft.com/entra/identity-platform/authentication-national-cloud).
 * Loopback hosts are every vendor's: the local harness serves each vendor's paths under its tenant's base URL.
 */
const HOSTS: Partial<Record<VendorId, RegExp>> = {
  auth0: /^[a-z0-9-]+(\.[a-z0-9-]+)?\.auth0\.com$/,
  okta: /^[a-z0-9-]+\.(okta|oktapreview|okta-emea)\.com$/,
  azure: /^login\.(microsoftonline\.(com|us)|chinacloudapi\.cn|partner\.microsoftonline\.cn)$/,
};
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Whether `vendor` serves token endpoints on `url`'s host. */
const servedBy = (vendor: VendorId, url: URL) => LOOPBACK.test(url.hostname) || (HOSTS[vendor]?.test(url.hostname) ?? true);

/** `url`'s path split along `template` (placeholders are one segment each); the part before is the base URL. */
function matchPath(url: URL, template: string): { base: string; values: Record<string, string> } | undefined {
  const want = template.split('/').filter(Boolean);
  const have = url.pathname.split('/').filter(Boolean);
  if (have.length < want.length) return undefined;
  const tail = have.slice(have.length - want.length);
  const values: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      // A page-supplied URL may carry a broken escape (URL keeps it as is): no match rather than a throw.
      try {
        values[name] = decodeURIComponent(tail[i] as string);
      } catch {
        return undefined;
      }
    } else if (part !== tail[i]) return undefined;
  }
  const prefix = have.slice(0, have.length - want.length).join('/');
  return { base: `${url.origin}${prefix ? `/${prefix}` : ''}`, values };
}

const literalSegments = (e: TokenEndpointProfile) => e.pathTemplate.split('/').filter((p) => p && !p.startsWith('{')).length;

/**
 * The vendor, endpoint and base URL a token endpoint URL names (the most specific template wins), if any: on a host
 * that vendor serves (`anyHost`: by the path alone, to say what the path looks like).
 */
export function matchTokenEndpoint(tokenUrl: string, anyHost = false): EndpointMatch | undefined {
  let url: URL;
  try {
    url = new URL(tokenUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const candidates = vendorIds
    .flatMap((vendor) => vendors[vendor].tokenEndpoints.map((endpoint) => ({ vendor, endpoint })))
    .sort((a, b) => literalSegments(b.endpoint) - literalSegments(a.endpoint));
  for (const { vendor, endpoint } of candidates) {
    if (!anyHost && !servedBy(vendor, url)) continue;
    const found = matchPath(url, endpoint.pathTemplate);
    if (!found) continue;
    const params = templateParams(endpoint.pathTemplate);
    return {
      vendor,
      endpointId: endpoint.id,
      baseUrl: found.base,
      ...(params.includes('authServerId') && { authServerId: found.values.authServerId }),
      ...(params.includes('tenantId') && { tenantId: found.values.tenantId }),
    };
  }
  return undefined;
}

function vendorDefaults(vendor: VendorId, endpointId?: string): Partial<ProfileInput> {
  const endpoint = vendors[vendor].tokenEndpoints.find((e) => e.id === endpointId) ?? vendors[vendor].tokenEndpoints[0];
  return { vendor, endpointId: endpoint.id, clientAuth: endpoint.defaultClientAuth };
}

/** The proposal once a token endpoint is known (shown on the page, or read from the issuer's discovery document). */
export function withTokenEndpoint(proposal: Proposal, tokenUrl: string, from: string): Proposal {
  const match = matchTokenEndpoint(tokenUrl);
  if (!match) {
    const looksLike = matchTokenEndpoint(tokenUrl, true)?.vendor;
    const why = looksLike
      ? `has ${vendors[looksLike].displayName}’s token endpoint path on a host ${vendors[looksLike].displayName} does not use (a custom domain? choose the vendor)`
      : 'is no token endpoint dcr-kit knows';
    return { ...proposal, reasons: [...proposal.reasons, `${from}: ${tokenUrl} ${why}`] };
  }
  const { vendor, endpointId, ...where } = match;
  return {
    input: { ...proposal.input, ...vendorDefaults(vendor, endpointId), ...where },
    reasons: [...proposal.reasons, `${vendors[vendor].displayName} token endpoint ${tokenUrl} (${from})`],
  };
}

export function proposeProfile(capture: CaptureFacts): Proposal {
  const context = capture.context ?? {};
  let proposal: Proposal = {
    input: {
      ...emptyProfileInput,
      name: `${context.appName ?? capture.clientId} (${context.portal ?? hostOf(capture.origin)})`,
      clientId: capture.clientId,
    },
    reasons: [],
  };
  const named = NAMED_VENDORS.find(([pattern]) => context.authStrategy && pattern.test(context.authStrategy));
  const shaped = CLIENT_ID_SHAPES.find(([pattern]) => pattern.test(capture.clientId));
  if (named) {
    proposal.input = { ...proposal.input, ...vendorDefaults(named[1]) };
    proposal.reasons.push(`${vendors[named[1]].displayName}: the auth strategy "${context.authStrategy}"`);
  } else if (shaped) {
    proposal.input = { ...proposal.input, ...vendorDefaults(shaped[1]) };
    proposal.reasons.push(`${vendors[shaped[1]].displayName}: the client id looks like ${shaped[2]}`);
  }
  const shown = context.tokenUrl;
  if (shown?.includes('/.well-known/')) proposal.discoveryUrl = shown;
  else if (shown) proposal = withTokenEndpoint(proposal, shown, 'shown on the page');
  if (!matchTokenEndpoint(shown ?? '') && context.issuer)
    proposal.discoveryUrl ??= `${context.issuer.replace(/\/+$/, '')}${DISCOVERY}`;
  return proposal;
}
