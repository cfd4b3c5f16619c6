/** The gateway's cookies as the browser holds them (HttpOnly included): read and cleared on the user's request. */
import { type Browser, browser } from 'wxt/browser';
import { type CookieView, cookieView } from '../core/api-console';

/**
 * Firefox with first-party isolation on (`privacy.firstparty.isolate`) refuses `getAll` without `firstPartyDomain`;
 * `null` asks for the cookies of every first party (and with isolation off changes nothing). Chromium has no such
 * property and refuses it. https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/cookies#first-party_isolation
 */
const EVERY_FIRST_PARTY = import.meta.env.FIREFOX ? ({ firstPartyDomain: null } as object) : {};

type Cookie = Browser.cookies.Cookie;

function cookiesAt(url: string, name?: string): Promise<Cookie[]> {
  return browser.cookies.getAll({ url, ...(name !== undefined && { name }), ...EVERY_FIRST_PARTY });
}

/** Values masked unless `reveal` (the user ticked "Include values"). */
export async function listCookies(url: string, reveal: boolean): Promise<CookieView[]> {
  return (await cookiesAt(url)).map((c) => cookieView(c, reveal));
}

/** Each cookie of that name the URL gets (one per first party under isolation), removed where it is kept. */
export async function clearCookie(url: string, name: string): Promise<void> {
  for (const cookie of await cookiesAt(url, name)) {
    const { firstPartyDomain, storeId } = cookie as Cookie & { firstPartyDomain?: string };
    await browser.cookies.remove({ url, name, storeId, ...(import.meta.env.FIREFOX && { firstPartyDomain }) });
  }
}
