/**
 * Signing keys. Each tenant has its own RSA-2048 key, imported once and kept as a KeyObject: re-importing a key
 * for every token costs more than the signature itself (../shared/reference/mock-idp-anchors.md §5.2).
 */
import { createHash, generateKeyPair, type KeyObject, sign, verify } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** How a vendor shapes its key ids; see the vendor's folder for the source of each style. */
export type KidStyle = 'sha256-thumbprint' | 'sha1-thumbprint' | 'numeric';

export interface PublicRsaJwk {
  kty: 'RSA';
  n: string;
  e: string;
}

export interface SigningKey {
  kid: string;
  alg: 'RS256';
  privateKey: KeyObject;
  publicJwk: PublicRsaJwk;
  /** base64url SHA-1 of the public key: stands in for a certificate thumbprint (x5t). */
  sha1Thumbprint: string;
}

export async function generateSigningKey(kidStyle: KidStyle): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  return signingKeyFrom(privateKey, publicKey, kidStyle);
}

export function signingKeyFrom(privateKey: KeyObject, publicKey: KeyObject, kidStyle: KidStyle): SigningKey {
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const publicJwk: PublicRsaJwk = { kty: 'RSA', n: jwk.n, e: jwk.e };
  // RFC 7638: the thumbprint input has the required members in lexicographic order.
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  const sha256 = createHash('sha256').update(canonical).digest();
  const sha1Thumbprint = createHash('sha1').update(canonical).digest('base64url');
  const kid =
    kidStyle === 'sha256-thumbprint'
      ? sha256.toString('base64url')
      : kidStyle === 'sha1-thumbprint'
        ? sha1Thumbprint
        : String(sha256.readInt32BE(0));
  return { kid, alg: 'RS256', privateKey, publicJwk, sha1Thumbprint };
}

/**
 * Verifies an RS256 compact JWS made with `key` and returns its payload; undefined for anything else (malformed,
 * another key, tampered). Claims (iss, aud, exp) are the caller's to check, against the harness clock.
 */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature || token.split('.').length !== 3) return undefined;
  try {
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), key.privateKey, Buffer.from(signature, 'base64url')))
      return undefined;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A compact JWS (RFC 7515) with RS256. The header is serialised once per signer; the signature uses the
 * cached KeyObject synchronously, which keeps the token path free of promise and WebCrypto overhead.
 */
export class JwtSigner {
  readonly #encodedHeader: string;

  constructor(
    readonly key: SigningKey,
    header: Readonly<Record<string, string>>,
  ) {
    this.#encodedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
  }

  sign(payload: object): string {
    const input = `${this.#encodedHeader}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.key.privateKey).toString('base64url')}`;
  }
}
