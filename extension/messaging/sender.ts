/** Sender checks for the background (pure, so they are unit-tested without a browser). */

export interface Sender {
  id?: string;
  url?: string;
}

/** Only the extension's own pages may talk to the background (content scripts come with the portal issue). */
export function isExtensionPage(sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  // popup.html opened as a tab has sender.tab set, so the page URL is what identifies an extension page.
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}
