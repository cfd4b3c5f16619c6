/**
 * Apigee's Drupal developer portal (apigee/apigee-devportal-kickstart-drupal with the apigee/apigee-edge-drupal module):
 * an app's credentials are `fieldset.app-credential` blocks (app-credential.html.twig) whose primary wrapper holds
 * `.item-property` rows labelled "Consumer Key" and "Consumer Secret", each an apigee_secret element (`.secret`):
 * apigee_edge.secret.js keeps it `.secret--hidden` and empty until its eye toggle fetches the value into
 * `.secret__value`. Only revealed values are taken, both from the same credential.
 */
import type { PortalAdapter } from '../types';
import { byText, pageContext, shownValue } from './dom';

const NAME = 'Apigee Developer Portal (Drupal)';

function revealed(credential: Element, label: RegExp): string | undefined {
  const property = byText(credential, '.item-property > label', label)?.parentElement;
  return shownValue(property?.querySelector('.secret:not(.secret--hidden) > .secret__value'));
}

export const apigee: PortalAdapter = {
  id: 'apigee',
  name: NAME,
  recognise: (doc) =>
    /^Drupal\b/.test(doc.querySelector('meta[name="Generator" i]')?.getAttribute('content') ?? '') &&
    doc.querySelector('fieldset.app-credential') !== null,
  find(doc) {
    for (const credential of doc.querySelectorAll('fieldset.app-credential')) {
      const clientId = revealed(credential, /^Consumer Key$/i);
      const clientSecret = revealed(credential, /^Consumer Secret$/i);
      if (clientId && clientSecret)
        return { clientId, clientSecret, source: 'apigee', anchor: credential, context: pageContext({ portal: NAME }) };
    }
    return undefined;
  },
};
