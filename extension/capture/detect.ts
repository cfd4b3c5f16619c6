/**
 * Finding credentials a portal shows once, in the page's DOM (content-script side). Konnect's classic portal
 * shows them in `[data-testid="copy-secret-modal"]` (Kong/konnect-portal ApplicationForm.vue); anything else is
 * found by labels ("Client ID", "Client Secret", client_id…) next to a value. Page data is untrusted: values are
 * validated and size-limited, and nothing is ever written back into the page.
 */
import type { Found } from './types';

/** OAuth client ids and secrets are printable ASCII without spaces (RFC 6749 appendix A: VSCHAR). */
const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;

const ID_LABEL = /^\s*(client[\s_-]?id|application[\s_-]?id \(client\))\s*:?\s*$/i;
const SECRET_LABEL = /^\s*(client[\s_-]?secret)\s*:?\s*$/i;

function clean(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim();
  return CREDENTIAL.test(text) ? text : undefined;
}

/** The value shown next to a label: a following code/input/sibling text. */
function valueNear(label: Element): string | undefined {
  const candidates: (Element | null)[] = [
    label.nextElementSibling,
    label.parentElement?.querySelector('code, input, kbd, samp, pre') ?? null,
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const value = candidate instanceof HTMLInputElement ? candidate.value : candidate.textContent;
    const found = clean(value);
    if (found && !ID_LABEL.test(found) && !SECRET_LABEL.test(found)) return found;
  }
  return undefined;
}

export function findCredentials(root: ParentNode): Found | undefined {
  const modal = root.querySelector('[data-testid="copy-secret-modal"]');
  const scope: ParentNode = modal ?? root;
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  let anchor: Element | undefined;
  for (const element of scope.querySelectorAll('strong, b, label, dt, th, span, p, div')) {
    if (element.children.length > 0 && element.tagName !== 'LABEL') continue;
    const text = element.textContent ?? '';
    if (!clientId && ID_LABEL.test(text)) {
      clientId = valueNear(element);
      anchor ??= element.parentElement ?? element;
    } else if (!clientSecret && SECRET_LABEL.test(text)) {
      clientSecret = valueNear(element);
      anchor = element.parentElement ?? element;
    }
    if (clientId && clientSecret) break;
  }
  if (!clientId || !clientSecret || !anchor) return undefined;
  return { clientId, clientSecret, source: modal ? 'konnect-modal' : 'generic', anchor: modal ?? anchor };
}
