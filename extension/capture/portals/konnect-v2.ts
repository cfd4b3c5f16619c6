/**
 * Kong Konnect's classic (v2) Dev Portal (Kong/konnect-portal, Vue 3 + Kongponents): after "Create" with a
 * client-credentials (DCR) auth strategy, src/views/Applications/ApplicationForm.vue opens
 * `KModal[data-testid="copy-secret-modal"]` with two CopyButtons (src/components/CopyButton.vue) whose only text is
 * `span.truncate` "{{ label }} {{ textToCopy }}" with the labels "Client ID: " / "Client Secret: "
 * (src/locales/en.ts): the value is what follows that exact label. The modal names the app in its first <strong>;
 * the form's auth strategy KSelect shows the strategy in its inner input (Kongponents 8 puts the select's
 * data-testid there). Recognised by the portal-API stylesheet index.html links.
 */
import { portal } from './dom';

export const konnectV2 = portal({
  id: 'konnect-v2',
  name: 'Kong Konnect Dev Portal (classic v2)',
  mark: 'link[href*="/api/v2/portal/stylesheet.css"]',
  scope: '[data-testid="copy-secret-modal"]',
  clientId: /^Client ID: (.+)$/,
  clientSecret: /^Client Secret: (.+)$/,
  context: {
    appName: '[data-testid="copy-secret-modal"] strong',
    authStrategy: 'input[data-testid="application-auth-strategy-select"]',
  },
});
