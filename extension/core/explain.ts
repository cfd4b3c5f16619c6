/**
 * Vendor errors in plain words, shown next to the raw body. Each entry names the vendor's own code or text
 * (see ../shared/reference/vendors.md for the sources) and says what to change.
 */
import type { VendorId } from '../../shared/vendors';

const AADSTS: Record<number, string> = {
  7000215: 'The client secret is wrong. Use the secret *value* shown when it was created, not its ID.',
  7000218: 'The request has no client secret (or assertion).',
  7000222: 'The client secret has expired. Create a new one (Graph addPassword, or the portal).',
  7000229:
    'The app registration has no service principal in this tenant, so it cannot get tokens. Create one (Graph POST /servicePrincipals).',
  700016: 'No application with this client ID exists in this tenant. Check the client ID and the tenant.',
  1002012: 'Client credentials on the v2 endpoint need scope=<resource>/.default. dcr-kit adds /.default for you.',
  900144: 'A required parameter is missing: v1 needs resource=…, v2 needs scope=<resource>/.default.',
  90002: 'This tenant does not exist. Check the tenant ID or domain in the URL.',
  500011: 'The resource (API) is not known in this tenant. Check the App ID URI or appId.',
  900561: "Entra only accepts POST on the token endpoint. (Kong's Azure guide shows GET; dcr-kit always POSTs.)",
};

export function explainError(vendor: VendorId, status: number, body: Record<string, unknown> | undefined): string {
  const error = typeof body?.error === 'string' ? body.error : undefined;
  const description = typeof body?.error_description === 'string' ? body.error_description : '';
  if (vendor === 'azure' && Array.isArray(body?.error_codes)) {
    const code = Number(body.error_codes[0]);
    const known = AADSTS[code];
    if (known) return `AADSTS${code}: ${known}`;
  }
  if (vendor === 'auth0') {
    if (description.startsWith('Client is not authorized to access')) {
      return 'This client has no client grant for the API. Create one (Management API POST /api/v2/client-grants) with the scopes it needs.';
    }
    if (description.startsWith('No audience parameter'))
      return 'Auth0 needs audience=<API identifier> (the tenant has no default audience).';
    if (description.startsWith('Service not found')) return 'No API with this audience (identifier) exists in the tenant.';
    if (error === 'access_denied' && description === 'Unauthorized') return 'Wrong client ID or secret.';
    if (error === 'unauthorized_client') return 'The client_credentials grant is not enabled for this application.';
  }
  if (vendor === 'okta') {
    if (description.includes("'scope' must be provided"))
      return 'Okta needs a scope: this authorization server has no default scopes.';
    if (description.startsWith('One or more scopes are not configured'))
      return 'A requested scope does not exist on this authorization server.';
    if (error === 'invalid_scope' && description.includes('client_credentials'))
      return 'Do not ask for openid (or other user scopes) with client credentials.';
    if (error === 'invalid_client') return 'Wrong client ID or secret (Okta says which in the description).';
    if (error === 'unauthorized_client')
      return 'The client_credentials grant is not enabled for this app (a service app needs it).';
  }
  if (error === 'invalid_client') return 'Wrong client ID or secret.';
  if (error === 'invalid_scope') return 'A requested scope is not allowed for this client.';
  if (status === 429 || status === 503) return 'The IdP is rate limiting or unavailable; retry after the time it gives.';
  return error ? `The IdP answered ${error}.` : `The IdP answered HTTP ${status}.`;
}

/**
 * No answer at all (a refused connection, a name that does not resolve): which origin, the browser's words, and what
 * to check — a loopback origin is almost always the harness not running.
 */
export function unreachable(url: string, detail: string, loopback: boolean): string {
  const origin = new URL(url).origin;
  const hint = loopback
    ? 'Is the harness running (npm start)?'
    : 'Check the address, your network or VPN, and whether the IdP is up.';
  return `Cannot reach ${origin}: ${detail}. ${hint}`;
}
