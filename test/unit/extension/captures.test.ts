/** The background's capture logic: what a page may send, "Create profile" from a capture, and picked selections. */
import { describe, expect, it } from 'vitest';
import {
  linkCapture,
  listCaptures,
  pageContext,
  profileFromCapture,
  saveCapture,
} from '../../../extension/core/service/captures';
import { createService } from '../../../extension/core/service/context';
import { listPicks, PICK_MENUS, pickSelection } from '../../../extension/core/service/picks';
import { saveProfile } from '../../../extension/core/service/profile-admin';
import { oktaInput } from './fixtures';
import { memoryStore } from './memory-store';

const ORIGIN = 'https://portal.example.com';
const [ID_MENU, SECRET_MENU] = PICK_MENUS.map((m) => m.id) as [string, string];

function setup() {
  const clock = { now: 1_700_000_000_000 };
  const store = memoryStore();
  const service = createService({
    fetch: async () => new Response('{}', { status: 500 }),
    store,
    clock: () => clock.now,
    scheduler: { schedule: async () => {}, cancel: async () => {} },
  });
  return { service, store, clock };
}

describe('saveCapture: what a page may send', () => {
  it('keeps an adapter id as the source, anything else becomes generic', async () => {
    const t = setup();
    const sources = ['konnect-v3', 'wso2', 'a'.repeat(40), 'a'.repeat(41), 'Konnect', '<script>', 'x y', 42, undefined];
    for (const [i, source] of sources.entries())
      await saveCapture(t.service, ORIGIN, { clientId: `client-${i}`, clientSecret: 'secret', source });
    expect((await listCaptures(t.service)).map((c) => c.source)).toEqual([
      'konnect-v3',
      'wso2',
      'a'.repeat(40),
      'generic',
      'generic',
      'generic',
      'generic',
      'generic',
      'generic',
    ]);
  });

  it('stores the page context field by field: short strings, absolute http(s) URLs only', async () => {
    const t = setup();
    await saveCapture(t.service, ORIGIN, {
      clientId: 'client',
      clientSecret: 'secret-value',
      source: 'konnect-v3',
      context: {
        portal: '  Kong Konnect Dev Portal v3 ',
        appName: 'x'.repeat(201),
        tokenUrl: 'javascript:alert(1)',
        issuer: 'https://acme.okta.com/oauth2/default',
        authStrategy: 'Okta client credentials',
        extra: 'dropped',
      },
    });
    const [view] = await listCaptures(t.service);
    expect(view?.context).toEqual({
      portal: 'Kong Konnect Dev Portal v3',
      issuer: 'https://acme.okta.com/oauth2/default',
      authStrategy: 'Okta client credentials',
    });
    // The popup sees the secret masked, with its length.
    expect(view).toMatchObject({ maskedSecret: '… (12 characters)', secretLength: 12 });
    expect(JSON.stringify(view)).not.toContain('secret-value');
  });

  it.each([
    ['not an object', 'https://idp.example.com'],
    ['relative URL', { tokenUrl: '/oauth/token' }],
    ['file URL', { issuer: 'file:///etc/passwd' }],
    ['credentials in the URL', { tokenUrl: 'https://user:pw@idp.example.com/oauth/token' }],
    ['too long URL', { tokenUrl: `https://idp.example.com/${'a'.repeat(190)}` }],
    ['control characters', { portal: 'Portal\u0000', appName: 'two\nlines' }],
    ['not strings', { portal: 1, appName: {}, authStrategy: ['Okta'] }],
  ])('drops a context that is %s', (_, context) => {
    expect(pageContext(context)).toBeUndefined();
  });
});

describe('profileFromCapture: "Create profile" from a capture', () => {
  it('saves the confirmed profile with the captured secret in session storage, and drops the capture', async () => {
    const t = setup();
    await saveCapture(t.service, ORIGIN, { clientId: '0oaCaptured', clientSecret: 'captured-secret', source: 'konnect-v3' });
    const [capture] = await listCaptures(t.service);
    const result = await profileFromCapture(t.service, capture?.id as string, {
      ...oktaInput({ clientId: '0oaCaptured', clientSecret: '' }),
      // A new profile: an id sent along (editing another profile) is ignored.
      id: 'okta-other',
    });
    expect('profiles' in result && result.profiles).toHaveLength(1);
    const [profile] = await t.store.profiles();
    expect(profile).toMatchObject({ clientId: '0oaCaptured', source: { kind: 'manual' } });
    expect(profile?.id).not.toBe('okta-other');
    expect(await t.store.secrets()).toEqual({ [profile?.id as string]: 'captured-secret' });
    expect(await t.store.rememberedSecrets()).toEqual({});
    expect(await listCaptures(t.service)).toEqual([]);
  });

  it('remembers the secret only when asked, and a typed secret wins', async () => {
    const t = setup();
    await saveCapture(t.service, ORIGIN, { clientId: 'c1', clientSecret: 'captured-secret' });
    const [capture] = await listCaptures(t.service);
    await profileFromCapture(t.service, capture?.id as string, oktaInput({ clientId: 'c1', rememberSecret: true }));
    const [profile] = await t.store.profiles();
    expect(await t.store.rememberedSecrets()).toEqual({ [profile?.id as string]: 'captured-secret' });
    expect(await t.store.secrets()).toEqual({});

    await saveCapture(t.service, ORIGIN, { clientId: 'c2', clientSecret: 'captured-secret' });
    const [second] = await listCaptures(t.service);
    await profileFromCapture(t.service, second?.id as string, oktaInput({ clientId: 'c2', clientSecret: 'typed-secret' }));
    expect(Object.values(await t.store.secrets())).toEqual(['typed-secret']);
  });

  it('keeps the capture when the profile is not valid, and says when the capture is gone', async () => {
    const t = setup();
    await saveCapture(t.service, ORIGIN, { clientId: 'c1', clientSecret: 'captured-secret' });
    const [capture] = await listCaptures(t.service);
    const result = await profileFromCapture(t.service, capture?.id as string, oktaInput({ baseUrl: '' }));
    expect(result).toEqual({ errors: { baseUrl: 'enter the IdP domain, e.g. https://acme.okta.com' } });
    expect(await listCaptures(t.service)).toHaveLength(1);
    expect(await t.store.profiles()).toEqual([]);
    await expect(profileFromCapture(t.service, 'capture:gone', oktaInput())).rejects.toThrow('that capture is gone');
  });
});

