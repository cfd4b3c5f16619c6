/**
 * Context-menu entries on selected text (browser.contextMenus: Chromium's API; Firefox's `menus`, which Firefox also
 * answers as `contextMenus` for the `contextMenus` permission, and which webextension-polyfill wraps the same way).
 * Shown only on pages of the given origins; the click handler checks the origin again.
 */
import { browser } from 'wxt/browser';

export interface SelectionMenu {
  id: string;
  title: string;
}

/** Clicks as the browser reports them: which entry, the selected text, the tab's page and the frame's URL. */
export interface SelectionClick {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
  frameUrl?: string;
  tabId?: number;
}

let ready: Promise<unknown> = Promise.resolve();

const where = (origins: readonly string[]) => ({
  // An empty documentUrlPatterns would match nothing in one browser and be refused in another: hidden instead.
  visible: origins.length > 0,
  ...(origins.length > 0 && { documentUrlPatterns: origins.map((o) => `${o}/*`) }),
});

/**
 * Creates the entries (anew: the service worker starts many times, an existing id would be an error) and listens to
 * their clicks. Called synchronously at the background's start, so a click that woke the worker is not lost.
 */
export function startSelectionMenus(
  menus: readonly SelectionMenu[],
  origins: Promise<readonly string[]>,
  onClick: (click: SelectionClick) => void,
): void {
  browser.contextMenus.onClicked.addListener((info, tab) => {
    onClick({
      ...(tab?.id !== undefined && { tabId: tab.id }),
      menuItemId: info.menuItemId,
      ...(info.selectionText !== undefined && { selectionText: info.selectionText }),
      ...(info.pageUrl !== undefined && { pageUrl: info.pageUrl }),
      ...(info.frameUrl !== undefined && { frameUrl: info.frameUrl }),
    });
  });
  ready = (async () => {
    await browser.contextMenus.removeAll();
    const shown = where(await origins);
    for (const menu of menus)
      await new Promise<void>((done) => {
        browser.contextMenus.create({ id: menu.id, title: menu.title, contexts: ['selection'], ...shown }, () => {
          // Read, so a failure is not reported as unchecked; the entries are made again at the next start.
          void browser.runtime.lastError;
          done();
        });
      });
  })().catch(() => undefined);
}

/** Shows the entries on pages of these origins only (capture enabled or disabled). */
export function showSelectionMenusOn(menus: readonly SelectionMenu[], origins: readonly string[]): Promise<void> {
  const next = ready.then(async () => {
    for (const menu of menus) await browser.contextMenus.update(menu.id, where(origins));
  });
  ready = next.catch(() => undefined);
  return next;
}
