/**
 * Issue 10, item 1: a profile whose token endpoint moves to another origin (harness import, profiles import, edit)
 * keeps nothing of what the old one had: no secret (session or remembered), no token, no re-fetch alarm, no header
 * injection. Each test performs the move and then tries to use what was kept.
 */
import { describe, expect, it } from 'vitest';
import { credentialsMoved, isLoopback } from '../../../extension/core/profile-moves';
import type { IdpProfile } from '../../../extension/core/profiles';
import { linkCapture, listCaptures, saveCapture } from '../../../extension/core/service/captures';
import { createService } from '../../../extension/core/service/context';
import { importHarness, importProfiles, saveProfile } from '../../../extension/core/service/profile-admin';
import { listProfiles } from '../../../extension/core/service/stored';
import { getToken, refresh } from '../../../extension/core/service/tokens';
import type { HarnessManifest, ManifestTenant } from '../../../shared/harness/manifest';
import { oktaProfile } from './fixtures';
import { memoryStore } from './memory-store';

const VICTIM = 'http://127.0.0.1:4400';
const ATTACKER = 'http://127.0.0.1:9666';
const REMEMBERED = 'remembered-demo-secret-1234';

function manifest(origin: string, secret: string | undefined): HarnessManifest {
  const tenant = {
    id: 'okta',
    vendor: 'okta',
    baseUrl: `${origin}/okta`,
    authServerId: 'default',
    demoClient: { clientId: '0oaDemo', ...(secret !== undefined && { clientSecret: secret }), params: { scope: 'api:read' } },
    registration: { style: 'okta-clients', endpoint: '', credentials: {}, live: false },
  } as unknown as ManifestTenant;
  return { harness: 'dcr-kit', version: 1, url: origin, tenants: [tenant] } as unknown as HarnessManifest;
}

function setup() {
  const store = memoryStore();
  const served = new Map<string, unknown>();
  const requests: { url: string; authorization: string | null; body: string }[] = [];
  const events: string[] = [];
  const service = createService({
    fetch: async (input, init) => {
      const url = String(input);
      if (served.has(url)) return new Response(JSON.stringify(served.get(url)), { status: 200 });
      requests.push({ url, authorization: new Headers(init?.headers).get('authorization'), body: String(init?.body) });
      return new Response(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'tok.en.1' }), {
        status: 200,
      });
    },
    store,
    clock: () => 1_700_000_000_000,
    scheduler: {
      schedule: async (id) => void events.push(`alarm ${id}`),
      cancel: async (id) => void events.push(`cancel ${id}`),
    },
    tokens: {
      tokenChanged: async (id) => void events.push(`inject ${id}`),
      tokenRemoved: async (id) => void events.push(`uninject ${id}`),
    },
  });
  return { service, store, served, requests, events };
}

/** The victim's state before the attack: the harness okta profile, its secret remembered, a token, an alarm. */
async function victim() {
  const t = setup();
  t.served.set(`${VICTIM}/harness.json`, manifest(VICTIM, 'demo-secret-from-harness'));
  await importHarness(t.service, `${VICTIM}/harness.json`);
  const [profile] = await t.store.profiles();
  await saveProfile(t.service, { ...(profile as IdpProfile), clientSecret: REMEMBERED, rememberSecret: true });
  expect(await t.store.rememberedSecrets()).toEqual({ 'harness:okta': REMEMBERED });
  await getToken(t.service, 'harness:okta');
  expect(Object.keys(await t.store.tokens())).toEqual(['harness:okta']);
  t.requests.length = 0;
  t.events.length = 0;
  return t;
}

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

