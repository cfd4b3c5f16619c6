/**
 * Auth0 Dashboard (manage.auth0.com, closed source): Applications > an application > Settings, "Basic Information"
 * (auth0.com/docs/get-started/applications/application-settings): Name, Domain, Client ID and Client Secret fields,
 * the secret in a masked input (read by .value) with a reveal toggle and a copy button. The markup is not public, so
 * the fields are found by their visible labels and their form controls. The tenant Domain gives the issuer and the
 * token endpoint Auth0 documents for every tenant (https://{domain}/ and https://{domain}/oauth/token).
 */
import type { PortalAdapter } from '../types';
import { byText, credential, httpUrl, labelled, pageContext, shortText } from './dom';

const NAME = 'Auth0 Dashboard';

export const auth0: PortalAdapter = {
  id: 'auth0',
  name: NAME,
  recognise: (_, url) => /^manage(\.[a-z0-9-]+)?\.auth0\.com$/.test(url.hostname) && url.pathname.startsWith('/dashboard/'),
  find(doc) {
    const main = doc.querySelector('main') ?? doc;
    const id = labelled(main, /^Client ID$/i);
    const secret = labelled(main, /^Client Secret$/i);
    if (!id || !secret) return undefined;
    const domain = credential(labelled(main, /^Domain$/i)?.value);
    const name = byText(main, 'label', /^Name$/i) as HTMLLabelElement | undefined;
    return {
      clientId: id.value,
      clientSecret: secret.value,
      source: 'auth0',
      anchor: secret.field,
      context: pageContext({
        portal: NAME,
        appName: shortText((name?.control as HTMLInputElement | null)?.value),
        issuer: domain && httpUrl(`https://${domain}/`),
        tokenUrl: domain && httpUrl(`https://${domain}/oauth/token`),
      }),
    };
  },
};
