/**
 * The gateway's session cookie, after lua-resty-session 4 as the Kong openid-connect plugin uses it
 * (shared/reference/vendors.md §6.4): client-side, encrypted (AES-256-GCM here), emitted as
 * `session=<value>; Path=/; SameSite=Lax; HttpOnly` with no Expires. Idle, rolling and absolute timeouts are
 * enforced on the server from timestamps inside the cookie, against the harness clock.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { lazy } from '../core/lazy';

export interface SessionTimeouts {
  idling: number;
  rolling: number;
  absolute: number;
}

/** The plugin defaults: 900 / 3600 / 86400 seconds (vendors.md §6.4). */
export const DEFAULT_TIMEOUTS: SessionTimeouts = { idling: 900, rolling: 3600, absolute: 86_400 };

export const COOKIE_NAME = 'session';

/** What a sealed cookie holds (the schema is built on first use). */
const payloadSchema = lazy(() =>
  z.object({
    /** Session id. */
    sid: z.string(),
    /** Audience: the strategy (API) the session was created for. */
    aud: z.string(),
    /** Subject: the credential that authenticated (the credential claim's value). */
    sub: z.string(),
    /** The access token the gateway forwards upstream. */
    at: z.string(),
    /** Created, last renewed (rolling), last used (idling), in epoch seconds. */
    iat: z.number(),
    rat: z.number(),
    lat: z.number(),
  }),
);

export type SessionPayload = z.infer<ReturnType<typeof payloadSchema>>;

export class SessionCodec {
  readonly #key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  seal(payload: SessionPayload): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** Undefined for anything that was not sealed by this codec (tampered, truncated, foreign). */
  open(value: string): SessionPayload | undefined {
    try {
      const bytes = Buffer.from(value, 'base64url');
      if (bytes.length < 29) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
      const parsed = payloadSchema().safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Whether a session is still alive at `now`; an expired one is simply "not found" (vendors.md §6.4). */
export function sessionAlive(session: SessionPayload, now: number, timeouts: SessionTimeouts): boolean {
  // A session "from the future" (made under a clock that was later moved back) is not alive either.
  if (now < session.iat || now < session.lat) return false;
  return now - session.lat < timeouts.idling && now - session.rat < timeouts.rolling && now - session.iat < timeouts.absolute;
}

/** lua-resty-session's attribute order: `name=value; Path=/; SameSite=Lax; [Secure;] HttpOnly`, no Expires. */
export function sessionCookie(value: string, secure: boolean): string {
  return `${COOKIE_NAME}=${value}; Path=/; SameSite=Lax${secure ? '; Secure' : ''}; HttpOnly`;
}
