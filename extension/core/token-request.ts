/**
 * The token request each vendor wants, built from the shared vendor registry: path, body encoding, client
 * authentication and the target parameter. Pure: returns the request, sends nothing.
 */
import { basicAuthorization } from '../../shared/http/basic-auth';
import { expandTemplate } from '../../shared/vendors';
import { endpointOf, type IdpProfile } from './profiles';

export { basicAuthorization };

export interface TokenRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** One of the endpoint's paths (token, JWKS, discovery) on the profile's base URL, with its parameters filled in. */
export function endpointUrl(profile: IdpProfile, pathTemplate: string): string {
  return expandTemplate(`{baseUrl}${pathTemplate}`, {
    baseUrl: profile.baseUrl.replace(/\/+$/, ''),
    authServerId: profile.authServerId,
    tenantId: profile.tenantId,
  });
}

export function tokenEndpointUrl(profile: IdpProfile): string {
  return endpointUrl(profile, endpointOf(profile).pathTemplate);
}

/** The target parameter's value as the endpoint wants it (Entra v2: `<resource>/.default`). */
export function targetValue(profile: IdpProfile): string {
  const { format } = endpointOf(profile).target;
  const value = profile.target.trim();
  if (format === 'dot-default')
    return value === '' || value.endsWith('/.default') ? value : `${value.replace(/\/+$/, '')}/.default`;
  if (format === 'space-separated') return value.split(/\s+/).filter(Boolean).join(' ');
  return value;
}

export function tokenRequest(profile: IdpProfile, clientSecret: string): TokenRequest {
  const endpoint = endpointOf(profile);
  const params: Record<string, string> = { grant_type: 'client_credentials' };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (profile.clientAuth === 'client_secret_basic') {
    headers.authorization = basicAuthorization(profile.clientId, clientSecret);
  } else {
    params.client_id = profile.clientId;
    params.client_secret = clientSecret;
  }
  const target = targetValue(profile);
  if (target) params[endpoint.target.param] = target;
  // Every vendor takes a form body; Auth0 also takes JSON, which the form covers too.
  const encoding = endpoint.bodyEncodings.includes('form') ? 'form' : 'json';
  headers['content-type'] = encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  const body = encoding === 'form' ? new URLSearchParams(params).toString() : JSON.stringify(params);
  // Always POST: Kong's Azure guide shows GET, which Entra refuses (AADSTS900561).
  return { url: tokenEndpointUrl(profile), method: 'POST', headers, body };
}
