/**
 * Okta Admin Console ({org}-admin.okta.com, closed source): Applications > an OIDC app > General, "Client
 * Credentials" with the Client ID in a read-only text field beside a copy button, and "Client Secrets", a table whose
 * Secret column shows a masked value until its eye button reveals it (developer.okta.com/docs/guides/
 * find-your-app-credentials; help.okta.com "Client secret rotation"). The markup is not public: fields are found by
 * their visible labels and the Secret column by its header; only a revealed secret is taken. Older orgs show the secret
 * in a masked input instead, read by .value.
 */
import type { PortalAdapter } from '../types';
import { byText, labelled, pageContext, shownValue } from './dom';

const NAME = 'Okta Admin Console';

/** The first revealed value in the Secret column of the client secrets table. */
function revealedSecret(doc: Document): { value: string; field: Element } | undefined {
  const header = byText(doc, 'th', /^Secret$/i);
  const table = header?.closest('table');
  if (!header || !table) return undefined;
  const column = [...(header.parentElement?.children ?? [])].indexOf(header);
  for (const row of table.querySelectorAll('tbody tr')) {
    const cell = row.children[column];
    const value = shownValue(cell?.querySelector('input, span, code') ?? cell);
    if (value) return { value, field: table };
  }
  return undefined;
}

export const okta: PortalAdapter = {
  id: 'okta',
  name: NAME,
  recognise: (_, url) =>
    /-admin\.(okta|oktapreview|okta-emea|okta-gov)\.com$/.test(url.hostname) && url.pathname.startsWith('/admin/app/'),
  find(doc) {
    const id = labelled(doc, /^Client ID$/i);
    const secret = labelled(doc, /^Client secret$/i) ?? revealedSecret(doc);
    if (!id || !secret) return undefined;
    return {
      clientId: id.value,
      clientSecret: secret.value,
      source: 'okta',
      anchor: secret.field,
      context: pageContext({ portal: NAME }),
    };
  },
};
