import { exportJWK, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, JwtSigner, KeyRing, type SigningKey } from '../../../../mock-idp/core/keys';

describe('signing keys', () => {
  it('shapes kids per vendor style: RFC 7638 SHA-256, SHA-1 (27 chars) and signed 32-bit numbers', async () => {
    expect((await generateSigningKey('sha256-thumbprint')).kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await generateSigningKey('sha1-thumbprint')).kid).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect((await generateSigningKey('numeric')).kid).toMatch(/^-?\d{1,10}$/);
  });

  it('computes the RFC 7638 thumbprint jose computes', async () => {
    const key = await generateSigningKey('sha256-thumbprint');
    const { calculateJwkThumbprint } = await import('jose');
    expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'));
  });

  it('signs compact JWS that jose verifies with the public JWK', async () => {
    const key = await generateSigningKey('sha256-thumbprint');
    const signer = new JwtSigner(key, { alg: 'RS256', typ: 'JWT', kid: key.kid });
    const token = signer.sign({ sub: 'x', n: 1 });
    const publicKey = await importJWK({ ...key.publicJwk, alg: 'RS256' });
    const { payload, protectedHeader } = await jwtVerify(token, publicKey);
    expect(payload).toEqual({ sub: 'x', n: 1 });
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: key.kid });
    expect(await exportJWK(publicKey)).toMatchObject({ n: key.publicJwk.n, e: 'AQAB' });
  });
});

describe('a key ring that makes its key on first need', () => {
  const now = () => 1_000;

  it('makes the key once, however many callers wait for it, and publishes nothing before', async () => {
    let made = 0;
    const ring = new KeyRing(async () => {
      made += 1;
      return generateSigningKey('numeric');
    }, now);
    expect(ring.isReady).toBe(false);
    expect(ring.published()).toEqual([]);
    expect(() => ring.current).toThrow('not made yet');
    await Promise.all([ring.ready(), ring.ready(), ring.ready()]);
    expect(made).toBe(1);
    expect(ring.isReady).toBe(true);
    expect(ring.published()).toEqual([ring.current]);
  });

  it('tries again after a failed attempt', async () => {
    let attempts = 0;
    const ring = new KeyRing(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('no entropy today');
      return generateSigningKey('numeric');
    }, now);
    await expect(ring.ready()).rejects.toThrow('no entropy today');
    await ring.ready();
    expect(attempts).toBe(2);
    expect(ring.current.kid).toMatch(/^-?\d+$/);
  });

  it('keeps a key rotated in while the first one was being made', async () => {
    let release: (key: SigningKey) => void = () => {};
    const ring = new KeyRing(() => new Promise<SigningKey>((resolve) => (release = resolve)), now);
    const waiting = ring.ready();
    const rotated = await generateSigningKey('numeric');
    ring.rotate(rotated, 60);
    release(await generateSigningKey('numeric'));
    await waiting;
    expect(ring.current).toBe(rotated);
    expect(ring.published()).toEqual([rotated]);
  });
});
