/**
 * Kong Gateway's legacy Dev Portal (Kong/kong-portal-templates, Enterprise 1.x–2.x): the "View Application" page
 * (layouts/system/view-app.html) mounts the portal's Vue bundle in `#portal-dashboard[data-page]`, whose
 * ApplicationCredentials component lists `table.credentials-table` rows: the client id in the first cell and
 * `div.client-secret-wrapper`, 32 "*" until the row's eye (`a.eye`) is clicked. Only a revealed secret is taken, with
 * the client id of its row. The page's `meta[name=portal_app_auth]` ("kong-oauth2", "external-oauth2") is the strategy.
 */
import { portal } from './dom';

export const kongLegacy = portal({
  id: 'kong-legacy',
  name: 'Kong Gateway Dev Portal (legacy)',
  mark: '#portal-dashboard[data-page]',
  scope: '.credentials-table tbody tr',
  clientId: 'td:first-child',
  clientSecret: '.client-secret-wrapper',
  context: { authStrategy: 'meta[name="portal_app_auth"]' },
});
