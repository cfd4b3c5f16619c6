/**
 * Tyk Enterprise Developer Portal (served under /portal/): the developer's app page lists access requests as
 * Bootstrap cards in `#pending` / `#approved`; an approved card for an OAuth2 (DCR) plan has read-only inputs under
 * the labels `<strong>Client ID</strong>` and `<strong>Secret</strong>` (the pairs Tyk's own UI tests read:
 * TykTechnologies/portal-tests lib/wrappers/portal_provisioning_request_card_object.js, `strong/../..//input`).
 */
import { portal } from './dom';

export const tyk = portal({
  id: 'tyk',
  name: 'Tyk Developer Portal',
  // Self-hosted (any host: Tyk's portal runs where its operator deploys it): the path and a marker only.
  path: /^\/portal\/private\//,
  mark: '#approved .card',
  scope: '#approved .card',
  clientId: /^Client ID$/,
  clientSecret: /^Secret$/,
});
