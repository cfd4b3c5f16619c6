/**
 * "Pick it yourself", for portals no detector knows: the user selects the client id (then the secret) on a page and
 * chooses "dcr-kit: save selection as …" in the context menu. A context-menu click is the browser's UI, so it is the
 * user's; the page's DOM is never read: the text is the selection the browser reports. Only on origins where capture
 * is enabled; each half waits (storage.session) until the other is picked on the same origin, then both become a
 * capture (source `picked`).
 */

import { CREDENTIAL, saveCapture } from './captures';
import type { Pick, Service } from './context';

export const PICK_MENUS = [
  { id: 'dcr-kit-pick-client-id', half: 'clientId', title: 'dcr-kit: save selection as client ID' },
  { id: 'dcr-kit-pick-client-secret', half: 'clientSecret', title: 'dcr-kit: save selection as client secret' },
] as const;

/** What the browser tells about a context-menu click (contextMenus.OnClickData), typed loosely: checked here. */
export interface MenuClick {
  menuItemId: unknown;
  selectionText?: unknown;
  pageUrl?: unknown;
  frameUrl?: unknown;
}

export type PickResult = 'ignored' | 'not enabled' | 'not a credential' | 'waiting' | 'captured';

/** A half picked longer ago than this is stale: a new pick starts over. */
const PICK_TTL_MS = 10 * 60_000;
const MAX_PICKS = 20;

function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const { origin, protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

export async function pickSelection(service: Service, click: MenuClick, enabledOrigins: readonly string[]): Promise<PickResult> {
  const menu = PICK_MENUS.find((m) => m.id === click.menuItemId);
  if (!menu) return 'ignored';
  // The tab's page decides; a selection inside a frame of another origin is not that page's.
  const origin = originOf(click.pageUrl);
  if (!origin || !enabledOrigins.includes(origin)) return 'not enabled';
  if (click.frameUrl !== undefined && originOf(click.frameUrl) !== origin) return 'not enabled';
  const text = typeof click.selectionText === 'string' ? click.selectionText.trim() : '';
  if (!CREDENTIAL.test(text)) return 'not a credential';
  const { clock, store } = service.env;
  const picks = await store.picks();
  const earlier = picks[origin];
  const pick: Pick = { ...(earlier && clock() - earlier.at < PICK_TTL_MS ? earlier : {}), [menu.half]: text, at: clock() };
  const { [origin]: _replaced, ...others } = picks;
  if (pick.clientId && pick.clientSecret) {
    await saveCapture(service, origin, { clientId: pick.clientId, clientSecret: pick.clientSecret, source: 'picked' });
    await store.savePicks(others);
    return 'captured';
  }
  const kept = Object.entries(others).filter(([, p]) => clock() - p.at < PICK_TTL_MS);
  await store.savePicks(Object.fromEntries([...kept.slice(-(MAX_PICKS - 1)), [origin, pick]]));
  return 'waiting';
}

/** What the popup shows of a half-picked pair: the client id, never the secret (only that it is there). */
export interface PickView {
  origin: string;
  clientId?: string;
  hasSecret: boolean;
}

export async function listPicks(service: Service): Promise<PickView[]> {
  const now = service.env.clock();
  return Object.entries(await service.env.store.picks())
    .filter(([, p]) => now - p.at < PICK_TTL_MS)
    .map(([origin, p]) => ({ origin, ...(p.clientId && { clientId: p.clientId }), hasSecret: Boolean(p.clientSecret) }));
}
