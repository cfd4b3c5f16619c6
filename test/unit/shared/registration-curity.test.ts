/**
 * The Curity registration provider (shared/registration/curity.ts) against a scripted Curity that behaves as
 * curity.io's "Dynamic Client Registration Management" describes: every GET and PUT on the registration_client_uri
 * answers with a new client_secret and a new registration_access_token, and the previous token is refused from then on.
 */
import { describe, expect, it } from 'vitest';
import { rfc7591 } from '../../../shared/registration/curity';
import { RegistrationError } from '../../../shared/registration/types';

const TARGET = {
  style: 'rfc7591' as const,
  endpoint: 'https://idsvr.example.com/token-service/oauth-registration',
  tokenEndpoint: 'https://idsvr.example.com/oauth/v2/oauth-token',
  clientId: 'dcr-client',
  clientSecret: 'dcr-secret',
  defaultScopes: ['read'],
};

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
  body: Record<string, unknown> | undefined;
}

/** A Curity that rotates on every update; `omitToken` answers a PUT without a registration_access_token. */
function scriptedCurity({ omitToken = false } = {}) {
  const seen: Seen[] = [];
  let n = 0;
  let rat = 'rat-0';
  let deleted = false;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetcher = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const headers = new Headers(init.headers);
    const text = typeof init.body === 'string' ? init.body : '';
    const body = headers.get('content-type') === 'application/json' && text ? JSON.parse(text) : undefined;
    seen.push({ method: init.method ?? 'GET', url, authorization: headers.get('authorization'), body });
    if (url === TARGET.tokenEndpoint) return json(200, { access_token: 'iat', token_type: 'bearer', expires_in: 300 });
    if (url === TARGET.endpoint) {
      return json(201, {
        client_id: 'dyn-1',
        client_secret: 'secret-0',
        ...body,
        registration_client_uri: `${TARGET.endpoint}/dyn-1`,
        registration_access_token_expires_in: 31536000,
        registration_access_token: rat,
      });
    }
    if (url !== `${TARGET.endpoint}/dyn-1` || deleted) return json(404, { error: 'invalid_request' });
    if (headers.get('authorization') !== `Bearer ${rat}`) return json(401, { error: 'invalid_token' });
    if (init.method === 'DELETE') {
      deleted = true;
      return new Response(null, { status: 204 });
    }
    n += 1;
    rat = `rat-${n}`;
    return json(200, {
      ...body,
      client_secret: `secret-${n}`,
      registration_client_uri: `${TARGET.endpoint}/dyn-1`,
      ...(!omitToken && { registration_access_token_expires_in: 31536000, registration_access_token: rat }),
    });
  };
  return { fetcher: fetcher as typeof fetch, seen };
}

describe('rfc7591 provider (Curity)', () => {
  it('keeps the registration access token each rotation returns, so it can rotate again and delete', async () => {
    const curity = scriptedCurity();
    const provider = rfc7591(TARGET, curity.fetcher);
    const created = await provider.create({ name: 'app' });
    expect(created).toMatchObject({ clientId: 'dyn-1', clientSecret: 'secret-0' });
    expect(created.state.registrationAccessToken).toBe('rat-0');

    const once = await provider.rotate(created);
    expect(once.clientSecret).toBe('secret-1');
    expect(once.state.registrationAccessToken).toBe('rat-1');
    const twice = await provider.rotate(once);
    expect(twice.clientSecret).toBe('secret-2');
    expect(twice.state.registrationAccessToken).toBe('rat-2');
    await provider.remove(twice, { name: 'app' });

    const puts = curity.seen.filter((s) => s.method === 'PUT');
    expect(puts.map((s) => s.authorization)).toEqual(['Bearer rat-0', 'Bearer rat-1']);
    expect(curity.seen.at(-1)).toMatchObject({ method: 'DELETE', authorization: 'Bearer rat-2' });
  });

  it('sends the whole registration on PUT (RFC 7592 §2.2), without client_secret so that one is issued', async () => {
    const curity = scriptedCurity();
    const provider = rfc7591(TARGET, curity.fetcher);
    await provider.rotate(await provider.create({ name: 'app', scopes: ['read', 'write'] }));
    const put = curity.seen.find((s) => s.method === 'PUT');
    expect(put?.body).toEqual({
      client_id: 'dyn-1',
      client_name: 'app',
      grant_types: ['client_credentials'],
      scope: 'read write',
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });

  it('keeps the token it has when an update returns none (RFC 7592 lets a server keep it)', async () => {
    const curity = scriptedCurity({ omitToken: true });
    const provider = rfc7591(TARGET, curity.fetcher);
    const rotated = await provider.rotate(await provider.create({ name: 'app' }));
    expect(rotated.state.registrationAccessToken).toBe('rat-0');
  });

  it('fails, storing nothing, when the old token is refused', async () => {
    const curity = scriptedCurity();
    const provider = rfc7591(TARGET, curity.fetcher);
    const created = await provider.create({ name: 'app' });
    await provider.rotate(created);
    // Rotating from the stale record (its token was invalidated by the first rotation) is refused.
    await expect(provider.rotate(created)).rejects.toThrow(RegistrationError);
    await expect(provider.rotate(created)).rejects.toThrow('RFC 7592 update: invalid_token');
  });
});
