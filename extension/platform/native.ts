/**
 * The browser's own promise-based extension API, for the extension's pages (the popup) and the capture script: no
 * webextension-polyfill, which is a tenth of the popup's script and half of a capture script that must stay under
 * 20 kB, and is not needed for what they call. In MV3, Chromium's `chrome.*`
 * methods return a promise when called without a callback
 * (https://developer.chrome.com/docs/extensions/develop/migrate/api-calls#replace-callbacks), and Firefox's
 * `browser.*` always has (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Chrome_incompatibilities).
 * The background keeps the polyfill: its message listener replies by returning a promise, which is the polyfill's
 * contract, not Chromium's.
 */
import type { browser as Polyfilled } from 'wxt/browser';

type Api = typeof Polyfilled;

/**
 * `chrome` first (Chromium defines it in the script's own scope), and only an object whose `runtime.sendMessage` is a
 * function: in a content script, a global a page does not define falls through to the page's named elements
 * (`<form id="browser"><input name="runtime">`), which could otherwise switch capture off. A page can name elements,
 * not plant functions.
 */
export function nativeApi(): Api {
  const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
  for (const api of [scope.chrome, scope.browser]) {
    if (typeof api?.runtime?.sendMessage === 'function') return api;
  }
  throw new Error('no extension API on this page');
}

export function sendRuntimeMessage(message: unknown): Promise<unknown> {
  try {
    return nativeApi().runtime.sendMessage(message);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `runtime.sendMessage`, taken now and kept: the capture script takes it at document_start, before the page has any
 * element. In Chromium's isolated world `chrome` is not an own property of the global: a page's
 * `<form id="chrome"><input name="runtime">` shadows it once parsed (seen in Chromium 14x; the same for `browser`).
 */
export function runtimeSender(): (message: unknown) => Promise<unknown> {
  let runtime: Api['runtime'] | undefined;
  try {
    runtime = nativeApi().runtime;
  } catch {
    runtime = undefined;
  }
  const sendMessage = runtime?.sendMessage as ((message: unknown) => Promise<unknown>) | undefined;
  return (message) => {
    if (!runtime || typeof sendMessage !== 'function') return Promise.reject(new Error('no extension API on this page'));
    try {
      return sendMessage.call(runtime, message);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
