/** The gateway's cookies as the browser holds them (HttpOnly included): read and cleared on the user's request. */
import { browser } from 'wxt/browser';
import type { CookieView } from '../core/api-console';

export async function listCookies(url: string, reveal: boolean): Promise<CookieView[]> {
  const cookies = await browser.cookies.getAll({ url });
  return cookies.map((c) => ({
    name: c.name,
    value: reveal ? c.value : `${c.value.slice(0, 4)}… (${c.value.length} characters)`,
    domain: c.domain,
    path: c.path,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: String(c.sameSite ?? 'unspecified'),
    ...(c.expirationDate !== undefined && { expirationDate: c.expirationDate }),
  }));
}

export async function clearCookie(url: string, name: string): Promise<void> {
  await browser.cookies.remove({ url, name });
}
