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
  for (const name in headers) out[name] = redactHeader(name, headers[name]);
  return out;
}

/**
 * JSON members whose string value is a secret, wherever they sit (`code` is not one: in JSON it is an error code,
 * Graph's `error.code`; authorization codes travel in forms, which core/recorder.ts's parameter list covers) (Okta's `credentials.oauthClient.client_secret`,
 * Graph's `secretText`, the portal's `credentials.client_secret`, the bridge's and Okta's keys).
 */
const SECRET_MEMBER =
  /"(client_secret|clientSecret|secretText|password|refresh_token|registration_access_token|access_token|id_token|token|api_key|apiKey|apiToken|client_assertion|assertion|subject_token|actor_token|code_verifier|initial_access_token)"(\s*:\s*)"([^"\\]*(?:\\.[^"\\]*)*)"/g;
/** Members whose value may be an issued JWT (shown without its signature); every other secret member goes whole. */
const TOKEN_MEMBERS = new Set(['access_token', 'id_token']);

/** A JWT (`eyJ…` header, three parts) without its signature (still decodable, no longer usable); else the marker. */
function redactValue(name: string, value: string): string {
  const sig = value.lastIndexOf('.');
  if (!TOKEN_MEMBERS.has(name) || !value.startsWith('eyJ') || sig === -1 || value.indexOf('.') === sig) return REDACTED;
  return `${value.slice(0, sig)}.${REDACTED}`;
}

/** JSON text (or any text) with secret members redacted, then cut to BODY_LIMIT. */
export function redactJsonText(text: string): string {
  const redacted =
    text.indexOf('"') === -1
      ? text
      : text.replace(
          SECRET_MEMBER,
          (_m, name: string, sep: string, value: string) => `"${name}"${sep}"${redactValue(name, value)}"`,
        );
  return redacted.length > BODY_LIMIT
    ? `${redacted.slice(0, BODY_LIMIT)}… [${redacted.length - BODY_LIMIT} more characters]`
    : redacted;
}
