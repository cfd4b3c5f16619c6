/**
 * Header injection with declarativeNetRequest session rules: `Authorization: Bearer <token>` on requests to one
 * chosen origin (so a portal's own "Try it" console works). One rule per profile; the badge shows it is on.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/** Which profile injects into which origin, with its rule id (storage.session: it ends with the browser session). */
const injections = storage.defineItem<Record<string, { origin: string; ruleId: number }>>('session:injections', { fallback: {} });

async function updateBadge(): Promise<void> {
  const count = Object.keys(await injections.getValue()).length;
  await browser.action.setBadgeText({ text: count > 0 ? 'ON' : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ color: '#1155cb' });
}

function ruleFor(ruleId: number, origin: string, token: string) {
  const { protocol, host } = new URL(origin);
  return {
    id: ruleId,
    priority: 1,
    action: {
      type: 'modifyHeaders' as const,
      requestHeaders: [{ header: 'authorization', operation: 'set' as const, value: `Bearer ${token}` }],
    },
    condition: {
      // Only this origin (scheme, host and port), every resource type a page can send.
      urlFilter: `|${protocol}//${host}/`,
      resourceTypes: ['xmlhttprequest', 'main_frame', 'sub_frame', 'other'] as (
        | 'xmlhttprequest'
        | 'main_frame'
        | 'sub_frame'
        | 'other'
      )[],
    },
  };
}

export async function listInjections(): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await injections.getValue()).map(([profileId, v]) => [profileId, v.origin]));
}

export async function startInjection(profileId: string, origin: string, token: string): Promise<void> {
  const current = await injections.getValue();
  const ruleId = current[profileId]?.ruleId ?? Math.max(0, ...Object.values(current).map((v) => v.ruleId)) + 1;
  await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [ruleId], addRules: [ruleFor(ruleId, origin, token)] });
  await injections.setValue({ ...current, [profileId]: { origin, ruleId } });
  await updateBadge();
}

/** Called when the profile's token changes: the rule follows re-fetches. */
export async function refreshInjection(profileId: string, token: string): Promise<void> {
  const current = (await injections.getValue())[profileId];
  if (current) await startInjection(profileId, current.origin, token);
}

export async function stopInjection(profileId: string): Promise<void> {
  const current = await injections.getValue();
  const entry = current[profileId];
  if (!entry) return;
  await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [entry.ruleId] });
  const { [profileId]: _removed, ...rest } = current;
  await injections.setValue(rest);
  await updateBadge();
}
