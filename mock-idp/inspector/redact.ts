/**
 * What the traffic feed keeps of a request and its response, with every secret replaced when recorded, never later
 * (the rule of core/recorder.ts, whose parameter list and marker this reuses): client secrets, passwords, API keys,
 * Authorization and cookie values, registration access tokens, refresh and opaque tokens.
 *
 * Issued JWTs keep their header and claims but lose their signature (`<header>.<claims>.[redacted]`): the inspector
 * can show what a token says (the issue asks for the decoded claims), while nothing in the feed can be replayed
 * against the gateway or a resource server, which check the signature.
 */
import { REDACTED, redactParams } from '../core/recorder';

export { redactParams };

/** Bodies longer than this are cut (after redaction) so one large request cannot fill the feed. */
export const BODY_LIMIT = 16 * 1024;

/** Headers whose whole value is a credential (`Authorization` keeps its scheme: "Basic [redacted]"). */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-okta-api-token']);

/** One header value with its secret parts redacted. */
export function redactHeader(name: string, value: string | string[] | number | undefined): string {
  // Set-Cookie: each cookie's own value goes; its attributes (Path, HttpOnly, SameSite) say how it is kept.
  if (name === 'set-cookie')
    return (Array.isArray(value) ? value : [String(value ?? '')])
      .map((c) => c.replace(/^([^=;]+)=[^;]*/, `$1=${REDACTED}`))
      .join(', ');
  const text = Array.isArray(value) ? value.join(', ') : String(value ?? '');
  if (SECRET_HEADERS.has(name)) {
    const scheme = /^([A-Za-z][\w-]*)\s+\S/.exec(text)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  // Cookie names say which session it is; their values are the session.
  if (name === 'cookie') return text.replace(/(^|;\s*)([^=;\s]+)=[^;]*/g, `$1$2=${REDACTED}`);
  return text;
}

export function redactHeaders(headers: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name] = cut(redactHeader(name, headers[name]));
  return out;
}

/**
 * JSON members whose string value is a secret, at any depth (`code` is not one: in JSON it is an error code, Graph's
 * `error.code`; authorization codes travel in forms, which core/recorder.ts's parameter list covers): Okta's
 * `credentials.oauthClient.client_secret`, Graph's `secretText`, the portal's `credentials.client_secret`, the
 * bridge's and Okta's keys, and the parameters a gateway echoes back in `query`.
 */
const SECRET_MEMBERS = new Set([
  'client_secret',
  'clientSecret',
  'secretText',
  'password',
  'refresh_token',
  'registration_access_token',
  'access_token',
  'id_token',
  'token',
  'api_key',
  'apiKey',
  'apiToken',
  'client_assertion',
  'assertion',
  'subject_token',
  'actor_token',
  'code_verifier',
  'initial_access_token',
]);
/** Members whose value may be an issued JWT (shown without its signature); every other secret member goes whole. */
const TOKEN_MEMBERS = new Set(['access_token', 'id_token']);
/** Members named like a header carrying a credential: a gateway's echo of the request (`headers.authorization`). */
const HEADER_MEMBERS = new Set([...SECRET_HEADERS, 'cookie', 'set-cookie']);
/** A JWT anywhere in a string: its signature goes (`eyJ…header.claims` stay decodable, unusable). */
const JWT = /(eyJ[\w-]*\.[\w-]*)\.[\w-]+/g;
/** A whole string that is a form body (`a=b&c=d`), as a gateway echoes a request's raw body. */
const FORM = /^[\w.%[\]-]+=[^&\s]*(?:&[\w.%[\]-]+=[^&\s]*)+$|^[\w.%[\]-]+=[^&\s]+$/;

/** A JWT (`eyJ…` header, three parts) without its signature (still decodable, no longer usable); else the marker. */
function redactValue(name: string, value: string): string {
  const sig = value.lastIndexOf('.');
  if (!TOKEN_MEMBERS.has(name) || !value.startsWith('eyJ') || sig === -1 || value.indexOf('.') === sig) return REDACTED;
  return `${value.slice(0, sig)}.${REDACTED}`;
}

/** A string member: by its name, else by what it holds (JSON or a form inside a string, a JWT in a sentence). */
function redactString(name: string, value: string, depth: number): string {
  if (SECRET_MEMBERS.has(name)) return redactValue(name, value);
  const lower = name.toLowerCase();
  if (HEADER_MEMBERS.has(lower)) return redactHeader(lower, value);
  const first = value.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.stringify(redactDeep(JSON.parse(value), '', depth + 1));
    } catch {
      // not JSON after all: treated as text below
    }
  }
  if (FORM.test(value)) return new URLSearchParams(redactParams(Object.fromEntries(new URLSearchParams(value)))).toString();
  return value.replace(JWT, `$1.${REDACTED}`);
}

/** A parsed JSON value with every secret redacted, at any depth (bounded: a body nests at most 32 levels). */
function redactDeep(value: unknown, name: string, depth: number): unknown {
  if (depth > 40) return REDACTED;
  if (typeof value === 'string') return redactString(name, value, depth);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, name, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, key, depth + 1);
    return out;
  }
  return value;
}

/** Cut to BODY_LIMIT, saying how much went. */
export function cut(text: string): string {
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}… [${text.length - BODY_LIMIT} more characters]` : text;
}

/**
 * A body (JSON, a form, or any text) with every secret redacted, then cut to BODY_LIMIT. JSON is parsed and walked,
 * not pattern-matched: a gateway echoes the request back (`"headers": {"authorization": "Bearer …"}`, the raw form
 * body as a string, the query as an object), and every one of those is a secret in another shape.
 */
export function redactJsonText(text: string): string {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return cut(JSON.stringify(redactDeep(JSON.parse(text), '', 0)));
    } catch {
      // not JSON: treated as text
    }
  }
  return cut(redactString('', text, 0));
}

/** SECRET_MEMBERS as a pattern over JSON text: `"name": "value"` (escaped quotes inside the value included). */
const SECRET_MEMBER_TEXT = new RegExp(`"(${[...SECRET_MEMBERS].join('|')})"(\\s*:\\s*)"([^"\\\\]*(?:\\\\.[^"\\\\]*)*)"`, 'g');

/**
 * A token endpoint's own response (the harness wrote it, from no request data: nothing echoed), redacted by member
 * name over the text: the token path's cheaper twin of redactJsonText, which parses and walks the JSON.
 */
export function redactTokenResponse(text: string): string {
  return cut(
    text.replace(
      SECRET_MEMBER_TEXT,
      (_m, name: string, sep: string, value: string) => `"${name}"${sep}"${redactValue(name, value)}"`,
    ),
  );
}

/** Form parameters redacted (core/recorder.ts's list), each value cut so one large form cannot fill the feed. */
export function redactForm(params: Readonly<Record<string, string>>): Record<string, string> {
  const out = redactParams(params);
  for (const name in out) out[name] = cut(out[name] as string);
  return out;
}
