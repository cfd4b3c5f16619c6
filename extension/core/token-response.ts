/**
 * Turns a token endpoint's response into a token or an explained error. Entra v1 sends every number as a string;
 * Curity spells the token type in lower case; Auth0 and Okta add `scope`. Pure: the clock is a parameter.
 */
import type { VendorId } from '../../shared/vendors';
import { explainError } from './explain';
import { type DecodedJwt, decodeJwt } from './jwt';

export interface Token {
  accessToken: string;
  tokenType: string;
  /** Seconds, as a number whatever the vendor sent. */
  expiresIn: number;
  /** Epoch milliseconds. */
  obtainedAt: number;
  expiresAt: number;
  scope?: string;
  decoded?: DecodedJwt;
}

export interface TokenError {
  status: number;
  error?: string;
  description?: string;
  /** Plain words: what went wrong and what to change. */
  explanation: string;
  /** Seconds, from Retry-After, when the IdP asked to wait. */
  retryAfter?: number;
  /** The body as received (text), for the "raw" view. */
  raw: string;
}

export type TokenResult = { ok: true; token: Token } | { ok: false; error: TokenError };

export interface TokenResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function processTokenResponse(vendor: VendorId, response: TokenResponse, now: number): TokenResult {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(response.text);
    body =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  const failure = (explanation?: string): TokenResult => {
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), now);
    return {
      ok: false,
      error: {
        status: response.status,
        ...(typeof body?.error === 'string' && { error: body.error }),
        ...(typeof body?.error_description === 'string' && { description: body.error_description }),
        explanation: explanation ?? explainError(vendor, response.status, body),
        ...(retryAfter !== undefined && { retryAfter }),
        raw: response.text,
      },
    };
  };
  if (response.status !== 200) return failure();
  if (!body) return failure('The token endpoint answered 200 with a body that is not JSON.');
  const accessToken = body.access_token;
  const expiresIn = Number(body.expires_in);
  if (typeof accessToken !== 'string' || accessToken === '') return failure('The response has no access_token.');
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) return failure('The response has no usable expires_in.');
  const decoded = decodeJwt(accessToken);
  return {
    ok: true,
    token: {
      accessToken,
      tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
      expiresIn,
      obtainedAt: now,
      expiresAt: now + expiresIn * 1000,
      ...(typeof body.scope === 'string' && { scope: body.scope }),
      ...(decoded && { decoded }),
    },
  };
}

/** When to fetch a new token: a minute before expiry, or at 90% of a short lifetime. */
export function refreshAt(token: Token): number {
  const lifetime = token.expiresAt - token.obtainedAt;
  return token.expiresAt - Math.min(60_000, lifetime * 0.1);
}
