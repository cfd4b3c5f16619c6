/**
 * The API console: one request to an API (e.g. the Konnect gateway) with one of the auth methods Konnect's
 * strategies offer (vendors.md §6): client credentials in a base64 Basic header, a bearer token, or only the
 * session cookie the gateway set earlier. Pure: builds the request and shapes the answer.
 */
import { basicAuthorization } from '../../shared/http/basic-auth';
import { isSecretKey, maskValue, REDACTED, redactText } from './redact';
import type { AuthExplanation } from './www-authenticate';

export type ApiAuth = 'none' | 'client_credentials' | 'bearer' | 'session';

export interface ApiCall {
  url: string;
  method: string;
  auth: ApiAuth;
  profileId?: string;
  body?: string;
  /** The body's media type (default application/json); a JSON type is checked before sending. */
  contentType?: string;
  /** The user's own request headers, in order; blank rows are ignored. */
  headers?: [string, string][];
}

export interface ApiRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string; credentials: 'include' | 'omit'; redirect: 'manual' };
}

export interface ApiAnswer {
  status: number;
  headers: [string, string][];
  body: string;
  /** The body was longer and was cut to this many characters. */
  truncated: boolean;
  timeMs: number;
  /** The status's reason phrase (http-status.ts), computed in the background so the popup bundle stays small. */
  reason?: string;
  /** A 401/403 said in words (www-authenticate.ts). */
  explanation?: AuthExplanation;
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
  const hasBody = call.body !== undefined && call.body !== '';
  if (hasBody && (method === 'GET' || method === 'HEAD')) {
    throw new Error(`body: a ${method} request cannot carry a body; choose POST, PUT, PATCH or DELETE, or empty the body`);
  }
  const contentType = hasBody ? bodyContentType(call) : undefined;
  const headers: Record<string, string> = { accept: 'application/json', ...userHeaders(call, hasBody) };
  if (call.auth === 'client_credentials') {
    if (!credentials.clientId || !credentials.clientSecret) throw new Error('auth: this profile has no client secret');
    // base64(id:secret), not the un-encoded `Basic id:secret` of Konnect's docs, which the gateway does not recognise.
    headers.authorization = basicAuthorization(credentials.clientId, credentials.clientSecret);
  }
  if (call.auth === 'bearer') {
    if (!credentials.accessToken) throw new Error('auth: get a token for this profile first');
    headers.authorization = `Bearer ${credentials.accessToken}`;
  }
  if (contentType) headers['content-type'] = contentType;
  return {
    url: url.href,
    init: {
      method,
      headers,
      ...(hasBody && { body: call.body }),
      // The session cookie is sent (and a new one stored) only when the request says so.
      credentials: call.auth === 'none' ? 'omit' : 'include',
      // Never followed: the credentials chosen (and the user's own secret headers) go to this origin only.
      redirect: 'manual',
    },
  };
}

/**
 * Header names a page may not set: the browser drops them from fetch silently, so they are refused with a reason
 * instead. The Fetch standard's list, https://fetch.spec.whatwg.org/#forbidden-request-header (plus any name starting
 * with `proxy-` or `sec-`).
 */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);
/** RFC 9110 §5.6.2 `token`: what a field name may be made of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §8.3.1 `type "/" subtype`, optionally followed by parameters. */
const MEDIA_TYPE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*(;.*)?$/;
/** Each auth method as the console's select names it (and its messages quote it). */
export const AUTH_NAMES: Record<ApiAuth, string> = {
  none: 'No credentials',
  client_credentials: 'Client credentials (Basic, base64)',
  bearer: 'Bearer token',
  session: 'Session cookie only',
};

/** The user's headers, checked; throws an Error naming the field and the header. */
function userHeaders(call: ApiCall, hasBody: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of call.headers ?? []) {
    const name = rawName.trim();
    const value = rawValue.trim();
    if (name === '' && value === '') continue;
    if (name === '') throw new Error(`headers: a header with the value "${value.slice(0, 20)}" has no name`);
    if (!HEADER_NAME.test(name)) {
      throw new Error(`headers: "${name}" is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only, no spaces or colons)`);
    }
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      throw new Error(
        'headers: Cookie is set by the browser, not by a page; choose "Session cookie only" to send the cookie jar',
      );
    }
    if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) {
      throw new Error(`headers: ${name} is set by the browser itself; a page may not set it (Fetch standard)`);
    }
    if (/[\r\n\0]/.test(value)) throw new Error(`headers: the value of ${name} has a line break or NUL`);
    if (lower === 'authorization' && (call.auth === 'client_credentials' || call.auth === 'bearer')) {
      throw new Error(
        `headers: Authorization is set by the auth method (${AUTH_NAMES[call.auth]}); choose "No credentials" to send your own`,
      );
    }
    if (lower === 'content-type' && hasBody) throw new Error("headers: Content-Type is set by the body's content type field");
    if (lower in out) throw new Error(`headers: ${name} is given twice`);
    out[lower] = value;
  }
  return out;
}

/** The body's content type, checked; a JSON body is parsed first so its mistake is named before anything is sent. */
function bodyContentType(call: ApiCall): string {
  const type = call.contentType?.trim() || 'application/json';
  if (!MEDIA_TYPE.test(type)) throw new Error(`body: "${type}" is not a content type (type/subtype, e.g. application/json)`);
  if (isJsonType(type)) {
    try {
      JSON.parse(call.body ?? '');
    } catch (error) {
      throw new Error(`body: not valid JSON: ${(error as Error).message}`);
    }
  }
  return type;
}

/** application/json and the +json types (RFC 6839 §3.1). */
export function isJsonType(type: string): boolean {
  const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}

/** Values of the user's headers that name a secret (Authorization, X-API-Key…): redacted in the answer too. */
export function userHeaderSecrets(call: ApiCall): string[] {
  return (call.headers ?? [])
    .filter(([name, value]) => value.trim() !== '' && isSecretKey(name.trim()))
    .flatMap(([, value]) => {
      const v = value.trim();
      const credential = v.replace(/^[A-Za-z][\w-]*\s+/, '');
      return credential !== v ? [v, credential] : [v];
    });
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
