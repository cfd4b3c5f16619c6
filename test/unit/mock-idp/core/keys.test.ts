import { exportJWK, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, JwtSigner } from '../../../../mock-idp/core/keys';

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
