/**
 * Gravitee APIM's classic Developer Portal (gravitee-io/gravitee-api-management, gravitee-apim-portal-webui, Angular
 * with the gravitee-ui-components web components): an OAuth application's General page
 * (pages/application/application-general) has an "OAuth2" box with `gv-input[name="application.client_id"]` and
 * `gv-input[name="application.client_secret"]` (type=password, clipboard), their values set as properties by
 * Angular's ngDefaultControl: read by .value. The application name is `gv-input[name="application.name"]`.
 */
import { portal } from './dom';

export const graviteeClassic = portal({
  id: 'gravitee-classic',
  name: 'Gravitee Developer Portal (classic)',
  mark: 'app-root gv-input[name="application.client_secret"]',
  scope: '.page__box:has(gv-input[name="application.client_secret"])',
  clientId: 'gv-input[name="application.client_id"]',
  clientSecret: 'gv-input[name="application.client_secret"]',
  context: { appName: 'gv-input[name="application.name"]' },
});
