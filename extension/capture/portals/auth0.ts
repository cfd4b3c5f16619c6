/**
 * Auth0 Dashboard (manage.auth0.com, closed source): Applications > an application > Settings, "Basic Information"
 * (auth0.com/docs/get-started/applications/application-settings): Name, Domain, Client ID and Client Secret fields,
 * the secret in a masked input (read by .value) with a reveal toggle and a copy button. The markup is not public, so
 * the fields are found by their visible labels. The tenant Domain gives the issuer and the token endpoint Auth0
 * documents for every tenant (https://{domain}/ and https://{domain}/oauth/token).
 */
import { portal } from './dom';

const domain = (doc: Document, path: string) => {
  const input = [...doc.querySelectorAll('label')].find((label) => label.textContent?.trim() === 'Domain')?.control;
  const host = (input as HTMLInputElement | null)?.value;
  return host && /^[a-z0-9.-]+$/i.test(host) ? `https://${host}/${path}` : undefined;
};

export const auth0 = portal({
  id: 'auth0',
  name: 'Auth0 Dashboard',
  // The Dashboard is served from manage.auth0.com (auth0.com/docs/get-started/auth0-overview/dashboard: "The
  // Auth0 Dashboard (https://manage.auth0.com/#)"); its region and tenant are in the path.
  host: /^manage(\.[a-z0-9-]+)?\.auth0\.com$/,
  path: /^\/dashboard\//,
  scope: 'main',
  clientId: /^Client ID$/,
  clientSecret: /^Client Secret$/,
  context: { appName: /^Name$/, issuer: (doc) => domain(doc, ''), tokenUrl: (doc) => domain(doc, 'oauth/token') },
});
