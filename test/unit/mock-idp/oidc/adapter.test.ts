/**
 * oidc-provider's adapter for initial and registration access tokens: inside `spendingOnce`, the lookup of a token of
 * the spent model takes it from the store (a compare-and-set), so of two requests with one token only the first
 * finds it; a request that fails puts it back, unless it destroyed the token itself. oidc-provider calls `find` once
 * per request and `destroy` when it is done (oidc-provider 9.13 lib/actions/registration.js).
 */
import type { Adapter } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../mock-idp/core/store';
import { adapterFactory, type ModelEntry, spendingOnce } from '../../../../mock-idp/oidc/adapter';

const noClients = { find: () => undefined, upsert: () => {}, destroy: () => {} };

const models = new MemoryStore().map<ModelEntry>('registration-tokens');
const adapter = adapterFactory(noClients, models);
const iat = adapter('InitialAccessToken');
const rat = adapter('RegistrationAccessToken');

/** A request's handling: the lookup, then (unless it fails before) oidc-provider's destroy. */
const request = (adapter: Adapter, id: string, outcome: 'succeeds' | 'fails' | 'destroys-and-fails') => {
  let status = 0;
  let found: unknown;
  const done = spendingOnce(
    models,
    'InitialAccessToken',
    async () => {
      found = await adapter.find(id);
      await Promise.resolve();
      if (found && outcome !== 'fails') await adapter.destroy(id);
      status = found && outcome === 'succeeds' ? 201 : 400;
    },
    () => status < 400,
  );
  return done.then(() => found);
};

describe('single-use tokens (spendingOnce)', () => {
  it('are found by one of two concurrent requests; the other finds nothing', async () => {
    await iat.upsert('t1', { jti: 't1' }, 60);
    const found = await Promise.all([request(iat, 't1', 'succeeds'), request(iat, 't1', 'succeeds')]);
    expect(found.filter(Boolean)).toEqual([{ jti: 't1' }]);
    expect(models.has('InitialAccessToken t1')).toBe(false);
    expect(await request(iat, 't1', 'succeeds')).toBeUndefined();
  });

  it('go back to the store when the request fails, and not when it destroyed them', async () => {
    await iat.upsert('t2', { jti: 't2' }, 60);
    const entry = models.get('InitialAccessToken t2');
    expect(await request(iat, 't2', 'fails')).toEqual({ jti: 't2' });
    expect(models.get('InitialAccessToken t2')).toEqual(entry);
    expect(await request(iat, 't2', 'destroys-and-fails')).toEqual({ jti: 't2' });
    expect(models.has('InitialAccessToken t2')).toBe(false);
  });

  it('are left alone outside such a request, and for another model', async () => {
    await iat.upsert('t3', { jti: 't3' }, 60);
    await rat.upsert('r3', { jti: 'r3' });
    expect(await iat.find('t3')).toEqual({ jti: 't3' });
    expect(await iat.find('t3')).toEqual({ jti: 't3' });
    await spendingOnce(
      models,
      'InitialAccessToken',
      async () => {
        expect(await rat.find('r3')).toEqual({ jti: 'r3' });
      },
      () => true,
    );
    expect(models.has('RegistrationAccessToken r3')).toBe(true);
  });

  it('expire by the machine clock, spent or not', async () => {
    models.set('InitialAccessToken old', { payload: { jti: 'old' }, expiresAt: Date.now() - 1 });
    expect(await request(iat, 'old', 'succeeds')).toBeUndefined();
    expect(models.has('InitialAccessToken old')).toBe(false);
  });
});
