/**
 * The content script: watches the page for credentials shown once and offers an inline "Save to dcr-kit" button.
 * Nothing is saved or sent without a real (trusted) click; the secret is never written into the page; the button
 * lives in its own shadow root and carries no data.
 */
import { sendRuntimeMessage } from '../platform/runtime';
import { type Found, findCredentials } from './detect';

const HOST_ATTRIBUTE = 'data-dcr-kit-save';

function offer(found: Found): void {
  if (found.anchor.querySelector(`[${HOST_ATTRIBUTE}]`)) return;
  const host = document.createElement('span');
  host.setAttribute(HOST_ATTRIBUTE, '');
  const shadow = host.attachShadow({ mode: 'open' });
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Save to dcr-kit';
  button.setAttribute('data-testid', 'dcr-kit-save');
  button.style.cssText =
    'font:inherit;margin:8px 0;padding:6px 12px;border-radius:6px;border:1px solid #1155cb;background:#1155cb;color:#fff;cursor:pointer';
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.setAttribute('data-testid', 'dcr-kit-save-status');
  status.style.cssText = 'margin-left:8px';
  // The credentials stay in this closure, read from the page when shown; they are not put back into the DOM.
  const { clientId, clientSecret, source } = found;
  button.addEventListener('click', (event) => {
    // A page script can call button.click(): only a real user click counts.
    if (!event.isTrusted) return;
    button.disabled = true;
    sendRuntimeMessage({ type: 'capture:save', payload: { clientId, clientSecret, source, pageUrl: location.href } }).then(
      (reply) => {
        status.textContent = (reply as { ok?: boolean } | undefined)?.ok ? 'Saved to dcr-kit' : 'dcr-kit refused it';
      },
      () => {
        status.textContent = 'dcr-kit is not available';
        button.disabled = false;
      },
    );
  });
  shadow.append(button, status);
  found.anchor.append(host);
}

export function startCapture(): void {
  const scan = () => {
    const found = findCredentials(document);
    if (found) offer(found);
  };
  scan();
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
}