describe('linkCapture: a profile that takes its IdP settings from another', () => {
  it.each([
    [{ appName: 'Billing reconciler', portal: 'Acme portal' }, 'Billing reconciler (from portal.example.com, Okta demo)'],
    [undefined, 'app-client-7 (from portal.example.com, Okta demo)'],
  ])('is named after the application the page named (%o), else after its client id', async (context, name) => {
    const t = setup();
    await saveProfile(t.service, oktaInput({ name: 'Okta demo' }));
    const [idp] = await t.store.profiles();
    await saveCapture(t.service, ORIGIN, { clientId: 'app-client-7', clientSecret: 'captured-secret', source: 'wso2', context });
    const [capture] = await listCaptures(t.service);
    const linked = await linkCapture(t.service, capture?.id as string, idp?.id as string);
    expect(linked.name).toBe(name);
  });
});

describe('pickSelection: the context-menu handler', () => {
  const click = (menuItemId: string, selectionText: unknown, extra: Record<string, unknown> = {}) => ({
    menuItemId,
    selectionText,
    pageUrl: `${ORIGIN}/apps/7`,
    ...extra,
  });

  it('keeps each half until the other is picked on the same origin, then makes a capture (source picked)', async () => {
    const t = setup();
    expect(await pickSelection(t.service, click(ID_MENU, '  client-from-selection\n'), [ORIGIN])).toBe('waiting');
    expect(await listPicks(t.service)).toEqual([{ origin: ORIGIN, clientId: 'client-from-selection', hasSecret: false }]);
    expect(await listCaptures(t.service)).toEqual([]);
    expect(await pickSelection(t.service, click(SECRET_MENU, 'picked-secret-value'), [ORIGIN])).toBe('captured');
    const [capture] = await listCaptures(t.service);
    expect(capture).toMatchObject({ origin: ORIGIN, clientId: 'client-from-selection', source: 'picked', secretLength: 19 });
    expect((await t.store.captures())[0]?.clientSecret).toBe('picked-secret-value');
    expect(await listPicks(t.service)).toEqual([]);
  });

  it('shows a picked secret to the popup only as "a secret"', async () => {
    const t = setup();
    await pickSelection(t.service, click(SECRET_MENU, 'picked-secret-value'), [ORIGIN]);
    const picks = await listPicks(t.service);
    expect(picks).toEqual([{ origin: ORIGIN, hasSecret: true }]);
    expect(JSON.stringify(picks)).not.toContain('picked-secret-value');
  });

  it('acts only on its own entries, on origins where capture is enabled, for the page’s own frames', async () => {
    const t = setup();
    expect(await pickSelection(t.service, click('other-menu', 'abc'), [ORIGIN])).toBe('ignored');
    expect(await pickSelection(t.service, click(ID_MENU, 'abc'), ['https://other.example.com'])).toBe('not enabled');
    expect(await pickSelection(t.service, click(ID_MENU, 'abc', { pageUrl: 'not a url' }), [ORIGIN])).toBe('not enabled');
    expect(await pickSelection(t.service, click(ID_MENU, 'abc', { pageUrl: undefined }), [ORIGIN])).toBe('not enabled');
    expect(await pickSelection(t.service, click(ID_MENU, 'abc', { frameUrl: 'https://ads.example.net/frame' }), [ORIGIN])).toBe(
      'not enabled',
    );
    expect(await pickSelection(t.service, click(ID_MENU, 'abc', { frameUrl: `${ORIGIN}/frame` }), [ORIGIN])).toBe('waiting');
  });

  it.each([
    ['empty', ''],
    ['with a space inside', 'two words'],
    ['longer than 512', 'x'.repeat(513)],
    ['not ASCII', 'clïent'],
    ['not text', 42],
  ])('refuses a selection %s', async (_, text) => {
    const t = setup();
    expect(await pickSelection(t.service, click(ID_MENU, text), [ORIGIN])).toBe('not a credential');
    expect(await t.store.picks()).toEqual({});
  });

  it('keeps halves per origin, and forgets a stale half', async () => {
    const t = setup();
    const other = 'https://other.example.com';
    await pickSelection(t.service, click(ID_MENU, 'id-a'), [ORIGIN, other]);
    await pickSelection(t.service, click(SECRET_MENU, 'secret-b', { pageUrl: `${other}/x` }), [ORIGIN, other]);
    expect(await listCaptures(t.service)).toEqual([]);
    t.clock.now += 11 * 60_000;
    expect(await listPicks(t.service)).toEqual([]);
    expect(await pickSelection(t.service, click(SECRET_MENU, 'secret-a'), [ORIGIN, other])).toBe('waiting');
    expect(await listPicks(t.service)).toEqual([{ origin: ORIGIN, hasSecret: true }]);
  });
});
