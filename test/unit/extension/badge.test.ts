/**
 * The toolbar badge (extension/platform/badge.ts, issue 17 item 4): captures waiting and header injection are parts of
 * one badge, so setting one never wipes the other. `wxt/browser` and `wxt/utils/storage` are replaced by recorders.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({
  badge: [] as unknown[],
  color: [] as unknown[],
  title: [] as unknown[],
  value: undefined as unknown,
}));
vi.mock('wxt/browser', () => ({
  browser: {
    action: {
      setBadgeText: async (details: unknown) => void calls.badge.push(details),
      setBadgeBackgroundColor: async (details: unknown) => void calls.color.push(details),
      setTitle: async (details: unknown) => void calls.title.push(details),
    },
  },
}));
vi.mock('wxt/utils/storage', () => ({
  storage: {
    defineItem: (_key: string, { fallback }: { fallback: unknown }) => ({
      getValue: async () => calls.value ?? fallback,
      setValue: async (value: unknown) => {
        calls.value = value;
      },
    }),
  },
}));

const { badgeFor, setBadgePart, showOnTab } = await import('../../../extension/platform/badge');

beforeEach(() => {
  calls.badge = [];
  calls.title = [];
  calls.value = undefined;
});

describe('badgeFor', () => {
  it.each([
    [{ captures: 0, injections: 0 }, '', 'dcr-kit'],
    [{ captures: 1, injections: 0 }, '1', 'dcr-kit: 1 capture waiting for a profile'],
    [{ captures: 3, injections: 0 }, '3', 'dcr-kit: 3 captures waiting for a profile'],
    [{ captures: 0, injections: 2 }, 'ON', 'dcr-kit: header injection on'],
    [{ captures: 2, injections: 1 }, '2·ON', 'dcr-kit: 2 captures waiting for a profile; header injection on'],
    [{ captures: 120, injections: 0 }, '99+', 'dcr-kit: 120 captures waiting for a profile'],
  ])('%o shows %j (%s)', (parts, text, title) => {
    expect(badgeFor(parts)).toMatchObject({ text, title });
  });
});

describe('setBadgePart', () => {
  it('keeps the other part: injection on, then a capture, then the capture made a profile', async () => {
    await setBadgePart('injections', 1);
    await setBadgePart('captures', 1);
    await setBadgePart('captures', 0);
    expect(calls.badge).toEqual([{ text: 'ON' }, { text: '1·ON' }, { text: 'ON' }]);
    // And the other way round: the injection stops while a capture waits.
    await setBadgePart('captures', 2);
    await setBadgePart('injections', 0);
    expect(calls.badge.slice(3)).toEqual([{ text: '2·ON' }, { text: '2' }]);
    expect(calls.title.at(-1)).toEqual({ title: 'dcr-kit: 2 captures waiting for a profile' });
  });

  it('shows a pick’s outcome on its own tab only, leaving the global badge as it is', async () => {
    await setBadgePart('captures', 1);
    showOnTab(7, '1/2', 'dcr-kit: saved one half; now pick the other');
    await Promise.resolve();
    expect(calls.badge).toEqual([{ text: '1' }, { tabId: 7, text: '1/2' }]);
  });
});
