/**
 * The content script: watches the page for credentials shown once and offers an inline "Save to dcr-kit" button.
 * Nothing is saved or sent without a real (trusted) click on the button while it is clearly visible and has stayed
 * in place (guard.ts); the secret is never written into the page; the button lives in a closed shadow root (the page
 * cannot reach or restyle it) and carries no data.
 */
import { runtimeSender, sendRuntimeMessage } from '../platform/native';
import { shadowRoots } from './detect';
import { findOnPage } from './find';
import { guardClicks } from './guard';
import type { Found } from './types';

const HOST_ATTRIBUTE = 'data-dcr-kit-save';

/**
 * Inside the shadow root, `!important` declarations win over the page's, even its inline `!important` ones: the host
 * cannot be made transparent, moved out of the flow or transformed (its ancestors still can: guard.ts checks them).
 * Its own ::before/::after are switched off too: a page rule `[data-dcr-kit-save]::after{…}` could otherwise paint a
 * decoy over the button from outside the shadow root (CSS Scoping §3.2: `:host` rules with !important win the
 * cascade against the outer context, https://drafts.csswg.org/css-scoping/#shadow-cascading).
 */
const STYLE = `
:host::before, :host::after { content: none !important; display: none !important; }
:host { all: initial !important; display: inline-block !important; position: relative !important; opacity: 1 !important;
  visibility: visible !important; transform: none !important; filter: none !important; clip-path: none !important;
  mask: none !important; pointer-events: auto !important; margin: 8px 8px 8px 0 !important; }
button { font: 14px system-ui, sans-serif; padding: 6px 12px; border-radius: 6px; border: 1px solid #1155cb; background: #1155cb;
  color: #fff; cursor: pointer; }
button:disabled { background: #e8ecef; border-color: #8a949c; color: #1f2a33; cursor: default; }
span { font: 13px system-ui, sans-serif; margin-left: 8px; color: #222; background: #fff; }
div { font: 12px system-ui, sans-serif; margin-top: 4px; color: #222; background: #fff; max-width: 60ch; overflow-wrap: anywhere; }
`;

/** What a click will save, said before it: the client id in full, the secret only as its length, where from. */
function previewText({ clientId, clientSecret, context }: Found): string {
  const from = context?.portal ? `${context.portal} (${location.origin})` : location.origin;
  const token = context?.tokenUrl ? `; token endpoint ${context.tokenUrl}` : '';
  return `Saves client ID ${clientId} and its secret •••••••• (${clientSecret.length} characters) from ${from}${token}.`;
}

/**
 * The button that closes the shown-once view ("Proceed" in Kong's copy-secret modal, "Copy and close" in Konnect v3,
 * "Done" in Okta's new-secret dialog): Save goes right before it, so it comes first in tab order and on screen.
 */
