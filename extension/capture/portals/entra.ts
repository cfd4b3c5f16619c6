/**
 * Microsoft Entra admin center / Azure portal app registrations (closed source). A new client secret's value is shown
 * once, in the Value column of "Certificates & secrets" > Client secrets (a Fluent UI grid: role=columnheader
 * "Value", role=gridcell cells; older secrets show only a "Abc***…" hint), while the client id is on another blade
 * (Overview, "Application (client) ID"). Both must be on the same page, else nothing is said (never a pairing across
 * blades or a guess from the URL).
 */
import type { PortalAdapter } from '../types';
import { byText, labelled, pageContext, shownValue } from './dom';

const NAME = 'Microsoft Entra app registration';

function newSecret(doc: Document): { value: string; field: Element } | undefined {
  const header = byText(doc, '[role="columnheader"]', /^Value$/);
  const grid = header?.closest('[role="grid"]');
  if (!header || !grid) return undefined;
  const column = [...grid.querySelectorAll('[role="columnheader"]')].indexOf(header);
  for (const row of grid.querySelectorAll('[role="row"]')) {
    const value = shownValue(row.querySelectorAll('[role="gridcell"]')[column]?.querySelector('span, div'));
    if (value) return { value, field: grid };
  }
  return undefined;
}

export const entra: PortalAdapter = {
  id: 'entra',
  name: NAME,
  recognise: (_, url) => url.hostname === 'entra.microsoft.com' || url.hostname === 'portal.azure.com',
  find(doc) {
    const id = labelled(doc, /^Application \(client\) ID$/);
    const secret = id && newSecret(doc);
    if (!id || !secret) return undefined;
    return {
      clientId: id.value,
      clientSecret: secret.value,
      source: 'entra',
      anchor: secret.field,
      context: pageContext({ portal: NAME }),
    };
  },
};
