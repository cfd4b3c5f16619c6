/**
 * The API console: one request to an API (e.g. the Konnect gateway) with one of the auth methods Konnect's
 * strategies offer (vendors.md §6): client credentials in a base64 Basic header, a bearer token, or only the
 * session cookie the gateway set earlier. Pure: builds the request and shapes the answer.
 */
import { basicAuthorization } from '../../shared/http/basic-auth';
import { isSecretKey, maskValue, REDACTED, redactText } from './redact';

export type ApiAuth = 'none' | 'client_credentials' | 'bearer' | 'session';

export interface ApiCall {
  url: string;
  method: string;
  auth: ApiAuth;
  profileId?: string;
  body?: string;
}

export interface ApiRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string; credentials: 'include' | 'omit' };
}

export interface ApiAnswer {
  status: number;
  headers: [string, string][];
  body: string;
  /** The body was longer and was cut to this many characters. */
  truncated: boolean;
  timeMs: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
export const MAX_BODY_CHARS = 64 * 1024;

/** Throws an Error naming the bad field. */
export function apiRequest(
  call: ApiCall,
  credentials: { clientId?: string; clientSecret?: string; accessToken?: string },
): ApiRequest {
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    throw new Error('url: enter an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('url: only http and https');
  const method = call.method.toUpperCase();
  if (!METHODS.has(method)) throw new Error(`method: ${call.method} is not an HTTP method`);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.auth === 'client_credentials') {
    if (!credentials.clientId || !credentials.clientSecret) throw new Error('auth: this profile has no client secret');
    // base64(id:secret), not the un-encoded `Basic id:secret` of Konnect's docs, which the gateway does not recognise.
    headers.authorization = basicAuthorization(credentials.clientId, credentials.clientSecret);
  }
  if (call.auth === 'bearer') {
    if (!credentials.accessToken) throw new Error('auth: get a token for this profile first');
    headers.authorization = `Bearer ${credentials.accessToken}`;
  }
  const hasBody = call.body !== undefined && call.body !== '' && method !== 'GET' && method !== 'HEAD';
  if (hasBody) headers['content-type'] = 'application/json';
  return {
    url: url.href,
    init: {
      method,
      headers,
      ...(hasBody && { body: call.body }),
      // The session cookie is sent (and a new one stored) only when the request says so.
      credentials: call.auth === 'none' ? 'omit' : 'include',
    },
  };
}

/** Characters read past the shown size, so a secret that straddles the cut is still recognised whole. */
const REDACTION_MARGIN = 4096;

/**
 * The answer as the popup shows it, secrets redacted: an echo API sends back the Authorization header it received,
 * a token endpoint its tokens. `known` are the secret values the extension holds (this call's credentials among them).
 * The body is cut to the shown size plus a margin first (redacting megabytes would block the service worker), then
 * redacted, then cut to size, so a secret across the cut is still caught whole.
 */
export function apiAnswer(status: number, headers: Headers, text: string, timeMs: number, known: string[] = []): ApiAnswer {
  const body = redactText(text.slice(0, MAX_BODY_CHARS + REDACTION_MARGIN), known);
  const truncated = text.length > MAX_BODY_CHARS || body.length > MAX_BODY_CHARS;
  return {
    status,
    headers: [...headers.entries()].map(([name, value]) => [name, isSecretKey(name) ? REDACTED : redactText(value, known)]),
    body: body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body,
    truncated,
    timeMs: Math.round(timeMs),
  };
}

/** A cookie as the popup shows it: the browser's fields, the value redacted unless the user asked to see it. */
export type CookieView = Omit<BrowserCookie, 'sameSite'> & {
  /** Always present here ("unspecified" when the browser gives none). */
  sameSite: string;
};

export type CookieFormat = 'json' | 'header' | 'netscape';

/** A cookie as the browser's cookies API gives it (the fields the popup uses). */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
  /** Epoch seconds; undefined for a session cookie (no Expires), as Kong's session cookie is. */
  expirationDate?: number;
}

/** What the popup shows and exports of a cookie: the value masked unless the user ticked "Include values". */
export function cookieView(cookie: BrowserCookie, reveal: boolean): CookieView {
  return {
    name: cookie.name,
    value: reveal ? cookie.value : maskValue(cookie.value),
    domain: cookie.domain,
    path: cookie.path,
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite: String(cookie.sameSite ?? 'unspecified'),
    ...(cookie.expirationDate !== undefined && { expirationDate: cookie.expirationDate }),
  };
}

/**
 * Cookies as JSON, a `Cookie:` header value, or Netscape cookies.txt (curl's `#HttpOnly_` prefix for HttpOnly,
 * expiry 0 for a session cookie). Values are whatever the caller passes: redacted unless the user asked.
 */
export function formatCookies(cookies: CookieView[], format: CookieFormat): string {
  if (format === 'json') return JSON.stringify(cookies, null, 2);
  if (format === 'header') return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const lines = cookies.map((c) =>
    [
      `${c.httpOnly ? '#HttpOnly_' : ''}${c.domain}`,
      c.domain.startsWith('.') ? 'TRUE' : 'FALSE',
      c.path,
      c.secure ? 'TRUE' : 'FALSE',
      String(Math.floor(c.expirationDate ?? 0)),
      c.name,
      c.value,
    ].join('\t'),
  );
  return ['# Netscape HTTP Cookie File', ...lines].join('\n');
}
