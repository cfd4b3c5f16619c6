/** The gateway's cookies as the browser holds them (HttpOnly included): read and cleared on the user's request. */
import { browser } from 'wxt/browser';
import { type CookieView, cookieView } from '../core/api-console';

/** Values masked unless `reveal` (the user ticked "Include values"). */
export async function listCookies(url: string, reveal: boolean): Promise<CookieView[]> {
  return (await browser.cookies.getAll({ url })).map((c) => cookieView(c, reveal));
}

export async function clearCookie(url: string, name: string): Promise<void> {
  await browser.cookies.remove({ url, name });
}
