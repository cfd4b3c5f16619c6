/** The extension's logic with a fake fetch, an in-memory store and an injected clock (no browser, no network). */
import { describe, expect, it, vi } from 'vitest';
import { linkCapture, listCaptures, saveCapture } from '../../../extension/core/service/captures';
import { createService } from '../../../extension/core/service/context';
import {
  exportProfiles,
  importHarness,
  importProfiles,
  removeProfile,
  saveProfile,
} from '../../../extension/core/service/profile-admin';
import { registerClient } from '../../../extension/core/service/registration';
import { listProfiles } from '../../../extension/core/service/stored';
import { getToken, refresh } from '../../../extension/core/service/tokens';
import { oktaInput, oktaProfile } from './fixtures';
import { memoryStore } from './memory-store';

const okta = oktaProfile;

function setup(reply: () => Response) {
  let now = 1_700_000_000_000;
  const requests: { url: string; body: string; authorization: string | null }[] = [];
  const scheduled: [string, number][] = [];
  const cancelled: string[] = [];
  const store = memoryStore();
  const service = createService({
    fetch: async (input, init) => {
      requests.push({
        url: String(input),
        body: String(init?.body),
        authorization: new Headers(init?.headers).get('authorization'),
      });
      return reply();
    },
    store,
    clock: () => now,
    scheduler: {
      schedule: async (id, when) => void scheduled.push([id, when]),
      cancel: async (id) => void cancelled.push(id),
    },
  });
  const advance = (ms: number) => {
    now += ms;
  };
  return { service, store, requests, scheduled, cancelled, advance, now: () => now };
}

const ok = () =>
  new Response(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'a.b.c', scope: 'api:read' }), {
    status: 200,
  });

describe('service: tokens', () => {
  it('gets a token, keeps it, and schedules the re-fetch a minute before expiry (injected clock)', async () => {
    const t = setup(ok);
    await t.store.saveProfiles([okta]);
    await t.store.saveSecrets({ okta: 's' });
    const result = await getToken(t.service, 'okta');
    expect(result.ok).toBe(true);
    expect(t.requests).toEqual([
      {
        url: 'https://acme.okta.com/oauth2/default/v1/token',
        body: 'grant_type=client_credentials&scope=api%3Aread',
        authorization: `Basic ${btoa('0oa1:s')}`,
      },
    ]);
    expect(t.scheduled).toEqual([['okta', t.now() + 3_540_000]]);
    expect((await listProfiles(t.service))[0]?.token?.expiresAt).toBe(t.now() + 3_600_000);
  });

  it('re-fetches with exactly the same request when the schedule fires', async () => {
    const t = setup(ok);
    await t.store.saveProfiles([okta]);
    await t.store.saveSecrets({ okta: 's' });
    await getToken(t.service, 'okta');
    t.advance(3_540_000);
    await refresh(t.service, 'okta');
    expect(t.requests).toHaveLength(2);
    expect(t.requests[1]).toEqual(t.requests[0]);
    expect(t.scheduled.at(-1)).toEqual(['okta', t.now() + 3_540_000]);
  });

  it('does not schedule anything after an error, and reports the explanation', async () => {
    const t = setup(
      () =>
        new Response(
          JSON.stringify({
            error: 'invalid_client',
            error_description: 'The client secret supplied for a confidential client is invalid.',
          }),
          { status: 401 },
        ),
    );
    await t.store.saveProfiles([okta]);
    await t.store.saveSecrets({ okta: 'wrong' });
    const result = await getToken(t.service, 'okta');
    expect(result.ok).toBe(false);
    expect(t.scheduled).toEqual([]);
    expect((await listProfiles(t.service))[0]?.lastError?.explanation).toBe(
      'Wrong client ID or secret (Okta says which in the description).',
    );
  });

  it('refuses to request a token without a secret, and does not re-fetch a token that was never fetched', async () => {
    const t = setup(ok);
    await t.store.saveProfiles([okta]);
    await expect(getToken(t.service, 'okta')).rejects.toThrow('no client secret for "Okta": enter it first');
    await refresh(t.service, 'okta');
    expect(t.requests).toEqual([]);
  });
});