const DISMISS = /^(proceed|continue|done|close|ok|got it|copy and close|i('ve| have) (saved|copied)( it| them)?)$/i;

function placeIn(anchor: Element, host: Element): void {
  // The pair's container may be part of a dialog whose footer holds the button (a generic find's <dl> in a modal).
  const view = anchor.closest('dialog,[role="dialog"],[role="alertdialog"],[aria-modal="true"]') ?? anchor;
  // The last one: a footer's Proceed rather than a header's Close.
  const dismiss = [...view.querySelectorAll('button,[role="button"]')]
    .reverse()
    .find((b) => DISMISS.test(b.textContent?.trim() ?? ''));
  if (dismiss) dismiss.before(host);
  else anchor.append(host);
}

/** The button offered in each anchor, with the pair it would save (a rescan that reads another pair replaces it). */
const offered = new WeakMap<Element, { pair: string; host: Element; stop(): void }>();

function offer(found: Found): void {
  const pair = `${found.clientId}\u0000${found.clientSecret}`;
  const previous = offered.get(found.anchor);
  if (previous?.pair === pair && previous.host.isConnected) return;
  // The page showed another pair here (a "Regenerate" that rewrote the secret in place): the old button would save
  // stale credentials. A new one replaces it, and its click counts only once it has been in place again (guard.ts).
  previous?.stop();
  previous?.host.remove();
  if (!previous && found.anchor.querySelector(`[${HOST_ATTRIBUTE}]`)) return;
  const host = document.createElement('span');
  host.setAttribute(HOST_ATTRIBUTE, '');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Save to dcr-kit';
  button.setAttribute('data-testid', 'dcr-kit-save');
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.setAttribute('data-testid', 'dcr-kit-save-status');
  const preview = document.createElement('div');
  preview.setAttribute('data-testid', 'dcr-kit-save-preview');
  preview.textContent = previewText(found);
  // The credentials stay in this closure, read from the page when shown; they are not put back into the DOM.
  const { clientId, clientSecret, source, context } = found;
  shadow.append(style, button, status, preview);
  placeIn(found.anchor, host);
  const guard = guardClicks(host, shadow, button);
  offered.set(found.anchor, { pair, host, stop: () => guard.stop() });
  button.addEventListener('click', (event) => {
    const refused = guard.refuse(event);
    if (refused) {
      status.textContent = `Not saved: ${refused}.`;
      return;
    }
    button.disabled = true;
    status.textContent = '';
    send({
      type: 'capture:save',
      payload: { clientId, clientSecret, source, context, pageUrl: location.href },
    }).then(
      (reply) => {
        const ok = (reply as { ok?: boolean } | undefined)?.ok;
        status.textContent = ok ? 'Saved to dcr-kit' : 'dcr-kit refused it';
        // Saved: it says so and stays disabled (greyed, no pointer), so it does not invite a second click.
        if (ok) button.textContent = 'Saved ✓';
      },
      () => {
        status.textContent = 'dcr-kit is not available';
        button.disabled = false;
      },
    );
  });
}

/** How a click reaches the background: bound by startCapture before the page has parsed (see runtimeSender). */
let send: (message: unknown) => Promise<unknown> = sendRuntimeMessage;

/**
 * Runs at document_start (platform/capture.ts): the API is taken first; the page is scanned as it arrives, once the
 * background has said this origin is enabled (`capture:ready`; in Firefox the script is registered for every port of
 * the host). A second run in the same page (two enabled origins on one host, one Firefox registration each) does
 * nothing: the first already watches.
 */
export function startCapture(): void {
  const scope = globalThis as { [RUNNING]?: true };
  if (scope[RUNNING]) return;
  scope[RUNNING] = true;
  send = runtimeSender();
  askReady(0);
}

/**
 * Asks the background, again after 0.2, 0.8 and 3.2 s when the message fails (a restored tab or an updated extension
 * whose background is not listening yet); no answer at all means the origin is not enabled, and the script stays idle.
 */
function askReady(attempt: number): void {
  send({ type: 'capture:ready', payload: {} }).then(
    (reply) => {
      if ((reply as { ok?: boolean } | undefined)?.ok) watchPage();
    },
    () => {
      if (attempt < 3) setTimeout(() => askReady(attempt + 1), 200 * 4 ** attempt);
    },
  );
}

/** Marks the capture script's own world (the page's scripts live in another one and cannot set it). */
const RUNNING = Symbol.for('dcr-kit.capture');

/**
 * Scans now and again when the page changes (late-rendered credentials: after "Generate keys", in a web component's
 * open shadow root), at most once per 50 ms; a scan visits a bounded number of elements (generic/walk.ts).
 */
function watchPage(): void {
  let queued: unknown;
  // characterData: a framework revealing a secret in place (a text node's value changes, no node is added); the
  // `value` attribute: an input filled in later (a value set only as a property makes no mutation at all).
  const watch = { childList: true, characterData: true, subtree: true, attributeFilter: ['value'] };
  const observer = new MutationObserver(() => {
    if (!queued) queued = setTimeout(scan, 50);
  });
  const scan = () => {
    queued = 0;
    const found = findOnPage(document);
    if (found) offer(found);
    // The document's observer does not see inside shadow roots: each one the scan walked is observed too.
    for (const root of shadowRoots) observer.observe(root, watch);
    shadowRoots.clear();
  };
  // The document itself: at document_start it may have no element yet.
  observer.observe(document, watch);
  scan();
}
