/**
 * The shared reader behind every portal adapter: an adapter is a small declarative Spec (where the portal is, which
 * element holds one shown pair, where the id and the secret are in it, what else the page says) and `portal(spec)`
 * turns it into a PortalAdapter. Kept in one place because the content script must stay small (≤ 20 kB built).
 * Page data is untrusted: a value is accepted only when it looks like an OAuth credential (printable ASCII without
 * spaces, at most 512 characters: RFC 6749 appendix A VSCHAR), a masked value (•••, ***, "Abc***…") never is, a
 * button's caption is never read as a value (except a value a label prefixes inside it, see Locator), inputs are read
 * by .value (masked ones too; never a radio's or checkbox's), and context strings are size-limited.
 */
import type { Found, PageContext, PortalAdapter } from '../types';

/** Where a value is in a scope: a CSS selector; or a label's whole text (a RegExp) whose field holds the value (the
 * label's form control, else an input/textarea/code/pre/td in its parent, then its grandparent); or, with a capture
 * group, the value that follows the label in the same text ("Client ID: abc"). */
export type Locator = string | RegExp;

export interface Spec {
  id: string;
  name: string;
  /**
   * The hosts the product lives on, tested on the URL's hostname alone (anchored: `^…$`), for a hosted product
   * (Auth0's dashboard, Okta's admin console, Konnect v3). A self-hosted portal (any host) leaves it out.
   */
  host?: RegExp;
  /** The page's path, tested on the pathname alone (a path can never stand in for a host). */
  path?: RegExp;
  /** A selector the portal's templates always render. */
  mark?: string;
  /** Each element that can hold one shown pair (a modal, a card, a row); the first complete one is the anchor. */
  scope: string;
  clientId: Locator;
  clientSecret: Locator;
  /**
   * What else the page says: a locator per field, read as an input's value, a meta's content or the element's first
   * text (URL fields: absolute http(s) URLs only), or a function of the page for what needs assembling.
   */
  context?: { [K in keyof PageContext]?: Locator | ((doc: Document) => string | undefined) };
}

const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;
// Masked (•••, ***) or shortened for display ("8f3a...b21c"): never the whole value.
const MASK = /^[*•●]+$|\*{3}|\.{3}/;

export function credential(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim();
  return CREDENTIAL.test(text) && !MASK.test(text) ? text : undefined;
}

function shown(element: Element): string | undefined {
  if (element instanceof HTMLInputElement) return /^(text|password)$/.test(element.type) ? credential(element.value) : undefined;
  // Textareas, and form-associated custom elements (Gravitee's <gv-input>) whose value is a property.
  if (element instanceof HTMLTextAreaElement || element.localName.includes('-'))
    return credential((element as HTMLTextAreaElement).value);
  return element.closest('button') ? undefined : credential(element.textContent);
}

function read(element: Element): string | undefined {
  const text = (element as HTMLInputElement).value ?? (element as HTMLMetaElement).content ?? element.firstChild?.textContent;
  const clean = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : undefined;
  return clean && clean.length <= 200 ? clean : undefined;
}

/** The candidate elements (or, for a capture group, the captured text) a locator points at. */
function locate(root: ParentNode, locator: Locator): (Element | string)[] {
  if (typeof locator === 'string') return [...root.querySelectorAll(locator)];
  const found: (Element | string)[] = [];
  for (const label of root.querySelectorAll('*')) {
    const match = label.children.length && !(label instanceof HTMLLabelElement) ? null : locator.exec(label.textContent!.trim());
    if (!match) continue;
    if (match[1]) found.push(match[1]);
    const control = (label as HTMLLabelElement).control;
    const field = label.parentElement;
    for (const scope of control ? [] : [field, field?.parentElement])
      found.push(...(scope?.querySelectorAll('input,textarea,code,pre,td') ?? []));
    if (control) found.push(control);
  }
  return found;
}

function first(root: Document | Element, locator: Locator | ((doc: Document) => string | undefined), value: typeof read) {
  if (typeof locator === 'function') return locator(root as Document);
  for (const candidate of locate(root, locator)) {
    const text = typeof candidate === 'string' ? credential(candidate) : value(candidate);
    if (text) return text;
  }
  return undefined;
}

/** The first readable value `locator` points at in `root` (a field's value, never a button's caption). */
export const valueAt = (root: Document | Element, locator: Locator) => first(root, locator, shown);

export function portal(spec: Spec): PortalAdapter {
  return {
    id: spec.id,
    name: spec.name,
    recognise: (doc, url) =>
      (!spec.host || spec.host.test(url.hostname)) &&
      (!spec.path || spec.path.test(url.pathname)) &&
      (!spec.mark || !!doc.querySelector(spec.mark)),
    find(doc): Found | undefined {
      for (const anchor of doc.querySelectorAll(spec.scope)) {
        const clientId = first(anchor, spec.clientId, shown);
        const clientSecret = first(anchor, spec.clientSecret, shown);
        // Equal values mean one field was read twice (a label's grandparent reaching the other field): no pair.
        if (!clientId || !clientSecret || clientId === clientSecret) continue;
        const context: PageContext = { portal: spec.name };
        for (const [key, locator] of Object.entries(spec.context ?? {}) as [keyof PageContext, Locator][]) {
          const text = first(doc, locator, read);
          if (text && (!/Url|issuer/.test(key) || /^https?:\/\/\S+$/.test(text))) context[key] = text;
        }
        return { clientId, clientSecret, source: spec.id, anchor, context };
      }
      return undefined;
    },
  };
}
