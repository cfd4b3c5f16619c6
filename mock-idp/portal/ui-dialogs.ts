/**
 * The pages' modal dialogs (script text run in the page, before ui-script.ts's pages): a native `<dialog>` opened
 * with showModal(), so the page behind is inert and hidden from assistive technology, named by its heading. Focus
 * moves into the dialog, Tab and Shift+Tab wrap inside it (a modal dialog alone lets Tab leave for the browser's own
 * controls), Escape closes it only where closing is safe, and focus goes back to the control that opened it
 * (WAI-ARIA APG "Dialog (Modal)" pattern, https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/).
 *
 * A browser extension may add its own control inside a dialog, in a closed shadow root the page cannot look into
 * (dcr-kit's "Save to dcr-kit" is appended to the credentials modal: extension/capture/content.ts). Such content
 * after the last control the page knows is left in the Tab loop: Tab from the last control goes there first, and
 * from there back to the first control.
 */
export const DIALOGS = `
const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const VOID = new Set(['br', 'hr', 'img', 'input', 'wbr', 'svg', 'canvas', 'video', 'iframe']);
const rendered = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
/** The controls the page can see, and elements whose content it cannot (a shadow host), in document order. */
function focusOrder(dialog) {
  return [...dialog.querySelectorAll('*')].filter((e) => rendered(e) && (e.matches(TABBABLE)
    || (!VOID.has(e.localName) && (e.shadowRoot || !e.childNodes.length))));
}

/**
 * Shows \`dialog\` as a modal with focus on \`initial\`. Escape closes it when \`escape\` is true and is ignored
 * otherwise; \`onClose\` runs once however it closes (the returned function, or the browser closing it).
 */
function openModal(dialog, { initial, escape, onClose }) {
  const opener = document.activeElement;
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    document.removeEventListener('keydown', keys, true);
    if (dialog.open) dialog.close();
    dialog.remove();
    if (opener && opener !== document.body && opener.isConnected) opener.focus();
    if (onClose) onClose();
  };
  const keys = (e) => {
    if (e.key === 'Escape') {
      // Cancelling the keydown stops the browser's own close request too (HTML "close requests").
      e.preventDefault();
      if (escape) close();
      return;
    }
    if (e.key !== 'Tab') return;
    const order = focusOrder(dialog);
    const controls = order.filter((x) => x.matches(TABBABLE));
    if (!controls.length) return;
    const active = document.activeElement;
    const inside = dialog.contains(active) && active !== dialog;
    if (e.shiftKey) {
      if (!inside || active === controls[0]) { e.preventDefault(); controls[controls.length - 1].focus(); }
    } else if (!inside || active === order[order.length - 1]) {
      e.preventDefault();
      controls[0].focus();
    }
  };
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); if (escape) close(); });
  dialog.addEventListener('close', close);
  document.addEventListener('keydown', keys, true);
  document.body.append(dialog);
  dialog.showModal();
  initial.focus();
  return close;
}
`;
