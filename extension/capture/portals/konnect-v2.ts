/**
 * Kong Konnect's classic (v2) Dev Portal (Kong/konnect-portal, Vue 3 + Kongponents): after "Create" with a
 * client-credentials (DCR) auth strategy, ApplicationForm.vue opens `KModal[data-testid="copy-secret-modal"]` with two
 * CopyButtons whose label is the i18n text plus the value ("Client ID: …", "Client Secret: …", src/locales/en.ts).
 * The value only exists there, in the copy button's `span.truncate`, so it is read after that exact label prefix
 * (never the caption alone). Recognised by the portal API stylesheet link index.html always has, or the host.
 */
import type { PortalAdapter } from '../types';
import { credential, pageContext, shortText } from './dom';

const NAME = 'Kong Konnect Dev Portal (classic v2)';

function afterLabel(modal: Element, label: string): string | undefined {
  for (const span of modal.querySelectorAll('[data-testid="copy-button"] span.truncate')) {
    const text = (span.textContent ?? '').trim();
    if (text.startsWith(label)) return credential(text.slice(label.length));
  }
  return undefined;
}

export const konnectV2: PortalAdapter = {
  id: 'konnect-v2',
  name: NAME,
  recognise: (doc, url) =>
    doc.getElementById('app') !== null &&
    (url.hostname.endsWith('.portal.konghq.com') || doc.querySelector('link[href*="/api/v2/portal/stylesheet.css"]') !== null),
  find(doc) {
    const modal = doc.querySelector('[data-testid="copy-secret-modal"]');
    if (!modal) return undefined;
    const clientId = afterLabel(modal, 'Client ID:');
    const clientSecret = afterLabel(modal, 'Client Secret:');
    if (!clientId || !clientSecret) return undefined;
    const strategy = doc.querySelector<HTMLInputElement>('[data-testid="application-auth-strategy-select"] input');
    return {
      clientId,
      clientSecret,
      source: 'konnect-v2',
      anchor: modal,
      context: pageContext({
        portal: NAME,
        appName: shortText(modal.querySelector('strong')?.textContent),
        authStrategy: shortText(strategy?.value),
      }),
    };
  },
};
