/**
 * The generic detector's reading of the page: what counts as a credential label and value, and the bounded walk over
 * the page (light DOM and open shadow roots) that collects labelled values. Labels are compared case- and
 * punctuation-insensitively ("Application (client) ID", "client_id:", "CONSUMER KEY"); values are read from text,
 * code, inputs (masked ones included: their value, never a button's text), table cells and <dd>s.
 * Kept small on purpose: the content script's size budget is 20 kB.
 */

/** Label kinds: a client id (`i`), a bare "Key" (`k`), a client secret (`s`), a bare "Value" (`v`, Entra's column). */
export type Kind = 'i' | 'k' | 's' | 'v';

export interface Candidate {
  kind: Kind;
  value: string;
  /** The element the value was read from. */
  at: Element;
}

const LABEL =
  /^(?:((client|consumer|api|app(lication(client)?)?)(id|key))|(key)|(value)|(client|consumer|api|app)?secret(value)?)$/;

/** The kind of label `text` is, if it is one. */
export function kindOf(text: string | null | undefined): Kind | undefined {
  // (Long text is prose, not a label; indented markup's whitespace is not.)
  const m = text && text.length < 200 && LABEL.exec(text.toLowerCase().replace(/[^a-z\d]/g, ''));
  return m ? (m[1] ? 'i' : m[6] ? 'k' : m[7] ? 'v' : 's') : undefined;
}

/** OAuth client ids and secrets are printable ASCII without spaces (RFC 6749 appendix A: VSCHAR). */
const VSCHAR = /^[\x21-\x7e]{1,512}$/;
/**
 * Not a credential: a word (Copy, SHOW, Regenerate…: real ids and secrets have digits or symbols), a URL, an e-mail
 * address, a masked placeholder (***…, xxx…, ..., ---), a shortened one ("8f3a...b21c"), a label ("Key:"), n/a.
 */
const NOT = /^[a-z]{1,16}$|:\/\/|@.*\.|^([*x.-])\1\1|\.\.\.|:$|^n\/a$/i;

/** `raw` as a credential value, or '' (unreadable: masked, a UI word, a URL…). */
export function credential(raw: string | null | undefined): string {
  const v = raw?.trim() ?? '';
  return VSCHAR.test(v) && !NOT.test(v) && !kindOf(v) ? v : '';
}

/** How many elements one scan visits at most: past it the page is too big to be sure, and the scan says nothing. */
export const MAX_NODES = 5000;

/** Open shadow roots the walk has seen (the content script observes them for late content). */
export const shadowRoots = new Set<ShadowRoot>();

/** Never read: scripts, styles, buttons (Copy, Show…), links, hidden inputs. */
const SKIP = 'script,style,button,a,[type=hidden]';

/** The element with this id in `el`'s document or shadow root. */
const byId = (el: Element, id: string | null) => (el.getRootNode() as Document).getElementById(id as string);

/** What a user reads in `el` as a value: an input's value, or the first non-empty text outside buttons and links. */
function shown(el: Element | undefined): string | undefined {
  // (Not an element: a comment, as Vue and Angular leave everywhere.)
  if (!el?.matches || el.matches(SKIP)) return undefined;
  // An input's or textarea's (they alone have select()) value, a masked one's too; a button-like input's value is a
  // UI word, refused as a credential.
  if ('select' in el) return (el as HTMLInputElement).value;
  for (const node of el.childNodes) {
    const text = node.nodeType === 3 ? node.nodeValue?.trim() : shown(node as Element);
    if (text) return text;
  }
  return undefined;
}

/** The elements a label element's value may be in, nearest first. */
function targets(label: Element): (Element | undefined | null)[] {
  const forId = (label as HTMLLabelElement).htmlFor;
  if (forId) return [byId(label, forId)];
  let next = label.nextElementSibling;
  // <dt> → the <dd> after it (a <dd> left empty and another <dt> next: that <dt>'s text is no value).
  if (label.tagName === 'DT') return [next];
  if (/^T[HD]$/.test(label.tagName)) {
    if (next?.tagName === 'TD') return [next];
    // A header cell: the cell under it, when there is exactly one row below (several rows: several values).
    const rows = [...(label.closest('table')?.rows ?? [])];
    const below = rows.slice(rows.indexOf(label.parentElement as HTMLTableRowElement) + 1);
    return below[1] ? [] : [below[0]?.cells[(label as HTMLTableCellElement).cellIndex]];
  }
  // Inside the label (<label>Client ID <input></label>, <p>API key: <code>…</code></p>), then after it; a label
  // alone in its wrapper (<div><span>Client ID</span></div><div>value</div>): after the wrapper.
  const near = [...label.children];
  for (let el: Element | null = label; !next && el?.parentElement?.childElementCount === 1; ) {
    el = el.parentElement;
    next = el.nextElementSibling;
  }
  for (let i = 0; next && i < 3; next = next.nextElementSibling, i++) near.push(next);
  return near;
}

/**
 * `kind` unless it is a bare "Value" that is not a secrets table's column: Entra lists client secrets under the
 * columns Description, Expires, Value, Secret ID (learn.microsoft.com/entra/identity-platform/how-to-add-credentials),
 * while a "Key | Value" or "Name | Value" table beside a client id holds settings, never its secret.
 */
const label = (el: Element, kind: Kind | undefined) =>
  kind !== 'v' || (el.tagName === 'TH' && /secret/i.test(el.parentElement?.textContent ?? '')) ? kind : undefined;

/** Everything labelled under `root`, or undefined when the page is too big to walk. */
export function collect(root: Element): Candidate[] | undefined {
  const found: Candidate[] = [];
  const stack = [root];
  let visited = 0;
  for (let el = stack.pop(); el; el = stack.pop()) {
    if (++visited > MAX_NODES) return undefined;
    if (el.matches(SKIP)) continue;
    const shadow = el.shadowRoot;
    if (shadow) shadowRoots.add(shadow);
    stack.push(...[...el.children, ...(shadow?.children ?? [])].reverse());
    // A value element labelled by ARIA is its own value.
    let kind = label(
      el,
      kindOf(el.getAttribute('aria-label')) ?? kindOf(byId(el, el.getAttribute('aria-labelledby'))?.textContent),
    );
    const value = kind && credential(shown(el));
    if (value) {
      found.push({ kind: kind as Kind, value, at: el });
      continue;
    }
    // A label element: its own text (not its children's) names a credential; the first readable value near it.
    let own = '';
    for (const node of el.childNodes) if (node.nodeType === 3) own += node.nodeValue;
    kind = label(el, kindOf(own));
    for (const at of kind ? targets(el) : []) {
      const value = at && credential(shown(at));
      if (value) {
        found.push({ kind: kind as Kind, value, at });
        break;
      }
    }
  }
  return found;
}
