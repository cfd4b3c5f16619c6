/** The capture content script, registered at run time for the origins the user enabled (and for nothing else). */
import { browser } from 'wxt/browser';

const PREFIX = 'capture:';

export async function captureOrigins(): Promise<string[]> {
  const scripts = await browser.scripting.getRegisteredContentScripts();
  return scripts.filter((s) => s.id.startsWith(PREFIX)).map((s) => s.id.slice(PREFIX.length));
}

export async function enableCapture(origin: string): Promise<void> {
  if ((await captureOrigins()).includes(origin)) return;
  await browser.scripting.registerContentScripts([
    { id: `${PREFIX}${origin}`, matches: [`${origin}/*`], js: ['capture.js'], runAt: 'document_start' },
  ]);
}

export async function disableCapture(origin: string): Promise<void> {
  if ((await captureOrigins()).includes(origin))
    await browser.scripting.unregisterContentScripts({ ids: [`${PREFIX}${origin}`] });
}
