/**
 * Gravitee APIM's Developer Portal "next" (gravitee-io/gravitee-api-management, gravitee-apim-portal-webui-next,
 * Angular): a subscription to an OAuth2/JWT plan shows an "API access" card (components/api-access) with
 * `app-copy-code#client-id` and, when the application has one, `app-copy-code#client-secret` (mode PASSWORD: the
 * `pre` shows one "*" per character until the visibility button is clicked). Only a revealed secret is taken. The
 * subscription info lists the application ("Application:" row).
 */
import type { PortalAdapter } from '../types';
import { byText, pageContext, shortText, shownValue } from './dom';

const NAME = 'Gravitee Developer Portal';
const CODE = 'pre.copy-code__command-line__container__code';

export const gravitee: PortalAdapter = {
  id: 'gravitee',
  name: NAME,
  recognise: (doc) => doc.querySelector('app-root') !== null && doc.querySelector('app-copy-code, app-api-access') !== null,
  find(doc) {
    const clientId = shownValue(doc.querySelector(`app-copy-code#client-id ${CODE}`));
    const secret = doc.querySelector('app-copy-code#client-secret');
    const clientSecret = shownValue(secret?.querySelector(CODE));
    if (!clientId || !clientSecret || !secret) return undefined;
    const appRow = byText(doc, '.subscription-info__content-row span', /^Application:$/)?.closest(
      '.subscription-info__content-row',
    );
    return {
      clientId,
      clientSecret,
      source: 'gravitee',
      anchor: secret.closest('mat-card') ?? secret,
      context: pageContext({ portal: NAME, appName: shortText(appRow?.querySelector('a')?.textContent) }),
    };
  },
};
