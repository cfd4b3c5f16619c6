/** The capture content script, registered at run time for the origins the user enabled (and for nothing else). */
import { browser } from 'wxt/browser';
import { originPattern } from '../core/host-patterns';

const PREFIX = 'capture:';

export async function captureOrigins(): Promise<string[]> {
  const scripts = await browser.scripting.getRegisteredContentScripts();
  return scripts.filter((s) => s.id.startsWith(PREFIX)).map((s) => s.id.slice(PREFIX.length));
}

/**
 * The pages the script is registered for. Chromium matches a port in a pattern: the origin exactly. Firefox matches
 * no URL with one (core/host-patterns.ts): the host on every port, and the script asks the background whether its
 * page's origin is enabled before it looks at anything (`capture:ready`, capture/content.ts).
 */
function matchesFor(origin: string): string {
  return import.meta.env.FIREFOX ? originPattern(origin) : `${origin}/*`;
}

export async function enableCapture(origin: string): Promise<void> {
  if ((await captureOrigins()).includes(origin)) return;
  await browser.scripting.registerContentScripts([
    { id: `${PREFIX}${origin}`, matches: [matchesFor(origin)], js: ['capture.js'], runAt: 'document_start' },
  ]);
}

export async function disableCapture(origin: string): Promise<void> {
  if ((await captureOrigins()).includes(origin))
    await browser.scripting.unregisterContentScripts({ ids: [`${PREFIX}${origin}`] });
}
