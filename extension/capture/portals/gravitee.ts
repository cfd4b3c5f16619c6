/**
 * Gravitee APIM's Developer Portal "next" (gravitee-io/gravitee-api-management, gravitee-apim-portal-webui-next,
 * Angular): a subscription to an OAuth2/JWT plan shows an "API access" card (components/api-access) with
 * `app-copy-code#client-id` and, when the application has one, `app-copy-code#client-secret` (mode PASSWORD: the
 * `pre` shows one "*" per character until the visibility button is clicked). Only a revealed secret is taken. The
 * subscription info names the application (its "Application:" row links to it).
 */
import { portal } from './dom';

export const gravitee = portal({
  id: 'gravitee',
  name: 'Gravitee Developer Portal',
  mark: 'app-root app-copy-code',
  scope: 'app-api-access',
  clientId: '#client-id pre',
  clientSecret: '#client-secret pre',
  context: { appName: '.subscription-info__content-row a[href*="/applications/"]' },
});
