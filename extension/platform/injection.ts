/**
 * Header injection with declarativeNetRequest session rules: `Authorization: Bearer <token>` on the requests to one
 * chosen origin that the user's own use of it starts (core/injection-rules.ts says exactly which). Two rules per
 * profile; the badge shows it is on (platform/badge.ts).
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { type InjectionScope, injectionRules } from '../core/injection-rules';
import { setBadgePart } from './badge';

interface Entry extends InjectionScope {
  ruleIds: [number, number];
}

/** What the popup shows of an injection: the API origin and the host whose pages may use the header. */
export type InjectionView = InjectionScope;

/** Which profile injects into which origin, with its rule ids (storage.session: it ends with the browser session). */
const injections = storage.defineItem<Record<string, Entry>>('session:injections:v2', { fallback: {} });

/** The extension's own host as a request initiator (Chromium: its id; Firefox: its internal UUID). */

/** The badge's injection part (platform/badge.ts composes it with the others). */
async function updateBadge(): Promise<void> {
  await setBadgePart('injections', Object.keys(await injections.getValue()).length);
}

export async function listInjections(): Promise<Record<string, InjectionView>> {
  return Object.fromEntries(
    Object.entries(await injections.getValue()).map(([profileId, { origin, pageHost }]) => [profileId, { origin, pageHost }]),
  );
}

export async function startInjection(profileId: string, scope: InjectionScope, token: string): Promise<void> {
  const current = await injections.getValue();
  const next = Math.max(0, ...Object.values(current).flatMap((v) => v.ruleIds)) + 1;
  const ruleIds = current[profileId]?.ruleIds ?? ([next, next + 1] as [number, number]);
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: ruleIds,
    addRules: injectionRules(ruleIds, scope, token),
  });
  await injections.setValue({ ...current, [profileId]: { origin: scope.origin, pageHost: scope.pageHost, ruleIds } });
  await updateBadge();
}

/** Called when the profile's token changes: the rules follow re-fetches. */
export async function refreshInjection(profileId: string, token: string): Promise<void> {
  const current = (await injections.getValue())[profileId];
  if (current) await startInjection(profileId, current, token);
}

export async function stopInjection(profileId: string): Promise<void> {
  const current = await injections.getValue();
  const entry = current[profileId];
  if (!entry) return;
  await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: entry.ruleIds });
  const { [profileId]: _removed, ...rest } = current;
  await injections.setValue(rest);
  await updateBadge();
}
