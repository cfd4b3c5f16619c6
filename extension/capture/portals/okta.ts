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
  at: /-admin\.okta(preview|-emea)?\.com\/admin\/app\//,
  scope: 'main',
  clientId: /^Client ID$/i,
  clientSecret: /^Client secret$/i,
});
