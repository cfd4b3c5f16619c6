/**
 * Kong Konnect Dev Portal v3 (Nuxt, hosted at {portal}.{region}.kongportals.com; closed source). With a DCR auth
 * strategy, creating an application or a New Credential opens a dialog with the client id and secret: "Copy and save
 * the secret somewhere safe. You won't see this key again." then "Copy and close" (developer.konghq.com/dev-portal/
 * dynamic-client-registration). The markup is not public, so the pair is read by its visible labels, inside an open
 * dialog only.
 */
import { portal } from './dom';

export const konnectV3 = portal({
  id: 'konnect-v3',
  name: 'Kong Konnect Dev Portal v3',
  // Konnect hosts v3 portals at {portal}.{region}.kongportals.com (the default domain above); a portal on a
  // custom domain (Konnect API POST /v3/portals/{portalId}/custom-domain) falls to the generic detector.
  host: /^[a-z0-9-]+(\.[a-z0-9-]+)*\.kongportals\.com$/,
  mark: '#__nuxt',
  scope: '[role="dialog"]',
  clientId: /^Client ID$/i,
  clientSecret: /^Client secret$/i,
});
