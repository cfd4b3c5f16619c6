/** callApi (core/service/console.ts) with a fake fetch: what reaches the API, and what the popup is given back. */
import { describe, expect, it } from 'vitest';
import { callApi } from '../../../extension/core/service/console';
import { createService } from '../../../extension/core/service/context';
import { oktaProfile } from './fixtures';
import { memoryStore } from './memory-store';

function setup(reply: (init: RequestInit | undefined) => Response) {
  const sent: { url: string; init: RequestInit | undefined }[] = [];
  const store = memoryStore();
  const service = createService({
    fetch: async (input, init) => {
      sent.push({ url: String(input), init });
      return reply(init);
    },
    store,
    clock: () => 0,
    scheduler: { schedule: async () => {}, cancel: async () => {} },
  });
  return { service, store, sent };
}

/** An echo API: answers with the headers and body it received, as the harness gateway does. */
const echo = (init: RequestInit | undefined) =>
  new Response(JSON.stringify({ headers: Object.fromEntries(new Headers(init?.headers)), body: init?.body }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

describe('callApi', () => {
  it('never follows a redirect: the chosen credentials and secret headers stay with the origin asked', async () => {
    const t = setup(() => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/steal' } }));
    const call = callApi(t.service, {
      url: 'https://api.example/orders',
      method: 'GET',
      auth: 'none',
      headers: [['X-API-Key', 'key-0123456789']],
    });
    await expect(call).rejects.toThrow(/^https:\/\/api\.example answered with a redirect\. dcr-kit does not follow it/);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]?.init?.redirect).toBe('manual');
  });

  it("sends the user's headers and body, and redacts a secret-named header's value from what comes back", async () => {
    const t = setup(echo);
    const answer = await callApi(t.service, {
      url: 'https://api.example/orders',
      method: 'POST',
      auth: 'none',
      headers: [
        ['X-API-Key', 'key-0123456789'],
        ['X-Trace', 'trace-1'],
      ],
      contentType: 'application/json',
      body: '{"echo":"key-0123456789"}',
    });
    expect(new Headers(t.sent[0]?.init?.headers).get('x-api-key')).toBe('key-0123456789');
    expect(t.sent[0]?.init?.body).toBe('{"echo":"key-0123456789"}');
    expect(answer.status).toBe(200);
    expect(answer.reason).toBe('OK');
    expect(answer.body).not.toContain('key-0123456789');
    expect(JSON.parse(answer.body).headers).toMatchObject({ 'x-api-key': '[redacted]', 'x-trace': 'trace-1' });
    expect(answer.explanation).toBeUndefined();
  });

  it('explains a 401 from its WWW-Authenticate, with the auth method that was used', async () => {
    const t = setup(
      () =>
        new Response('{"message":"Unauthorized"}', {
          status: 401,
          headers: { 'www-authenticate': 'Bearer realm="kong"', 'content-type': 'application/json' },
        }),
    );
    await t.store.saveProfiles([oktaProfile]);
    await t.store.saveSecrets({ okta: 's3cret-value' });
    const answer = await callApi(t.service, {
      url: 'https://gw.example/okta/anything',
      method: 'GET',
      auth: 'client_credentials',
      profileId: 'okta',
    });
    expect(answer).toMatchObject({
      status: 401,
      reason: 'Unauthorized',
      explanation: {
        problem:
          'The API did not accept the client credentials: the IdP refused them (wrong or rotated secret) or the client belongs to another IdP.',
        detail: 'realm “kong”',
      },
    });
  });

  it('refuses a request whose header collides with the auth method before anything is sent', async () => {
    const t = setup(echo);
    await t.store.saveProfiles([oktaProfile]);
    await t.store.saveSecrets({ okta: 's3cret-value' });
    await expect(
      callApi(t.service, {
        url: 'https://gw.example/okta/anything',
        method: 'GET',
        auth: 'client_credentials',
        profileId: 'okta',
        headers: [['Authorization', 'Basic abc']],
      }),
    ).rejects.toThrow('headers: Authorization is set by the auth method (Client credentials (Basic, base64))');
    expect(t.sent).toEqual([]);
  });
});