describe('service: harness import', () => {
  it('refuses something that is not a dcr-kit manifest, and names the URL', async () => {
    const t = setup(() => new Response(JSON.stringify({ hello: 'world' }), { status: 200 }));
    await expect(importHarness(t.service, 'http://127.0.0.1:4400/harness.json')).rejects.toThrow(
      'http://127.0.0.1:4400/harness.json is not a dcr-kit harness manifest (version 1)',
    );
    await expect(importHarness(t.service, 'not a url')).rejects.toThrow('"not a url" is not a URL');
  });
});

describe('service: profiles typed in by the user', () => {
  const input = oktaInput({ baseUrl: 'acme.okta.com', clientSecret: 'shh' });

  it('keeps the secret in storage.session unless the user asks to remember it', async () => {
    const t = setup(ok);
    const saved = await saveProfile(t.service, input);
    expect('profiles' in saved && saved.profiles[0]).toMatchObject({
      baseUrl: 'https://acme.okta.com',
      hasSecret: true,
      source: { kind: 'manual' },
    });
    expect(Object.values(await t.store.secrets())).toEqual(['shh']);
    expect(await t.store.rememberedSecrets()).toEqual({});
    const id = (await t.store.profiles())[0]?.id as string;
    await saveProfile(t.service, { ...input, id, clientSecret: 'new', rememberSecret: true });
    expect(await t.store.secrets()).toEqual({});
    expect(await t.store.rememberedSecrets()).toEqual({ [id]: 'new' });
  });

  it('names every bad field and saves nothing', async () => {
    const t = setup(ok);
    const result = await saveProfile(t.service, {
      ...input,
      vendor: 'azure',
      endpointId: 'v2',
      baseUrl: 'http://idp.example',
      tenantId: '',
      target: '',
      clientId: '',
    });
    expect(result).toEqual({
      errors: {
        baseUrl: 'use https (plain http only for localhost)',
        tenantId: 'Entra needs the tenant id or domain',
        target: 'scope is required by Microsoft Entra ID',
        clientId: 'enter the client id',
      },
    });
    expect(await t.store.profiles()).toEqual([]);
  });

  it('exports profiles without secrets and imports them back', async () => {
    const t = setup(ok);
    await saveProfile(t.service, input);
    const text = await exportProfiles(t.service);
    expect(text).not.toContain('shh');
    const other = setup(ok);
    const imported = await importProfiles(other.service, text);
    expect(imported).toMatchObject([{ name: 'Prod Okta', clientId: '0oa1', hasSecret: false }]);
    await expect(importProfiles(other.service, '{"format":"other"}')).rejects.toThrow(
      'not a dcr-kit profiles export (version 1)',
    );
  });
});

