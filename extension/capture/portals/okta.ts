/**
 * Okta Admin Console ({org}-admin.okta.com, closed source): Applications > an OIDC app > General, "Client
 * Credentials": "the client ID and client secret values … Copy to Clipboard button beside each text field"
 * (developer.okta.com/docs/guides/find-your-app-credentials), the secret in a masked text field read by .value. The
 * markup is not public, so the fields are found by their visible labels ("Client authentication: Client secret"
 * is a radio button, never a value).
 */
import { portal } from './dom';

export const okta = portal({
  id: 'okta',
  name: 'Okta Admin Console',
  // The Admin Console is {org}-admin.okta.com (or oktapreview.com, okta-emea.com): developer.okta.com/docs/guides/
  // find-your-domain/main/ ("the Admin Console URL … with -admin"). On any other host the path proves nothing.
  host: /^[a-z0-9-]+-admin\.okta(preview|-emea)?\.com$/,
  path: /^\/admin\/app\//,
  scope: 'main',
  clientId: /^Client ID$/i,
  clientSecret: /^Client secret$/i,
});
