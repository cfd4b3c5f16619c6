/** The runtime messaging primitives (the only place that touches browser.runtime). */
import { browser } from 'wxt/browser';

import type { Sender } from '../messaging/sender';

export function extensionId(): string {
  return browser.runtime.id;
}

/** `chrome-extension://<id>/` (or `moz-extension://…/`): the origin of the extension's own pages. */
export function extensionOrigin(): string {
  return `${globalThis.location.origin}/`;
}

/** An extension page's URL (WXT types getURL to its generated public paths; any page path is valid here). */
export function pageUrl(path: string): string {
  return (browser.runtime as unknown as { getURL(path: string): string }).getURL(path);
}

/** Registers the background's listener; a returned promise is the reply (webextension-polyfill semantics). */
export function onRuntimeMessage(
  listener: (message: unknown, sender: Sender & { tab?: unknown }) => Promise<unknown> | undefined,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => listener(message, sender));
}
