/**
 * Kong Konnect Dev Portal v3 (Nuxt, hosted at {portal}.{region}.kongportals.com; closed source). With a DCR auth
 * strategy, creating an application or a New Credential opens a dialog with the client id and secret: "Copy and save
 * the secret somewhere safe. You won't see this key again." then "Copy and close" (developer.konghq.com/dev-portal/
 * dynamic-client-registration). The markup is not public, so the pair is read by its visible labels, inside the
 * open dialog only.
 */
import type { PortalAdapter } from '../types';
import { labelled, pageContext } from './dom';

const NAME = 'Kong Konnect Dev Portal v3';

export const konnectV3: PortalAdapter = {
  id: 'konnect-v3',
  name: NAME,
  recognise: (doc, url) => doc.getElementById('__nuxt') !== null && url.hostname.endsWith('.kongportals.com'),
  find(doc) {
    for (const dialog of doc.querySelectorAll('[role="dialog"]')) {
      const id = labelled(dialog, /^Client ID$/i);
      const secret = labelled(dialog, /^Client secret$/i);
      if (id && secret)
        return {
          clientId: id.value,
          clientSecret: secret.value,
          source: 'konnect-v3',
          anchor: dialog,
          context: pageContext({ portal: NAME }),
        };
    }
    return undefined;
  },
};
