/**
 * The generic detector: finds credentials a portal shows once, in a page no adapter recognises. It is right or
 * silent: one client id and one secret (every label of each kind on the page points at one and the same readable
 * value), valid OAuth VSCHAR values, different, and close to each other in the DOM (the same card, table, list or
 * form); anything less clear finds nothing. Konnect's classic portal shows them in
 * `[data-testid="copy-secret-modal"]` (Kong/konnect-portal ApplicationForm.vue): the search is limited to that modal
 * when it is there. Page data is untrusted: values are validated and size-limited, and nothing is ever written back
 * into the page.
 */
import { collect, type Kind } from './generic/walk';
import type { Found } from './types';

export { MAX_NODES, shadowRoots } from './generic/walk';

/** The element and its containers (across shadow roots), up to 5 levels up: where a pair's common container may be. */
function chain(el: Element): Element[] {
  const up = [el];
  for (let e = up[0]; e && up.length < 6; up.push(e)) e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host as Element);
  return up.filter((e) => e);
}

export function findCredentials(doc: Document | Element): Found | undefined {
  const top = 'documentElement' in doc ? doc.documentElement : doc;
  const modal = top?.querySelector('[data-testid="copy-secret-modal"]');
  const all = top && collect(modal ?? top);
  const of = (kind: Kind) => all?.filter((c) => c.kind === kind) ?? [];
  /** The labels of `strong` (or, when there are none but `other` labels are there, of `weak`), if they all show one value. */
  const one = (strong: Kind, weak: Kind, other: Kind) => {
    const list = of(strong)[0] ? of(strong) : of(other)[0] ? of(weak) : [];
    return list.every((c) => c.value === list[0]?.value) ? list : [];
  };
  // A bare "Key" only with a "Secret" label; a bare "Value" (Entra's secrets table) only with a client id label.
  const ids = one('i', 'k', 's');
  const secrets = one('s', 'v', 'i');
  // The nearest common container of an id and the secret (they differ), if any.
  let anchor: Element | undefined;
  let best = 6;
  for (const id of ids)
    for (const secret of secrets) {
      const up = chain(secret.at);
      const at = up.findIndex((e) => chain(id.at).includes(e));
      if (at >= 0 && at < best && id.value !== secret.value) [best, anchor] = [at, up[at]];
    }
  // The Save button goes after a table, not inside it.
  anchor = anchor?.closest('table')?.parentElement ?? anchor;
  return anchor && ids[0] && secrets[0]
    ? {
        clientId: ids[0].value,
        clientSecret: secrets[0].value,
        source: modal ? 'konnect-modal' : 'generic',
        anchor: modal ?? anchor,
      }
    : undefined;
}
