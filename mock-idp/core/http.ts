/**
 * Request and response plumbing shared by every vendor: reading a size-limited body, parsing form and JSON
 * parameters strictly (duplicates, bad UTF-8 and non-string values are reported, never guessed), pulling client
 * credentials out of a request, and writing JSON with exact headers.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import getRawBody from 'raw-body';

/** Token and registration requests are small; anything bigger is refused before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export type BodyProblem =
  | 'too_large'
  | 'too_deep'
  | 'invalid_utf8'
  | 'malformed_json'
  | 'not_an_object'
  | 'non_string_value'
  | 'unreadable';

/**
 * No request the harness serves nests JSON deeper than a few levels; deeper bodies are refused before anything
 * stringifies or stores them (10,000 nested arrays parse fine but overflow the stack when written back out).
 */
export const JSON_DEPTH_LIMIT = 32;

/** Refuses JSON nested deeper than JSON_DEPTH_LIMIT (walked iteratively, so the check itself cannot overflow). */
function assertShallow(value: unknown): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > JSON_DEPTH_LIMIT) throw new BodyError('too_deep');
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
}

export class BodyError extends Error {
  constructor(readonly problem: BodyProblem) {
    super(`request body: ${problem}`);
  }
}

export type MediaType = 'form' | 'json' | 'none' | 'other';

export function mediaType(ctx: Context): MediaType {
  const header = ctx.get('content-type');
  if (!header) return 'none';
  const type = header.split(';', 1)[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type === 'application/json' || (type?.startsWith('application/') && type.endsWith('+json'))) return 'json';
  return 'other';
}

export async function readBody(ctx: Context, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
  try {
    const bytes = await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
    // Kept by reference for the inspector's traffic feed, which redacts what it shows (inspector/record.ts).
    (ctx.state as { rawBody?: Buffer }).rawBody = bytes;
    return bytes;
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') throw new BodyError('too_large');
    throw new BodyError('unreadable');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BodyError('invalid_utf8');
  }
}

export interface Params {
  /** Single-valued parameters (the first value of a repeated one). */
  values: Record<string, string>;
  /** Names that appeared more than once (RFC 6749 §3.2: "MUST NOT be included more than once"). */
  repeated: string[];
}

export function parseForm(bytes: Uint8Array): Params {
  const text = decodeUtf8(bytes);
  const values: Record<string, string> = Object.create(null);
  const repeated: string[] = [];
  for (const [name, value] of new URLSearchParams(text)) {
    if (name in values) {
      if (!repeated.includes(name)) repeated.push(name);
    } else values[name] = value;
  }
  // Percent-decoding may itself produce U+FFFD from invalid sequences such as %FF.
  if (!text.includes('\uFFFD'))
    for (const [name, value] of Object.entries(values))
      if (name.includes('\uFFFD') || value.includes('\uFFFD')) throw new BodyError('invalid_utf8');
  return { values, repeated };
}

/**
 * The body as a JSON object, for the management APIs. An empty body is `{}` when `empty` says so (Graph's
 * addPassword, the bridge's new-secret), else `not_an_object`. Each error boundary maps BodyError to its dialect.
 */
export async function readJsonObject(
  ctx: Context,
  { empty = 'error' }: { empty?: 'object' | 'error' } = {},
): Promise<Record<string, unknown>> {
  const bytes = await readBody(ctx);
  if (bytes.length === 0) {
    if (empty === 'object') return {};
    throw new BodyError('not_an_object');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes));
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError('malformed_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError('not_an_object');
  assertShallow(parsed);
  return parsed as Record<string, unknown>;
}

/** A JSON object whose values are strings (numbers and booleans are refused, as Auth0's validator does). */
export function parseJsonParams(bytes: Uint8Array): Params {
  const text = decodeUtf8(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyError('malformed_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError('not_an_object');
  const values: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') throw new BodyError('non_string_value');
    values[name] = value;
  }
  return { values, repeated: [] };
}

/** Where the client's credentials came from, and whether they could be read at all. */
export type ClientCredentials =
  | { method: 'client_secret_basic' | 'client_secret_post'; clientId: string; clientSecret: string }
  | { method: 'none'; clientId: string | undefined }
  | { method: 'multiple'; clientId: string | undefined }
  | { method: 'malformed_basic'; clientId: undefined };

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * RFC 6749 §2.3.1: Basic credentials are `base64(urlencode(id) ":" urlencode(secret))`. Many clients skip the
 * URL-encoding; the raw value is kept alongside so `secretMatches` can accept either form.
 */
export function clientCredentials(authorization: string | undefined, body: Record<string, string>): ClientCredentials {
  const bodyId = body.client_id;
  const bodySecret = body.client_secret;
  if (authorization && /^basic /i.test(authorization)) {
    const encoded = authorization.slice(6).trim();
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0) return { method: 'malformed_basic', clientId: undefined };
    if (bodySecret !== undefined) return { method: 'multiple', clientId: bodyId };
    const rawId = decoded.slice(0, colon);
    const rawSecret = decoded.slice(colon + 1);
    return {
      method: 'client_secret_basic',
      clientId: formDecode(rawId) ?? rawId,
      clientSecret: rawSecret,
    };
  }
  if (bodyId !== undefined && bodySecret !== undefined) {
    return { method: 'client_secret_post', clientId: bodyId, clientSecret: bodySecret };
  }
  return { method: 'none', clientId: bodyId };
}

/** Constant-time string comparison (length is not hidden; secrets here are not length-secret). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Constant-time comparison; a Basic secret may arrive URL-encoded (per RFC 6749) or raw. */
export function secretMatches(expected: string, given: ClientCredentials): boolean {
  // A client without a secret (a public client, token_endpoint_auth_method "none") never matches one.
  if (!expected) return false;
  if (given.method !== 'client_secret_basic' && given.method !== 'client_secret_post') return false;
  if (safeEqual(expected, given.clientSecret)) return true;
  if (given.method === 'client_secret_basic') {
    const decoded = formDecode(given.clientSecret);
    return decoded !== undefined && decoded !== given.clientSecret && safeEqual(expected, decoded);
  }
  return false;
}

export type HeaderSet = Readonly<Record<string, string>>;

/** Writes a JSON body with exactly these headers (no charset is added unless the content type says so). */
export function sendJson(ctx: Context, status: number, body: unknown, headers: HeaderSet): void {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = JSON.stringify(body);
}
