/**
 * The capture content script's one call to the extension, without webextension-polyfill: the polyfill is half of a
 * content script that must stay under 20 kB, and it is not needed for this call. Chromium (MV3) and Firefox both
 * return a promise from `runtime.sendMessage` (developer.chrome.com/docs/extensions/reference/api/runtime#method-sendMessage;
 * Firefox's `browser` namespace is promise-based: developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/runtime/sendMessage).
 */
interface RuntimeApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

export function sendFromPage(message: unknown): Promise<unknown> {
  const scope = globalThis as unknown as { browser?: RuntimeApi; chrome?: RuntimeApi };
  const api = scope.browser ?? scope.chrome;
  if (!api) return Promise.reject(new Error('no extension runtime'));
  return api.runtime.sendMessage(message);
}