describe('service: safety', () => {
  const base = oktaInput();

  it('never sends a stored secret to the host of an imported profile that reuses its id', async () => {
    const t = setup(ok);
    await saveProfile(t.service, { ...base, clientSecret: 'shh' });
    const id = (await t.store.profiles())[0]?.id as string;
    const hostile = JSON.stringify({
      format: 'dcr-kit-profiles',
      version: 1,
      profiles: [{ ...base, id, baseUrl: 'https://evil.example', source: { kind: 'manual' } }],
    });
    const [imported] = await importProfiles(t.service, hostile);
    expect(imported).toMatchObject({ id, baseUrl: 'https://evil.example', hasSecret: false });
    await expect(getToken(t.service, id)).rejects.toThrow('no client secret');
    expect(t.requests).toEqual([]);
  });

  it('drops the secret when an edit points the profile at another host or client without a new secret', async () => {
    const t = setup(ok);
    await saveProfile(t.service, { ...base, clientSecret: 'shh' });
    const id = (await t.store.profiles())[0]?.id as string;
    await saveProfile(t.service, { ...base, id, name: 'Renamed' });
    expect((await listProfiles(t.service))[0]?.hasSecret).toBe(true);
    await saveProfile(t.service, { ...base, id, baseUrl: 'https://other.okta.com' });
    expect((await listProfiles(t.service))[0]?.hasSecret).toBe(false);
  });

  it('retries a failed re-fetch after Retry-After, and records the failure', async () => {
    let status = 200;
    const t = setup(() =>
      status === 200 ? ok() : new Response('{"error":"temporarily_unavailable"}', { status, headers: { 'retry-after': '30' } }),
    );
    await saveProfile(t.service, { ...base, clientSecret: 'shh' });
    const id = (await t.store.profiles())[0]?.id as string;
    await getToken(t.service, id);
    status = 503;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await refresh(t.service, id);
    expect(warn.mock.calls).toEqual([
      [
        `dcr-kit: re-fetch for "${id}" failed:`,
        'HTTP 503 temporarily_unavailable: The IdP is rate limiting or unavailable; retry after the time it gives.',
      ],
    ]);
    warn.mockRestore();
    expect(t.scheduled.at(-1)).toEqual([id, t.now() + 30_000]);
    const lastError = (await listProfiles(t.service))[0]?.lastError;
    expect(lastError?.retryAfter).toBe(30);
    // The popup says when it failed, which endpoint was asked, and when the re-fetch tries again.
    expect(lastError).toMatchObject({ at: t.now(), retryAt: t.now() + 30_000 });
    expect(lastError?.endpoint).toMatch(/\/oauth2\/default\/v1\/token$/);
  });

  it('refuses a registration style the profile does not offer', async () => {
    const t = setup(ok);
    await saveProfile(t.service, { ...base, clientSecret: 'shh' });
    const id = (await t.store.profiles())[0]?.id as string;
    await expect(registerClient(t.service, id, 'x', 'okta-clients')).rejects.toThrow(
      '"Prod Okta" cannot register through okta-clients',
    );
  });
});

describe('service: captures', () => {
  it('validates page data, keeps the secret out of the popup view, and links a capture to an IdP profile', async () => {
    const t = setup(ok);
    await t.store.saveProfiles([okta]);
    await expect(saveCapture(t.service, 'http://127.0.0.1:4401', { clientId: 'has spaces', clientSecret: 'x' })).rejects.toThrow(
      'not client credentials',
    );
    await expect(
      saveCapture(t.service, 'http://127.0.0.1:4401', { clientId: 'id', clientSecret: 'x'.repeat(513) }),
    ).rejects.toThrow();
    await saveCapture(t.service, 'http://127.0.0.1:4401', {
      clientId: '0oaCaptured',
      clientSecret: 'captured-secret',
      source: '<script>',
    });
    const [view] = await listCaptures(t.service);
    expect(view).toMatchObject({ origin: 'http://127.0.0.1:4401', clientId: '0oaCaptured', source: 'generic' });
    expect(JSON.stringify(view)).not.toContain('captured-secret');
    // What the popup shows before it becomes a profile: the secret masked, with its length.
    expect(view?.maskedSecret).toBe('… (15 characters)');
    const profile = await linkCapture(t.service, view?.id as string, 'okta');
    expect(profile).toMatchObject({
      clientId: '0oaCaptured',
      baseUrl: okta.baseUrl,
      source: { kind: 'captured', linkedTo: 'okta' },
    });
    expect(await listCaptures(t.service)).toEqual([]);
    expect((await t.store.secrets())[profile.id]).toBe('captured-secret');
  });
});

describe('service: and header injection', () => {
  it('tells the injector about every new token, and that it is gone when the profile is edited or removed', async () => {
    const t = setup(ok);
    const events: string[] = [];
    const service = createService({
      fetch: async () => ok(),
      store: t.store,
      clock: () => 1_700_000_000_000,
      scheduler: { schedule: async () => {}, cancel: async () => {} },
      tokens: {
        tokenChanged: async (id, token) => void events.push(`changed ${id} ${token.accessToken}`),
        tokenRemoved: async (id) => void events.push(`removed ${id}`),
      },
    });
    await t.store.saveProfiles([okta]);
    await t.store.saveSecrets({ okta: 's' });
    await getToken(service, 'okta');
    await saveProfile(service, { ...okta, clientAuth: 'client_secret_basic', name: 'Renamed' });
    await removeProfile(service, 'okta');
    expect(events).toEqual(['changed okta a.b.c', 'removed okta', 'removed okta']);
  });
});
