/**
 * Signing keys. Each tenant has its own RSA-2048 key, imported once and kept as a KeyObject: re-importing a key
 * for every token costs more than the signature itself (shared/reference/mock-idp-anchors.md §5.2).
 */

import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject, sign, verify } from 'node:crypto';
import { promisify } from 'node:util';
import { MemoryStore, type StoreMap } from './store';

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

const pems = new WeakMap<SigningKey, string>();

/** PKCS #8 PEM, the form `--data` keeps keys in (exported once per key: every save writes every tenant's keys). */
export function exportPrivateKey(key: SigningKey): string {
  let pem = pems.get(key);
  if (pem === undefined) {
    pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    pems.set(key, pem);
  }
  return pem;
}

export function importSigningKey(pem: string, kidStyle: KidStyle): SigningKey {
  const privateKey = createPrivateKey(pem);
  const key = signingKeyFrom(privateKey, createPublicKey(privateKey), kidStyle);
  pems.set(key, pem);
  return key;
}

/** The `kid` in a compact JWS header, when there is one. */
export function jwtKid(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.', 1)[0] ?? '', 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
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

export interface RetiredKey {
  key: SigningKey;
  /** Epoch milliseconds (harness clock) when the key leaves the JWKS. */
  until: number;
}

export interface KeyRingSnapshot {
  current: string;
  retired: { pem: string; until: number }[];
}

/** What the store keeps of a ring: PKCS #8 PEMs, so any process (or a restart) can load the same keys. */
export interface KeyRingRecord {
  current?: string;
  retired: { pem: string; until: number }[];
}

/**
 * A tenant's keys: the one it signs with, and retired ones that stay published in its JWKS for a grace period
 * after a rotation (what Entra, Okta and Auth0 do: the old `kid` keeps verifying while caches catch up).
 * Grace periods run on the harness clock, so a test can advance past them.
 *
 * The ring's record lives in the harness store as PEMs (`tenant/<id>/keys`); each PEM is turned into a KeyObject
 * once per process and kept, so the token path reads two maps and signs. A key is made once: the first key is
 * written only if the record has none yet (create-if-absent), so processes sharing a store share one key.
 *
 * A ring can start without its key and make it on first need (`ready()`): RSA-2048 generation is most of a
 * harness's first start, and the CLI (`keysOnFirstUse`) should not wait for four keys before its first token.
 * A step in every tenant route waits for `ready()`, so `current` is only read once the key exists.
 *
 * A shared store that loses its data puts the record back from a replica (the map is made with `restore: true`,
 * start/tenants.ts), so current and retired keys survive it and tokens issued before keep verifying.
 */
export class KeyRing {
  /** The key this process offers when the record has none: given, or made on first need (once). */
  #own: Promise<SigningKey> | undefined;
  readonly #make: (() => Promise<SigningKey>) | undefined;
  #making: Promise<void> | undefined;
  /** KeyObjects by PEM, made once per process. */
  readonly #loaded = new Map<string, SigningKey>();

  constructor(
    key: SigningKey | (() => Promise<SigningKey>),
    private readonly now: () => number,
    private readonly record: StoreMap<KeyRingRecord> = new MemoryStore().map('keys'),
    /** How a key written by another process is given its kid. */
    private readonly kidStyle: KidStyle = 'sha256-thumbprint',
  ) {
    if (typeof key === 'function') this.#make = key;
    else {
      this.#own = Promise.resolve(key);
      // Adopted at once (a failure, e.g. the store unreachable, is retried by the next ready()).
      this.ready().catch(() => undefined);
    }
  }

  #state(): KeyRingRecord {
    return this.record.get('ring') ?? { retired: [] };
  }

  #pem(key: SigningKey): string {
    const pem = exportPrivateKey(key);
    this.#loaded.set(pem, key);
    return pem;
  }

  #key(pem: string): SigningKey {
    let key = this.#loaded.get(pem);
    if (!key) {
      key = importSigningKey(pem, this.kidStyle);
      this.#loaded.set(pem, key);
    }
    return key;
  }

  /**
   * Makes `pem` the current key unless the ring already has one (a rotation, or another process, came first): a
   * create-if-absent on a new record, a compare-and-set on one that holds only retired keys.
   */
  async #adopt(pem: string): Promise<void> {
    for (;;) {
      const state = this.record.get('ring');
      if (state?.current !== undefined) return;
      const written =
        state === undefined
          ? await this.record.setIfAbsent('ring', { current: pem, retired: [] })
          : await this.record.compareAndSet('ring', state, { ...state, current: pem });
      if (written) return;
    }
  }

  /** The PEM this process offers a record without a current key: its own key (made once). */
  async #offer(): Promise<string> {
    const make = this.#make;
    this.#own ??= make
      ? make().catch((error: unknown) => {
          this.#own = undefined;
          throw error;
        })
      : undefined;
    if (this.#own === undefined) throw new Error('KeyRing: no key to offer');
    return this.#pem(await this.#own);
  }

  /** True once the ring has a key to sign with. */
  get isReady(): boolean {
    return this.#state().current !== undefined;
  }

  /**
   * Resolves when the ring has a key, making it now if nobody has yet. One attempt at a time; a failed one (the store
   * unreachable) leaves the next call to try again.
   */
  ready(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    this.#making ??= this.#offer()
      // A rotation while the first key was being made wins (the made key was never published).
      .then((pem) => this.#adopt(pem))
      .finally(() => {
        this.#making = undefined;
      });
    return this.#making;
  }

  get current(): SigningKey {
    const pem = this.#state().current;
    if (pem === undefined) throw new Error('KeyRing: the signing key is not made yet (await ready() first)');
    return this.#key(pem);
  }

  /** The keys a JWKS lists: the current one first, then retired keys still in their grace period. */
  published(): SigningKey[] {
    const now = this.now();
    const { current, retired } = this.#state();
    const live = retired.filter((r) => r.until > now).map((r) => this.#key(r.pem));
    return current === undefined ? live : [this.#key(current), ...live];
  }

  /** A published key by kid (retired keys past their grace period are gone). */
  find(kid: string | undefined): SigningKey | undefined {
    return kid === undefined ? undefined : this.published().find((k) => k.kid === kid);
  }

  /** Signs with `next` from now on; the current key stays published for `graceSeconds` (0 drops it at once). */
  rotate(next: SigningKey, graceSeconds: number): void {
    const now = this.now();
    const { current, retired } = this.#state();
    const previous = current === undefined ? [] : [{ pem: current, until: now + graceSeconds * 1000 }];
    this.record.set('ring', { current: this.#pem(next), retired: [...previous, ...retired].filter((r) => r.until > now) });
  }

  snapshot(): KeyRingSnapshot {
    const { current, retired } = this.#state();
    if (current === undefined) throw new Error('KeyRing: the signing key is not made yet (await ready() first)');
    return { current, retired: retired.map((r) => ({ ...r })) };
  }

  restoreRetired(retired: RetiredKey[]): void {
    this.record.set('ring', { ...this.#state(), retired: retired.map((r) => ({ pem: this.#pem(r.key), until: r.until })) });
  }
}

/** Verifies a token against whichever published key its header names. */
export function verifyWithRing(ring: KeyRing, token: string): Record<string, unknown> | undefined {
  const key = ring.find(jwtKid(token));
  return key && verifyJwt(key, token);
}

/** A JwtSigner that follows the ring's current key (rebuilt once per rotation, checked by identity per token). */
export class RingSigner {
  #signer: JwtSigner | undefined;

  constructor(
    private readonly ring: KeyRing,
    private readonly header: (key: SigningKey) => Record<string, string>,
  ) {}

  sign(payload: object): string {
    const key = this.ring.current;
    if (this.#signer?.key !== key) this.#signer = new JwtSigner(key, this.header(key));
    return this.#signer.sign(payload);
  }
}
