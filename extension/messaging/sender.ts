/** Sender checks for the background (pure, so they are unit-tested without a browser). */

export interface Sender {
  id?: string;
  url?: string;
}

/**
 * This extension's capture content script, on an origin the user enabled. It may send `capture:ready` and
 * `capture:save` and nothing else; its data is untrusted (it comes from the page) and is validated again in the
 * background.
 */
export function isCaptureScript(
  sender: Sender & { tab?: unknown },
  extensionId: string,
  extensionOrigin: string,
  enabledOrigins: readonly string[],
): boolean {
  if (
    sender.id !== extensionId ||
    sender.tab === undefined ||
    typeof sender.url !== 'string' ||
    sender.url.startsWith(extensionOrigin)
  )
    return false;
  try {
    return enabledOrigins.includes(new URL(sender.url).origin);
  } catch {
    return false;
  }
}

/** The extension's own pages: they may send every message but the capture script's two (a content script is `isCaptureScript`). */
export function isExtensionPage(sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  // popup.html opened as a tab has sender.tab set, so the page URL is what identifies an extension page.
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}
