/**
 * Tyk Enterprise Developer Portal (the Go/Bootstrap portal served under /portal/): the developer's app page lists
 * access requests as Bootstrap cards; an approved card for an OAuth2 (DCR) plan has read-only inputs under the
 * labels `<strong>Client ID</strong>` and `<strong>Secret</strong>` (the element pairs Tyk's own UI tests read,
 * TykTechnologies/portal-tests lib/wrappers/portal_provisioning_request_card_object.js), the product name
 * (`.product-name`) and the plan (`.card-footer__plan-title`). Inputs are read by .value.
 */
import type { PortalAdapter } from '../types';
import { byText, pageContext, shownValue } from './dom';

const NAME = 'Tyk Developer Portal';

function inputUnder(card: Element, label: RegExp): string | undefined {
  return shownValue(byText(card, 'strong', label)?.parentElement?.parentElement?.querySelector('input'));
}

export const tyk: PortalAdapter = {
  id: 'tyk',
  name: NAME,
  recognise: (doc, url) =>
    url.pathname.startsWith('/portal/private/') && doc.querySelector('#approved .card, #pending .card') !== null,
  find(doc) {
    for (const card of doc.querySelectorAll('#approved .card')) {
      const clientId = inputUnder(card, /^Client ID$/);
      const clientSecret = inputUnder(card, /^Secret$/);
      if (clientId && clientSecret)
        return { clientId, clientSecret, source: 'tyk', anchor: card, context: pageContext({ portal: NAME }) };
    }
    return undefined;
  },
};