describe('a profile that moves to another origin keeps nothing', () => {
  it('harness import: a manifest from elsewhere naming tenant okta without a secret gets neither secret nor token', async () => {
    const t = await victim();
    t.served.set(`${ATTACKER}/harness.json`, manifest(ATTACKER, undefined));
    const [view] = await importHarness(t.service, `${ATTACKER}/harness.json`);
    expect(view).toMatchObject({ id: 'harness:okta', baseUrl: `${ATTACKER}/okta`, hasSecret: false });
    expect(view?.token).toBeUndefined();
    expect(await t.store.rememberedSecrets()).toEqual({});
    expect(t.events).toEqual(['cancel harness:okta', 'uninject harness:okta']);
    await expect(getToken(t.service, 'harness:okta')).rejects.toThrow('no client secret');
    // The scheduled re-fetch finds no token to renew: nothing goes to the attacker.
    await refresh(t.service, 'harness:okta');
    expect(t.requests).toEqual([]);
  });

  it("harness import: with the attacker's own secret, only that secret is sent, never the remembered one", async () => {
    const t = await victim();
    t.served.set(`${ATTACKER}/harness.json`, manifest(ATTACKER, 'attacker-secret'));
    await importHarness(t.service, `${ATTACKER}/harness.json`);
    await getToken(t.service, 'harness:okta');
    expect(t.requests.map((r) => [r.url, r.authorization])).toEqual([
      [`${ATTACKER}/okta/oauth2/default/v1/token`, basic('0oaDemo', 'attacker-secret')],
    ]);
    expect(JSON.stringify(t.requests)).not.toContain(REMEMBERED);
  });

  it('harness import from the same harness keeps the remembered secret and the token', async () => {
    const t = await victim();
    await importHarness(t.service, `${VICTIM}/harness.json`);
    expect(await t.store.rememberedSecrets()).toEqual({ 'harness:okta': REMEMBERED });
    expect(Object.keys(await t.store.tokens())).toEqual(['harness:okta']);
    expect(t.events).toEqual([]);
  });

  it('profiles import: a file that moves harness:okta elsewhere drops the remembered secret, token, alarm, injection', async () => {
    const t = await victim();
    const [profile] = await t.store.profiles();
    const file = JSON.stringify({
      format: 'dcr-kit-profiles',
      version: 1,
      profiles: [{ ...profile, baseUrl: `${ATTACKER}/okta` }],
    });
    const [view] = await importProfiles(t.service, file);
    expect(view).toMatchObject({ baseUrl: `${ATTACKER}/okta`, hasSecret: false });
    expect(view?.token).toBeUndefined();
    expect(await t.store.rememberedSecrets()).toEqual({});
    expect(t.events).toEqual(['cancel harness:okta', 'uninject harness:okta']);
    await expect(getToken(t.service, 'harness:okta')).rejects.toThrow('no client secret');
    expect(t.requests).toEqual([]);
  });

  it('edit: pointing the profile at another origin drops the remembered secret, token, alarm and injection', async () => {
    const t = await victim();
    const [profile] = await t.store.profiles();
    await saveProfile(t.service, { ...(profile as IdpProfile), baseUrl: `${ATTACKER}/okta` });
    const [view] = await listProfiles(t.service);
    expect(view).toMatchObject({ baseUrl: `${ATTACKER}/okta`, hasSecret: false });
    expect(view?.token).toBeUndefined();
    expect(await t.store.rememberedSecrets()).toEqual({});
    // (Every edit drops the token, so it is dropped twice: once for the move, once for the edit.)
    expect([...new Set(t.events)]).toEqual(['cancel harness:okta', 'uninject harness:okta']);
    await expect(getToken(t.service, 'harness:okta')).rejects.toThrow('no client secret');
  });

  it('edit: a rename keeps the secret (the token goes, as every edit drops it)', async () => {
    const t = await victim();
    const [profile] = await t.store.profiles();
    await saveProfile(t.service, { ...(profile as IdpProfile), name: 'Renamed' });
    expect(await t.store.rememberedSecrets()).toEqual({ 'harness:okta': REMEMBERED });
  });
});

describe('credentialsMoved and isLoopback', () => {
  const okta: IdpProfile = { ...oktaProfile, id: 'p', name: 'p' };
  it.each([
    ['another origin', { baseUrl: 'https://evil.example' }, true],
    ['another port', { baseUrl: 'https://acme.okta.com:8443' }, true],
    ['another authorization server', { authServerId: 'other' }, true],
    ['another client', { clientId: '0oa2' }, true],
    ['another name and scope', { name: 'x', target: 'api:write' }, false],
  ])('%s → moved: %s', (_what, change, moved) => {
    expect(credentialsMoved(okta, { ...okta, ...change })).toBe(moved);
  });
  it('knows loopback hosts', () => {
    expect(['http://127.0.0.1:4400/h', 'http://127.0.0.2/', 'http://localhost:1/', 'http://[::1]:2/'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['http://evil.test/', 'https://127.0.0.1.evil.test/', 'not a url'].map(isLoopback)).toEqual([false, false, false]);
  });
});

describe('a harness that withholds its secrets (bound to a network address, or with a control token)', () => {
  it('is not imported: nothing is written over the profile, its secret or its registration credentials', async () => {
    const t = await victim();
    const profilesBefore = await t.store.profiles();
    const registrationsBefore = await t.store.registrations();
    t.served.set(`${VICTIM}/harness.json`, { ...manifest(VICTIM, ''), secretsWithheld: true });
    await expect(importHarness(t.service, `${VICTIM}/harness.json`)).rejects.toThrow(
      `${VICTIM} withholds its secrets (it is bound to a network address, or was started with a control token): nothing was imported.`,
    );
    expect(await t.store.profiles()).toEqual(profilesBefore);
    expect(await t.store.registrations()).toEqual(registrationsBefore);
    expect(await t.store.rememberedSecrets()).toEqual({ 'harness:okta': REMEMBERED });
  });
});

describe('a capture linked again to another IdP profile', () => {
  it('keeps nothing of the old link: its token, alarm and injection go before the new link is saved', async () => {
    const t = await victim();
    const other = { ...oktaProfile, id: 'typed:other-okta', name: 'Other Okta', baseUrl: 'http://127.0.0.1:4500/okta' };
    await saveProfile(t.service, other);
    await saveCapture(t.service, 'http://127.0.0.1:4401', { clientId: '0oaCaptured1', clientSecret: 'captured-secret-123' });
    const [first] = await listCaptures(t.service);
    const linked = await linkCapture(t.service, String(first?.id), 'harness:okta');
    await getToken(t.service, linked.id);
    expect(Object.keys(await t.store.tokens())).toContain(linked.id);
    t.events.length = 0;
    await saveCapture(t.service, 'http://127.0.0.1:4401', { clientId: '0oaCaptured1', clientSecret: 'captured-secret-123' });
    const [again] = await listCaptures(t.service);
    const relinked = await linkCapture(t.service, String(again?.id), other.id);
    expect(relinked.id).toBe(linked.id);
    expect(Object.keys(await t.store.tokens())).not.toContain(linked.id);
    expect(t.events).toEqual(expect.arrayContaining([`cancel ${linked.id}`, `uninject ${linked.id}`]));
    expect((await t.store.profiles()).filter((p) => p.id === linked.id)).toHaveLength(1);
  });
});
