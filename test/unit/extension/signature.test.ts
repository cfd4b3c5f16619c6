/** The token card's signature check: a token against the IdP's key set as a gateway would check it. */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkSignature } from '../../../extension/core/signature';

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}
const sign = (k: Awaited<ReturnType<typeof key>>) =>
  new SignJWT({ sub: 'c' }).setProtectedHeader({ alg: 'RS256', kid: k.kid }).setExpirationTime('1h').sign(k.privateKey);
const URL = 'https://idp.example/keys';

describe('checkSignature', () => {
  it('is valid when the signing key is the newest published one', async () => {
    const current = await key('new');
    const result = await checkSignature(await sign(current), 'new', { keys: [current.jwk] }, URL);
    expect(result).toEqual({
      status: 'valid',
      kid: 'new',
      published: ['new'],
      jwksUrl: URL,
      message: 'The signature is valid (key new, published at https://idp.example/keys).',
    });
  });

  it('is valid but retiring while a rotated key is still in its grace period (where the JWKS lists the newest first)', async () => {
    const [current, old] = await Promise.all([key('new'), key('old')]);
    const token = await sign(old);
    const result = await checkSignature(token, 'old', { keys: [current.jwk, old.jwk] }, URL, { newestFirst: true });
    expect(result.status).toBe('retiring');
    expect(result.message).toBe(
      'The signature is valid, but key old is being retired (the IdP now signs with new): this token works until the old key leaves the JWKS.',
    );
    // A real IdP's key order says nothing about age: the same token is simply valid there.
    expect((await checkSignature(token, 'old', { keys: [current.jwk, old.jwk] }, URL)).status).toBe('valid');
  });

  it('tries each key for a token without a kid', async () => {
    const [first, second] = await Promise.all([key('a'), key('b')]);
    const token = await new SignJWT({ sub: 'c' }).setProtectedHeader({ alg: 'RS256' }).sign(second.privateKey);
    expect((await checkSignature(token, undefined, { keys: [first.jwk, second.jwk] }, URL)).status).toBe('valid');
  });

  it('says the kid is no longer published once the grace period is over', async () => {
    const [current, old] = await Promise.all([key('new'), key('old')]);
    const result = await checkSignature(await sign(old), 'old', { keys: [current.jwk] }, URL);
    expect(result.status).toBe('kid-not-published');
    expect(result.published).toEqual(['new']);
    expect(result.message).toMatch(/^Signed with key old, which the IdP no longer publishes: it rotated its signing keys/);
  });

  it('reports a signature that no published key verifies, and a document that is not a key set', async () => {
    const [published, impostor] = await Promise.all([key('k1'), key('k1')]);
    expect((await checkSignature(await sign(impostor), 'k1', { keys: [published.jwk] }, URL)).status).toBe('bad-signature');
    expect((await checkSignature(await sign(published), 'k1', { error: 'nope' }, URL)).status).toBe('unreadable-jwks');
  });
});
