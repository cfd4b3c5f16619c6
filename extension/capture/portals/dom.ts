/**
 * Small DOM readers shared by the portal adapters. Page data is untrusted: a value is accepted only when it looks like
 * an OAuth credential (printable ASCII without spaces, at most 512 characters: RFC 6749 appendix A VSCHAR), a masked
 * value (•••, ***) is never one, a button's caption is never read as a value, and context strings are size-limited.
 */
import type { PageContext } from '../types';

const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;
/** All mask characters, or a run of them inside a partly shown value ("Abc~*****…", Entra's older secrets). */
const MASK = /^[*•●·∙]+$|\*{3}|[•●·∙]{2}/;

/** The value as a credential, or undefined (empty, masked, spaces, non-ASCII, too long). */
export function credential(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim();
  return CREDENTIAL.test(text) && !MASK.test(text) ? text : undefined;
}

const TEXT_INPUT = /^(text|password|search|url)$/;

/** A text input's or textarea's current `.value` (masked inputs too; never a radio's or checkbox's), else the element's text; never a button's caption. */
export function shownValue(element: Element | null | undefined): string | undefined {
  if (!element) return undefined;
  if (element instanceof HTMLInputElement) return TEXT_INPUT.test(element.type) ? credential(element.value) : undefined;
  if (element instanceof HTMLTextAreaElement) return credential(element.value);
  if (element.closest('button, [role="button"]')) return undefined;
  return credential(element.textContent);
}

/** The first element under `root` matching `selector` whose own text (trimmed, case-insensitive) is `label`. */
export function byText(root: ParentNode, selector: string, label: RegExp): Element | undefined {
  for (const element of root.querySelectorAll(selector)) if (label.test((element.textContent ?? '').trim())) return element;
  return undefined;
}

/**
 * The value a visible label stands for, on consoles whose markup is not public (so no ids to rely on): the label's
 * own form control (`label[for]`), else the first input/textarea/code/pre after it within its field (the label's
 * parent), else the parent's other text. Labels are matched on their whole trimmed text.
 */
export function labelled(root: ParentNode, label: RegExp): { value: string; field: Element } | undefined {
  for (const element of root.querySelectorAll('label, dt, th, strong, span, div, p, h3, h4')) {
    if (element.children.length > 0 && !(element instanceof HTMLLabelElement)) continue;
    if (!label.test((element.textContent ?? '').trim())) continue;
    const field = element.parentElement;
    const control = element instanceof HTMLLabelElement ? element.control : null;
    const candidates = control ? [control] : [...(field?.querySelectorAll('input, textarea, code, pre, dd, td') ?? [])];
    for (const candidate of candidates) {
      const value = candidate !== element ? shownValue(candidate) : undefined;
      if (value && field) return { value, field };
    }
  }
  return undefined;
}

/** Short display text (names, strategy labels): whitespace collapsed, at most 200 characters, else undefined. */
export function shortText(value: string | null | undefined): string | undefined {
  const text = (value ?? '').replace(/\s+/g, ' ').trim();
  return text && text.length <= 200 ? text : undefined;
}

/** An absolute http(s) URL, else undefined. */
export function httpUrl(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim();
  if (!text || text.length > 2048) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A PageContext without its undefined fields. */
export function pageContext(context: PageContext): PageContext {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)) as PageContext;
}
