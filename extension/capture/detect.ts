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
  const up = [];
  for (let e: Element | undefined = el, i = 0; e && i++ < 6; e = e.parentElement ?? (e.getRootNode() as ShadowRoot).host)
    up.push(e);
  return up;
}

export function findCredentials(doc: Document | Element): Found | undefined {
  const top = (doc as Document).documentElement ?? doc;
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
  const clientId = ids[0]?.value;
  const clientSecret = secrets[0]?.value;
  // The nearest common container of an id and the secret, if any (a table's row or body: the Save button is shown
  // as one more cell or row).
  let anchor: Element | undefined;
  let best = 6;
  for (const id of clientId !== clientSecret ? ids : [])
    for (const secret of secrets) {
      const up = chain(secret.at);
      const at = up.findIndex((e) => chain(id.at).includes(e));
      if (at > -1 && at < best) [best, anchor] = [at, up[at]];
    }
  return anchor && clientId && clientSecret
    ? { clientId, clientSecret, source: modal ? 'konnect-modal' : 'generic', anchor: modal ?? anchor }
    : undefined;
}
