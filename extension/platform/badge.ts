/**
 * The toolbar button's badge, composed from every state that wants it, so one never silently wipes another:
 *  - captures waiting to become a profile (their number, amber): issue 17 item 4;
 *  - header injection on (`ON`, blue: platform/injection.ts);
 *  - a pick's outcome on the tab it was made in (`1/2`, `✓`, `!`: platform/context-menus.ts callers), a per-tab badge
 *    that Chromium shows over the global one on that tab only (developer.chrome.com/docs/extensions/reference/api/
 *    action#method-setBadgeText: "If tabId is specified, … only affects that tab").
 * The global parts live in storage.session: the service worker restarts often, the badge and its parts must agree.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

export interface BadgeParts {
  /** Captures saved and not yet turned into a profile. */
  captures: number;
  /** Profiles whose token is injected as a header. */
  injections: number;
}

const parts = storage.defineItem<BadgeParts>('session:badge:v1', { fallback: { captures: 0, injections: 0 } });
let queue: Promise<unknown> = Promise.resolve();

/** The global badge for these parts: its text, colour and tooltip. */
export function badgeFor({ captures, injections }: BadgeParts): { text: string; color: string; title: string } {
  const waiting = captures > 0 ? `${captures} capture${captures === 1 ? '' : 's'} waiting for a profile` : '';
  const on = injections > 0 ? 'header injection on' : '';
  const count = captures > 99 ? '99+' : String(captures);
  return {
    text: captures > 0 ? (injections > 0 ? `${count}·ON` : count) : injections > 0 ? 'ON' : '',
    color: captures > 0 ? '#9a4a00' : '#1155cb',
    title: ['dcr-kit', [waiting, on].filter(Boolean).join('; ')].filter(Boolean).join(': '),
  };
}

/** Sets one part (the others kept) and shows the composed badge; updates run one at a time. */
export function setBadgePart(part: keyof BadgeParts, value: number): Promise<void> {
  const next = queue.then(async () => {
    const current = { ...(await parts.getValue()), [part]: value };
    await parts.setValue(current);
    const { text, color, title } = badgeFor(current);
    await browser.action.setBadgeText({ text });
    if (text) await browser.action.setBadgeBackgroundColor({ color });
    await browser.action.setTitle({ title });
  });
  queue = next.catch(() => undefined);
  return next;
}

/** What a pick did, on the toolbar button of the tab it was made in (until the next pick there). */
export function showOnTab(tabId: number | undefined, badge: string, title: string): void {
  if (tabId === undefined) return;
  void browser.action.setBadgeText({ tabId, text: badge }).catch(() => undefined);
  void browser.action.setTitle({ tabId, title }).catch(() => undefined);
}
