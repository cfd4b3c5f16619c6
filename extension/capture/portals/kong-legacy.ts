/**
 * Kong Gateway's legacy Dev Portal (Kong/kong-portal-templates, Enterprise 1.x–2.x): the "View Application" page
 * (layouts/system/view-app.html) mounts the portal's Vue bundle in `#portal-dashboard[data-page]`, whose
 * ApplicationCredentials component lists `table.credentials-table` rows: the client id in the first cell and
 * `div.client-secret-wrapper`, 32 "*" until the row's eye (`a.eye`) is clicked. Only a revealed secret is taken, with
 * the client id of its row. The page's `meta[name=portal_app_auth]` ("kong-oauth2", "external-oauth2") is the strategy.
 */
import type { PortalAdapter } from '../types';
import { pageContext, shortText, shownValue } from './dom';

const NAME = 'Kong Gateway Dev Portal (legacy)';

export const kongLegacy: PortalAdapter = {
  id: 'kong-legacy',
  name: NAME,
  recognise: (doc) => doc.querySelector('#portal-dashboard[data-page]') !== null,
  find(doc) {
    for (const wrapper of doc.querySelectorAll('.credentials-table .client-secret-wrapper')) {
      const clientSecret = shownValue(wrapper);
      const row = wrapper.closest('tr');
      const clientId = shownValue(row?.querySelector('td'));
      if (!clientSecret || !clientId || !row) continue;
      return {
        clientId,
        clientSecret,
        source: 'kong-legacy',
        anchor: row.closest('section.application-credentials') ?? row,
        context: pageContext({
          portal: NAME,
          authStrategy: shortText(doc.querySelector('meta[name="portal_app_auth"]')?.getAttribute('content')),
        }),
      };
    }
    return undefined;
  },
};
