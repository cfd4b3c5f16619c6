/** Host permissions, asked for at run time, one origin at a time (must run in a user gesture's handler). */
import { browser } from 'wxt/browser';

/** True when the extension may fetch from this URL's origin (asks the user when it may not yet). */
export async function requestOriginPermission(url: string): Promise<boolean> {
  const origin = `${new URL(url).origin}/*`;
  if (await browser.permissions.contains({ origins: [origin] })) return true;
  return browser.permissions.request({ origins: [origin] });
}
