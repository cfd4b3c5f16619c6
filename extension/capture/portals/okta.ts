/**
 * Okta Admin Console ({org}-admin.okta.com, closed source): Applications > an OIDC app > General, "Client
 * Credentials": "the client ID and client secret values … Copy to Clipboard button beside each text field"
 * (developer.okta.com/docs/guides/find-your-app-credentials), the secret in a masked text field read by .value. The
 * markup is not public, so the fields are found by their visible labels ("Client authentication: Client secret"
 * is a radio button, never a value).
 *
 * Orgs with client secret rotation show "Client Secrets" as a table (Creation date, Secret, Status; at most two
 * secrets, each masked with show and copy icons: developer.okta.com/docs/guides/client-secret-rotation-key/main/).
 * "Generate new secret" opens a dialog that "displays the new client secret" once, then both are ACTIVE
 * (help.okta.com/en-us/Content/Topics/apiservice/api-service-integration-rotate-client-secret.htm). There the pair
 * is the client id and: the secret of that dialog; else the one revealed ACTIVE secret; of two revealed ACTIVE
 * secrets, the one created later; when the dates cannot tell, nothing.
 */
import type { Found, PortalAdapter } from '../types';
import { credential, portal, valueAt } from './dom';

const NAME = 'Okta Admin Console';

const fields = portal({
  id: 'okta',
  name: NAME,
  // The Admin Console is {org}-admin.okta.com (or oktapreview.com, okta-emea.com): developer.okta.com/docs/guides/
  // find-your-domain/main/ ("the Admin Console URL … with -admin"). On any other host the path proves nothing.
  host: /^[a-z0-9-]+-admin\.okta(preview|-emea)?\.com$/,
  path: /^\/admin\/app\//,
  scope: 'main',
  clientId: /^Client ID$/i,
  clientSecret: /^Client secret$/i,
});

/** The columns of a client secrets table (headers Creation date, Secret, Status), if `table` is one. */
function columns(table: HTMLTableElement) {
  const heads = [...(table.tHead?.rows[0]?.cells ?? [])].map((cell) => cell.textContent?.trim().toLowerCase());
  const [created, secret, status] = ['creation date', 'secret', 'status'].map((head) => heads.indexOf(head)) as number[];
  return (secret as number) > -1 && (status as number) > -1 ? { created, secret, status } : undefined;
}

/** null: a secrets table is there, and no pair in it is sure (the generic detector would misread it). */
function fromTable(doc: Document, table: HTMLTableElement): Found | null {
  const main = table.closest('main') ?? doc.body;
  const clientId = valueAt(main, /^Client ID$/i);
  if (!clientId) return null;
  const context = { portal: NAME };
  // The dialog that shows a new secret once: its secret is the new one.
  const dialog = doc.querySelector('[role="dialog"],dialog[open]');
  const shownOnce = dialog && valueAt(dialog, /^(?:new )?client secret$/i);
  if (dialog && shownOnce && shownOnce !== clientId)
    return { clientId, clientSecret: shownOnce, source: fields.id, anchor: dialog, context };
  const { created, secret, status } = columns(table) as { created: number; secret: number; status: number };
  const active = [...table.tBodies]
    .flatMap((body) => [...body.rows])
    .flatMap((row) => {
      const cell = row.cells[secret];
      const value = cell && credential(cell.querySelector('input')?.value ?? cell.firstElementChild?.textContent);
      const on = /^active\b/i.test(row.cells[status]?.textContent?.trim() ?? '');
      return cell && value && value !== clientId && on
        ? [{ value, cell, at: Date.parse(row.cells[created]?.textContent ?? '') }]
        : [];
    })
    .sort((a, b) => b.at - a.at);
  const [newest, older] = active;
  // Two shown and no later date (equal, or unreadable: NaN compares false): which one is new is a guess.
  if (!newest || (older && !(newest.at > older.at))) return null;
  return { clientId, clientSecret: newest.value, source: fields.id, anchor: newest.cell, context };
}

export const okta: PortalAdapter = {
  ...fields,
  find(doc) {
    const table = [...doc.querySelectorAll('main table')].find((t) => columns(t as HTMLTableElement));
    return table ? fromTable(doc, table as HTMLTableElement) : fields.find(doc);
  },
};
