/**
 * Shared machinery for the property-based fuzz tests (issue 6, part 3: "Bad input").
 *
 * - `send` writes a request with node:http: any method, any header value Node lets through, a Buffer body with or
 *   without Content-Length (chunked), so bytes fetch() would refuse (invalid UTF-8, 10k-deep JSON, > 64 KiB) reach
 *   the harness. A request that gets no answer within 10 s fails as a hang.
 * - Generated requests are plain data (`Req`, with a `BodySpec` instead of bytes), so fast-check prints a short,
 *   readable counterexample; `describeReq` turns one into a reproduction for the failure message.
 * - One check per error dialect, written from the renderers in mock-idp (errors/render.ts, the vendor folders,
 *   portal/, gateway/, control/, app.ts) and from oidc-provider for Curity's RFC 7591/7592 endpoints.
 * - `fuzz` runs a property, then asks every tenant for a token with its demo client (test/helpers/vendor-requests.ts)
 *   and checks that the portal and the gateway still answer: a property that passes but leaves the harness broken
 *   fails too.
 *
 * Knobs: FUZZ_RUNS_SCALE multiplies every numRuns (e.g. 10 for a long local run); FUZZ_SEED and FUZZ_PATH replay the
 * seed and path fast-check prints with a failure (run one test with -t when replaying); FUZZ_STATS=1 prints, per
 * test, how many answers had each status (to see that a property reaches the success paths, not only the errors).
 */
import { request as httpRequest, type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Harness } from '../../mock-idp/harness';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { postForm } from '../helpers/http';
import { vendorToken } from '../helpers/vendor-requests';

/** mock-idp/core/http.ts BODY_LIMIT_BYTES, stated again: the tests pin the documented limit, not the constant. */
export const BODY_LIMIT = 64 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** A request body, described (not yet bytes) so counterexamples stay short. */
export type BodySpec =
  | { kind: 'none' }
  /** `name=value&…`, percent-encoded as UTF-8 unless `raw` (then the characters are written as UTF-8 bytes). */
  | { kind: 'form'; pairs: (readonly [string, unknown])[]; raw: boolean }
  /** A JSON object written member by member, so duplicate names survive. */
  | { kind: 'json'; pairs: (readonly [string, unknown])[] }
  /** Any JSON value where an object is expected (or not). */
  | { kind: 'json-value'; value: unknown }
  | { kind: 'text'; text: string; encoding: 'utf8' | 'latin1' | 'utf16le' }
  | { kind: 'bytes'; bytes: readonly number[] }
  /** Text around a byte sequence that is not UTF-8 (overlong, surrogate, truncated, stray continuation…). */
  | { kind: 'invalid-utf8'; before: string; sequence: readonly number[]; after: string }
  /** A form body whose percent-escapes decode to invalid UTF-8 (`%FF`, `%C0%80`, `%ED%A0%80`…). */
  | { kind: 'percent-invalid'; before: string; escapes: string }
  /**
   * `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels; with `at`, nested under those member names
   * (`at: ['claims', 'x']` gives `{"claims":{"x":[[[…]]]}}`), next to the top-level `siblings`.
   */
  | { kind: 'deep'; open: 'array' | 'object'; depth: number; at?: string[]; siblings?: Record<string, unknown> }
  /** A body of exactly `size` bytes (above the 64 KiB limit), shaped as a form, JSON or raw bytes. */
  | { kind: 'oversize'; size: number; fill: 'form' | 'json' | 'bytes' };

export interface Req {
  method: string;
  /** Path and query, written to the request line as is (only characters 0x21-0x7E: Node refuses others). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: BodySpec;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
}

export interface Res {
  status: number;
  headers: IncomingHttpHeaders;
  /** The media type, lower case, without parameters ('' when absent). */
  mediaType: string;
  contentType: string;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: unknown;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD's bytes, as TextEncoder does). */
export function enc(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += UNRESERVED.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function formValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

export function bodyBytes(spec: BodySpec): Buffer | undefined {
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'form':
      return Buffer.from(
        spec.pairs.map(([k, v]) => (spec.raw ? `${k}=${formValue(v)}` : `${enc(k)}=${enc(formValue(v))}`)).join('&'),
        'utf8',
      );
    case 'json':
      return Buffer.from(`{${spec.pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);
    case 'json-value':
      return Buffer.from(JSON.stringify(spec.value) ?? 'null');
    case 'text':
      return Buffer.from(spec.text, spec.encoding);
    case 'bytes':
      return Buffer.from(spec.bytes);
    case 'invalid-utf8':
      return Buffer.concat([Buffer.from(spec.before), Buffer.from(spec.sequence), Buffer.from(spec.after)]);
    case 'percent-invalid':
      return Buffer.from(`${spec.before}${spec.escapes}`);
    case 'deep': {
      const inner =
        spec.open === 'array'
          ? `${'['.repeat(spec.depth)}${']'.repeat(spec.depth)}`
          : `${'{"a":'.repeat(spec.depth)}1${'}'.repeat(spec.depth)}`;
      const [first, ...rest] = spec.at ?? [];
      if (first === undefined) return Buffer.from(inner);
      const nested = rest.reduceRight((value, name) => `{${JSON.stringify(name)}:${value}}`, inner);
      const siblings = Object.entries(spec.siblings ?? {}).map(
        ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'},`,
      );
      return Buffer.from(`{${siblings.join('')}${JSON.stringify(first)}:${nested}}`);
    }
    case 'oversize': {
      if (spec.fill === 'bytes') return Buffer.alloc(spec.size, 0x41);
      const [head, tail] = spec.fill === 'form' ? ['grant_type=client_credentials&pad=', ''] : ['{"pad":"', '"}'];
      return Buffer.from(`${head}${'x'.repeat(spec.size - head.length - tail.length)}${tail}`);
    }
  }
}

function printable(bytes: Buffer, max = 160): string {
  const shown = JSON.stringify(bytes.subarray(0, max).toString('latin1'));
  return bytes.length > max ? `${shown}… (${bytes.length} bytes)` : `${shown} (${bytes.length} bytes)`;
}

/**
 * The status the write guard of /_control and the portal API gives a request (mock-idp/core/guard.ts, issue 10), or
 * undefined when it lets it through: a state-changing request whose Origin is not `origin` (nor, on the portal, an
 * extension's), or without Origin but marked cross-site or same-site, is 403; one with a body that is not
 * application/json is 415. Written out from the issue's rules, not from the guard's code.
 */
export function writeGuardStatus(origin: string, req: Req, { extensions = false } = {}): 403 | 415 | undefined {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return undefined;
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const from = header('origin');
  if (from !== undefined) {
    if (from.toLowerCase() !== origin.toLowerCase() && !(extensions && /^(chrome|moz|safari-web)-extension:\/\//.test(from)))
      return 403;
  } else if (['cross-site', 'same-site'].includes(header('sec-fetch-site') ?? '')) return 403;
  const body = bodyBytes(req.body);
  const type = header('content-type')?.split(';', 1)[0]?.trim().toLowerCase();
  if (((body?.length ?? 0) > 0 || (body !== undefined && req.chunked === true)) && type !== 'application/json') return 415;
  return undefined;
}

/** A reproduction: method, URL, headers and the first bytes of the body. */
export function describeReq(origin: string, req: Req): string {
  const lines = [`${req.method} ${origin}${req.path}`];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`  ${name}: ${JSON.stringify(v)}`);
  }
  const body = bodyBytes(req.body);
  if (body) lines.push(`  body (${req.body.kind}${req.chunked ? ', chunked' : ''}): ${printable(body)}`);
  return lines.join('\n');
}

/** Status counts per test, for FUZZ_STATS. */
const statusCounts = new Map<string, Map<number, number>>();

function countStatus(status: number): void {
  if (!process.env.FUZZ_STATS) return;
  const test = expect.getState().currentTestName ?? '?';
  const counts = statusCounts.get(test) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  statusCounts.set(test, counts);
}

export function send(origin: string, req: Req, timeoutMs = 10_000): Promise<Res> {
  const url = new URL(origin);
  const body = bodyBytes(req.body);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
  if (body) {
    if (req.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => reject(new Error(`${error.message}\n--- request\n${describeReq(origin, req)}`)));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const contentType = incoming.headers['content-type'] ?? '';
          countStatus(incoming.statusCode ?? 0);
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            contentType,
            mediaType: (contentType.split(';', 1)[0] ?? '').trim().toLowerCase(),
            text,
            json,
          });
        });
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms (hang)`)));
    // A dropped connection or a hang fails the property with the request that caused it.
    outgoing.on('error', (error) => reject(new Error(`${error.message}\n--- request\n${describeReq(origin, req)}`)));
    if (body && req.chunked) {
      // Two chunks, split inside the body, so a parser that reads only the first chunk is caught too.
      const cut = Math.floor(body.length / 2);
      outgoing.write(body.subarray(0, cut));
      outgoing.end(body.subarray(cut));
    } else outgoing.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Answers: one check per error dialect. A check returns what is wrong, or undefined.

export type Check = (res: Res) => string | undefined;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isJsonMedia(media: string): boolean {
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

function members(body: Record<string, unknown>, allowed: readonly string[], required: readonly string[]): string | undefined {
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return `unexpected member(s) ${extra.join(', ')}`;
  const missing = required.filter((k) => !(k in body));
  if (missing.length > 0) return `missing member(s) ${missing.join(', ')}`;
  return undefined;
}

function jsonObject(res: Res): Record<string, unknown> | string {
  if (!isJsonMedia(res.mediaType)) return `content type "${res.contentType}" is not JSON`;
  return record(res.json) ?? 'the body is not a JSON object';
}

/** RFC 6749 §5.2: `{"error", "error_description"?, "error_uri"?}` (Auth0, Okta and Curity token endpoints, the bridge). */
export function oauthError(description: 'required' | 'absent' | 'optional' = 'optional'): Check {
  return (res) => {
    const body = jsonObject(res);
    if (typeof body === 'string') return body;
    const wrong = members(body, ['error', 'error_description', 'error_uri'], ['error']);
    if (wrong) return wrong;
    if (typeof body.error !== 'string' || body.error === '') return '`error` is not a non-empty string';
    if (description === 'required' && typeof body.error_description !== 'string') return '`error_description` is missing';
    if (description === 'absent' && 'error_description' in body) return '`error_description` is present';
    if ('error_description' in body && typeof body.error_description !== 'string') return '`error_description` is not a string';
    if ('error_uri' in body && typeof body.error_uri !== 'string') return '`error_uri` is not a string';
    return undefined;
  };
}

/** Entra's AADSTS envelope (errors/render.ts): seven members, the code in three of them, trace ids that agree. */
export function aadsts(code?: number): Check {
  return (res) => {
    const body = jsonObject(res);
    if (typeof body === 'string') return body;
    const all = ['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri'];
    const wrong = members(body, all, all);
    if (wrong) return wrong;
    if (typeof body.error !== 'string' || body.error === '') return '`error` is not a non-empty string';
    const codes = body.error_codes;
    if (!Array.isArray(codes) || codes.length !== 1 || !Number.isInteger(codes[0])) return '`error_codes` is not [<integer>]';
    const described =
      /^AADSTS(\d+): [\s\S]+\r\nTrace ID: ([0-9a-f-]{36})\r\nCorrelation ID: ([0-9a-f-]{36})\r\nTimestamp: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)$/.exec(
        String(body.error_description),
      );
    if (!described) return '`error_description` is not "AADSTSnnnn: …\\r\\nTrace ID…\\r\\nCorrelation ID…\\r\\nTimestamp…"';
    if (Number(described[1]) !== codes[0]) return 'the AADSTS code in the description differs from error_codes';
    if (code !== undefined && codes[0] !== code) return `AADSTS${String(codes[0])} instead of AADSTS${code}`;
    if (body.trace_id !== described[2] || !GUID.test(String(body.trace_id))) return '`trace_id` does not match the description';
    if (body.correlation_id !== described[3]) return '`correlation_id` does not match the description';
    if (body.timestamp !== described[4]) return '`timestamp` does not match the description';
    if (body.error_uri !== `https://login.microsoftonline.com/error?code=${String(codes[0])}`) return '`error_uri` is wrong';
    if (res.headers['x-ms-request-id'] !== body.trace_id) return 'x-ms-request-id differs from trace_id';
    return undefined;
  };
}

/** Entra's HTML error page for a browser's GET (vendors/azure: htmlError). */
export const aadstsHtml =
  (code: number): Check =>
  (res) =>
    res.mediaType === 'text/html' && res.text.includes(`AADSTS${code}: `)
      ? undefined
      : `not Entra's HTML error page with AADSTS${code}`;

/** hapi/Boom, Auth0's APIs: `{"statusCode","error","message","errorCode"?}` with statusCode = the HTTP status. */
export const auth0Api: Check = (res) => {
  const body = jsonObject(res);
  if (typeof body === 'string') return body;
  const wrong = members(body, ['statusCode', 'error', 'message', 'errorCode'], ['statusCode', 'error', 'message']);
  if (wrong) return wrong;
  if (body.statusCode !== res.status) return '`statusCode` differs from the HTTP status';
  if (body.error !== STATUS_CODES[res.status]) return `\`error\` is not "${STATUS_CODES[res.status]}"`;
  if (typeof body.message !== 'string' || body.message === '') return '`message` is not a non-empty string';
  if ('errorCode' in body && typeof body.errorCode !== 'string') return '`errorCode` is not a string';
  return undefined;
};

/** Okta's core API: `{"errorCode","errorSummary","errorLink","errorId","errorCauses"}`. */
export function oktaApi(code?: string): Check {
  return (res) => {
    const body = jsonObject(res);
    if (typeof body === 'string') return body;
    const all = ['errorCode', 'errorSummary', 'errorLink', 'errorId', 'errorCauses'];
    const wrong = members(body, all, all);
    if (wrong) return wrong;
    if (typeof body.errorCode !== 'string' || !/^E\d{7}$/.test(body.errorCode)) return '`errorCode` is not E + 7 digits';
    if (code !== undefined && body.errorCode !== code) return `${body.errorCode} instead of ${code}`;
    if (typeof body.errorSummary !== 'string' || body.errorSummary === '') return '`errorSummary` is not a non-empty string';
    if (body.errorLink !== body.errorCode) return '`errorLink` differs from `errorCode`';
    if (typeof body.errorId !== 'string' || !/^oae[A-Za-z0-9]{22}$/.test(body.errorId)) return '`errorId` is not oae + 22';
    if (!Array.isArray(body.errorCauses)) return '`errorCauses` is not an array';
    return undefined;
  };
}

/** Microsoft Graph's envelope with this error code. */
export function graphErrorCode(code: string): Check {
  return (res) => graphError(res) ?? ((res.json as { error: { code: string } }).error.code === code ? undefined : `not ${code}`);
}

/** Microsoft Graph: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`. */
export const graphError: Check = (res) => {
  const body = jsonObject(res);
  if (typeof body === 'string') return body;
  const outer = members(body, ['error'], ['error']);
  if (outer) return outer;
  const error = record(body.error);
  if (!error) return '`error` is not an object';
  const wrong = members(error, ['code', 'message', 'innerError'], ['code', 'message', 'innerError']);
  if (wrong) return `error: ${wrong}`;
  if (typeof error.code !== 'string' || error.code === '') return '`error.code` is not a non-empty string';
  if (typeof error.message !== 'string' || error.message === '') return '`error.message` is not a non-empty string';
  const inner = record(error.innerError);
  if (!inner) return '`error.innerError` is not an object';
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(String(inner.date))) return '`innerError.date` is not Graph-formatted';
  if (!GUID.test(String(inner['request-id']))) return '`innerError.request-id` is not a GUID';
  if (typeof inner['client-request-id'] !== 'string') return '`innerError.client-request-id` is not a string';
  return undefined;
};

/** Kong's portal: application/problem+json with `status` = the HTTP status, `title`, `type`, `instance`, `detail`. */
export const problemJson: Check = (res) => {
  if (res.mediaType !== 'application/problem+json') return `content type "${res.contentType}" is not application/problem+json`;
  const body = record(res.json);
  if (!body) return 'the body is not a JSON object';
  const wrong = members(
    body,
    ['status', 'title', 'type', 'instance', 'detail', 'invalid_parameters'],
    ['status', 'title', 'type', 'instance', 'detail'],
  );
  if (wrong) return wrong;
  if (body.status !== res.status) return '`status` differs from the HTTP status';
  for (const field of ['title', 'type', 'instance', 'detail'])
    if (typeof body[field] !== 'string' || body[field] === '') return `\`${field}\` is not a non-empty string`;
  if ('invalid_parameters' in body) {
    const list = body.invalid_parameters;
    if (!Array.isArray(list) || list.some((p) => typeof record(p)?.field !== 'string' || typeof record(p)?.reason !== 'string'))
      return '`invalid_parameters` is not a list of {field, reason}';
  }
  return undefined;
};

/** The harness's own answers (control plane, unknown routes): `{"error","message"}`. */
export const harnessError: Check = (res) => {
  const body = jsonObject(res);
  if (typeof body === 'string') return body;
  const wrong = members(body, ['error', 'message'], ['error', 'message']);
  if (wrong) return wrong;
  if (typeof body.error !== 'string' || body.error === '') return '`error` is not a non-empty string';
  if (typeof body.message !== 'string' || body.message === '') return '`message` is not a non-empty string';
  return undefined;
};

/** Kong's gateway: `{"message"}`. */
export const gatewayError: Check = (res) => {
  const body = jsonObject(res);
  if (typeof body === 'string') return body;
  const wrong = members(body, ['message'], ['message']);
  if (wrong) return wrong;
  return typeof body.message === 'string' && body.message !== '' ? undefined : '`message` is not a non-empty string';
};

/** Either check may hold (e.g. Okta's clients API, which answers both OAuth and Okta API errors). */
export function anyOf(...checks: Check[]): Check {
  return (res) => {
    const problems = checks.map((check) => check(res));
    return problems.includes(undefined) ? undefined : problems.join(' / ');
  };
}

/** 2xx: a JSON object or array with a JSON content type; 204 with no body. */
export const jsonSuccess: Check = (res) => {
  if (res.status === 204) return res.text === '' ? undefined : '204 with a body';
  if (!isJsonMedia(res.mediaType)) return `content type "${res.contentType}" is not JSON`;
  return typeof res.json === 'object' && res.json !== null ? undefined : 'the body is not JSON';
};

export interface Expectation {
  /** The dialect of every 4xx answer. */
  error: Check;
  /** What a 2xx answer must look like; `false` when no 2xx is possible for this request. */
  success?: Check | false;
  /** The statuses allowed (default: any 2xx the success check allows, any 4xx). */
  status?: number | readonly number[];
}

/**
 * The invariants every generated request is held to: an answer (no hang, no dropped connection), no 5xx, no stack
 * trace, and a body in the endpoint's own dialect. HEAD answers have no body, so only their status is checked.
 */
export function expectAnswer(origin: string, req: Req, res: Res, expected: Expectation): void {
  const problem = (() => {
    if (res.status >= 500) return `a ${res.status} (no 5xx is injected in these tests)`;
    if (res.status < 200 || (res.status >= 300 && res.status < 400)) return `unexpected status ${res.status}`;
    if (expected.status !== undefined) {
      const allowed = typeof expected.status === 'number' ? [expected.status] : expected.status;
      if (!allowed.includes(res.status)) return `status ${res.status}, expected ${allowed.join(' or ')}`;
    }
    if (/\bat \S+ \(?\S+\.(ts|js|mjs):\d+/.test(res.text)) return 'a stack trace in the body';
    if (req.method === 'HEAD') return undefined;
    if (res.status < 300) {
      if (expected.success === false) return `a ${res.status} where only an error is possible`;
      return (expected.success ?? jsonSuccess)(res);
    }
    return expected.error(res);
  })();
  if (problem !== undefined) {
    throw new Error(
      `${problem}\n--- request\n${describeReq(origin, req)}\n--- answer\n${res.status} ${res.contentType}\n${res.text.slice(0, 600)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

const headerChar = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f);

/** A header value Node will send: visible ASCII, space and obs-text (latin1 0x80-0xFF). */
export const headerText = (maxLength = 40) => fc.string({ unit: headerChar.map((c) => String.fromCharCode(c)), maxLength });

/** Strings that have broken parsers before: empty, escapes, lone surrogates, prototype names, huge, injections. */
export const oddStrings = fc.constantFrom(
  '',
  ' ',
  '%',
  '%FF',
  '%C0%80',
  '\u0000',
  '\uFFFD',
  '\ud800',
  '\udfff',
  'é',
  '💥',
  '\u202e',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'null',
  'true',
  '-1',
  '1e309',
  'client_credentials',
  'x'.repeat(300),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '{}',
  '[]',
  '\r\n',
  'a=b&c=d',
  'a+b%2B',
);

/** Any string: full Unicode including lone surrogates, or one of the odd ones. */
export const text = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 3 },
  { arbitrary: oddStrings, weight: 2 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);

/** Any JSON value, small. */
export const jsonValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

export const methods = fc.constantFrom(
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'PURGE',
  'LOCK',
);

/** Every method except those given. */
export function methodsExcept(...excluded: string[]): fc.Arbitrary<string> {
  return methods.filter((m) => !excluded.includes(m));
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** Missing, right, wrong, oddly written, parameterised and garbage content types. */
export const contentTypes: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    FORM,
    JSON_TYPE,
    `${FORM}; charset=utf-8`,
    `${JSON_TYPE}; charset=utf-8`,
    `${JSON_TYPE};charset=UTF-8`,
    'APPLICATION/JSON',
    'Application/X-WWW-Form-Urlencoded',
    `${JSON_TYPE}; charset=latin1`,
    `${JSON_TYPE}; charset=utf-16`,
    `${JSON_TYPE}; charset=nonsense`,
    `${FORM}; charset=iso-8859-1`,
    ` ${JSON_TYPE} `,
    `${FORM}, ${JSON_TYPE}`,
    'text/plain',
    'text/html',
    'multipart/form-data; boundary=xyz',
    'application/xml',
    'application/problem+json',
    'application/merge-patch+json',
    'application/jwt',
    'application/octet-stream',
    '*/*',
    'application/',
    ';',
    'json',
  ),
  headerText(30),
);

/** Accept headers, including a browser's (which makes Entra answer GETs with its HTML page). */
export const accepts: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'application/json',
    '*/*',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'text/html',
    'application/json;q=0, text/html',
    'image/png',
    ';;;q=x',
  ),
  headerText(20),
);

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const base64url = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** A compact JWS that is not one of the harness's (random parts, a JSON header and payload, or an alg:none token). */
export const foreignJwt = fc.oneof(
  fc
    .tuple(fc.dictionary(fc.string({ maxLength: 6 }), jsonValue, { maxKeys: 4 }), fc.uint8Array({ maxLength: 64 }))
    .map(([claims, sig]) => `${base64url('{"alg":"RS256","typ":"JWT"}')}.${base64url(JSON.stringify(claims))}.${base64url(sig)}`),
  fc.constantFrom(
    `${base64url('{"alg":"none"}')}.${base64url(JSON.stringify({ tid: AZURE.tenantId, aud: 'https://graph.microsoft.com', exp: 9e9, roles: ['Application.ReadWrite.All'] }))}.`,
    `${base64url('{"alg":"RS256"}')}.${base64url(JSON.stringify({ tid: AZURE.tenantId, roles: ['Application.ReadWrite.All'] }))}.${base64url('sig')}`,
    'a.b.c',
    '..',
    'a.b.c.d',
    `x.${base64url('['.repeat(5000))}.y`,
  ),
  fc.string({ unit: fc.constantFrom(...'AZaz09-_.='.split('')), maxLength: 60 }),
);

/**
 * Authorization headers: none, garbage Basic (not base64, base64 of random bytes, base64 without a colon, the
 * un-encoded `id:secret` Kong's docs show), garbage Bearer and SSWS, odd schemes and cases; plus the valid values
 * given (`validWeight` against garbage's 2), so the fuzzing also reaches the code behind authentication.
 */
export function authorizations(valid: readonly string[] = [], validWeight = 1): fc.Arbitrary<string | undefined> {
  const garbage = fc.oneof(
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 40 }).map((b) => `Basic ${base64(b)}`),
    fc.tuple(text, text).map(([id, secret]) => `Basic ${base64(Buffer.from(`${id}:${secret}`))}`),
    fc.tuple(text, text).map(([id, secret]) => `Basic ${base64(Buffer.from(`${enc(id)}:${enc(secret)}`))}`),
    headerText().map((t) => `Basic ${t}`),
    fc.constantFrom(
      'Basic',
      'Basic ',
      'Basic ====',
      'Basic Og==',
      `Basic ${OKTA.clientId}:${OKTA.clientSecret}`,
      `basic ${base64(Buffer.from(`${CURITY.clientId}:wrong`))}`,
      'Bearer',
      'Bearer ',
      'SSWS',
      'SSWS ',
      'Negotiate YIIB',
      'Digest username="x"',
    ),
    foreignJwt.map((t) => `Bearer ${t}`),
    headerText().map((t) => `Bearer ${t}`),
    headerText().map((t) => `SSWS ${t}`),
    fc.tuple(fc.constantFrom('bearer', 'BEARER', 'ssws', 'Ssws', 'Token', 'X'), headerText()).map(([s, t]) => `${s} ${t}`),
    headerText(),
  );
  if (valid.length === 0) return garbage;
  return fc.oneof({ arbitrary: garbage, weight: 2 }, { arbitrary: fc.constantFrom(...valid), weight: validWeight });
}

/** One path segment as sent: percent-encoded Unicode, or raw URL characters (a stray `%`, `..`, `%2F`). */
export const segments = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).map(enc),
  fc.string({ unit: fc.constantFrom(..."%.~-_!$&'()*+,;=:@AZaz09".split('')), minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    '%',
    '%FF',
    '%C0%80',
    '%ED%A0%80',
    '..',
    '.',
    '%2F',
    '%2e%2e',
    '%00',
    '__proto__',
    'constructor',
    'x'.repeat(2000),
  ),
);

/** koa-router's decoding of a path parameter (a malformed escape is kept as written). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A query string: none, encoded pairs (with duplicates), raw characters, or a known troublemaker. */
export const queries = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  {
    arbitrary: fc
      .array(fc.tuple(text, text), { maxLength: 4 })
      .chain((pairs) =>
        fc
          .boolean()
          .map(
            (dup) => `?${[...pairs, ...(dup && pairs[0] ? [pairs[0]] : [])].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`,
          ),
      ),
    weight: 2,
  },
  {
    arbitrary: fc
      .string({
        unit: fc
          .integer({ min: 0x21, max: 0x7e })
          .filter((c) => c !== 0x23)
          .map((c) => String.fromCharCode(c)),
        maxLength: 30,
      })
      .map((q) => `?${q}`),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      '?',
      '?&&',
      '?=',
      '?a=1&a=2',
      '?%FF=%FF',
      '?a[b]=1&a[c]=2',
      '?__proto__[x]=1',
      '?page[size]=-1&page[number]=1e308',
      '?limit=1e400&after=%00',
      '?q=%00&q=x',
      '?clientId=a&clientId=b',
      '?client_id=x&client_secret=y&grant_type=password',
    ),
    weight: 1,
  },
);

/** Invalid UTF-8: overlong, UTF-16 surrogate, truncated sequences, stray continuation bytes, 0xFE/0xFF, latin1. */
export const invalidUtf8 = fc.constantFrom(
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xbf, 0xbf],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x92],
  [0xe9], // latin1 é
  [0x63, 0x61, 0x66, 0xe9], // latin1 "café"
);

export const percentInvalid = fc.constantFrom('%FF', '%FE%FF', '%C0%80', '%ED%A0%80', '%E2%82', '%80', '%F8%88%80%80%80', '%E9');

/** Bodies no parser should choke on: invalid bytes, invalid escapes, 10k-deep JSON, latin1/UTF-16 text, noise. */
export function hostileBodies(keys: readonly string[] = []): fc.Arbitrary<BodySpec> {
  const key = keys.length > 0 ? fc.option(fc.constantFrom(...keys), { nil: undefined }) : fc.constant(undefined);
  return fc.oneof(
    fc
      .record({ before: fc.constantFrom('', 'grant_type=client_credentials&client_id=', '{"name":"'), sequence: invalidUtf8 })
      .map(({ before, sequence }) => ({
        kind: 'invalid-utf8' as const,
        before,
        sequence,
        after: before.startsWith('{') ? '"}' : '',
      })),
    fc
      .record({ before: fc.constantFrom('grant_type=', 'grant_type=client_credentials&scope=', 'x=1&'), escapes: percentInvalid })
      .map(({ before, escapes }) => ({ kind: 'percent-invalid' as const, before, escapes })),
    fc
      .record({ open: fc.constantFrom('array' as const, 'object' as const), depth: fc.constantFrom(10_000, 5_000, 1_000), key })
      .map(({ open, depth, key }) => ({ kind: 'deep' as const, open, depth, ...(key !== undefined && { at: [key] }) })),
    fc
      .record({
        text: fc.constantFrom('{"name":"café"}', 'grant_type=client_credentials&x=é', '{"a":"ü"}'),
        encoding: fc.constantFrom('latin1' as const, 'utf16le' as const),
      })
      .map(({ text, encoding }) => ({ kind: 'text' as const, text, encoding })),
    fc.constantFrom(
      { kind: 'text' as const, text: '\uFEFF{"a":"b"}', encoding: 'utf8' as const },
      { kind: 'text' as const, text: '{"a":', encoding: 'utf8' as const },
      { kind: 'text' as const, text: '{"a":"b"}x', encoding: 'utf8' as const },
      { kind: 'text' as const, text: "{'a':'b'}", encoding: 'utf8' as const },
      { kind: 'text' as const, text: '{"__proto__":{"polluted":true}}', encoding: 'utf8' as const },
      { kind: 'text' as const, text: '{"a":"\\ud800"}', encoding: 'utf8' as const },
      { kind: 'text' as const, text: '1e999999', encoding: 'utf8' as const },
    ),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({ kind: 'bytes' as const, bytes: [...b] })),
  );
}

/**
 * For each member an endpoint reads: the endpoint's valid body with that member replaced by 10k (or 5k) levels of
 * `[` or `{"a":`. Returns the arbitrary and, as examples, every member at 10k levels of both shapes, so no member
 * is ever left out of a run.
 */
export function deepMembers<T extends string>(
  targets: Readonly<Record<T, { body: Record<string, unknown>; members?: readonly string[] }>>,
): { arbitrary: fc.Arbitrary<{ target: T; body: BodySpec }>; examples: { target: T; body: BodySpec }[] } {
  const cases = (Object.entries(targets) as [T, { body: Record<string, unknown>; members?: readonly string[] }][]).flatMap(
    ([target, { body, members }]) => (members ?? Object.keys(body)).map((member) => ({ target, body, member })),
  );
  const spec = (c: (typeof cases)[number], open: 'array' | 'object', depth: number): { target: T; body: BodySpec } => {
    const { [c.member]: _replaced, ...siblings } = c.body;
    return { target: c.target, body: { kind: 'deep', open, depth, at: [c.member], siblings } };
  };
  return {
    arbitrary: fc
      .tuple(fc.constantFrom(...cases), fc.constantFrom('array' as const, 'object' as const), fc.constantFrom(10_000, 5_000))
      .map(([c, open, depth]) => spec(c, open, depth)),
    examples: cases.flatMap((c) => [spec(c, 'array', 10_000), spec(c, 'object', 10_000)]),
  };
}

/** A body just above, or well above, the 64 KiB limit. */
export const oversizeBodies: fc.Arbitrary<BodySpec> = fc.record({
  kind: fc.constant('oversize' as const),
  size: fc.oneof(fc.constant(BODY_LIMIT + 1), fc.integer({ min: BODY_LIMIT + 1, max: 4 * BODY_LIMIT })),
  fill: fc.constantFrom('form' as const, 'json' as const, 'bytes' as const),
});

/**
 * Parameters built from a valid set: unchanged, with one parameter mutated, or with each one kept, dropped,
 * replaced by odd text or a non-string, or repeated, plus unknown extras. The result is a list, so duplicates
 * survive into the body. Mostly-valid requests reach the code behind parsing; fully mutated ones stress it.
 */
export function mutatedParams(base: Readonly<Record<string, unknown>>): fc.Arbitrary<(readonly [string, unknown])[]> {
  type Pairs = (readonly [string, unknown])[];
  const entries: Pairs = Object.entries(base);
  const mutate = ([name, value]: readonly [string, unknown]): fc.Arbitrary<Pairs> =>
    fc.oneof(
      { arbitrary: fc.constant<Pairs>([]), weight: 1 },
      { arbitrary: text.map((t): Pairs => [[name, t]]), weight: 2 },
      { arbitrary: jsonValue.map((v): Pairs => [[name, v]]), weight: 1 },
      {
        arbitrary: text.map(
          (t): Pairs => [
            [name, value],
            [name, t],
          ],
        ),
        weight: 1,
      },
    );
  const extras = fc.array(fc.tuple(fc.oneof(text, oddStrings), jsonValue), { maxLength: 3 });
  if (entries.length === 0) return extras;
  const oneMutation = fc
    .integer({ min: 0, max: entries.length - 1 })
    .chain((i) =>
      mutate(entries[i] as readonly [string, unknown]).map((m): Pairs => [...entries.slice(0, i), ...m, ...entries.slice(i + 1)]),
    );
  const keepOrMutate = (entry: readonly [string, unknown]) =>
    fc.oneof({ arbitrary: fc.constant<Pairs>([entry]), weight: 3 }, { arbitrary: mutate(entry), weight: 2 });
  const many = fc.tuple(fc.tuple(...entries.map(keepOrMutate)), extras).map(([kept, extra]): Pairs => [...kept.flat(), ...extra]);
  return fc.oneof(
    { arbitrary: fc.constant(entries), weight: 1 },
    { arbitrary: oneMutation, weight: 2 },
    { arbitrary: many, weight: 2 },
  );
}

/**
 * Parameters as a body: a form (percent-encoded or raw) or a JSON object (the `prefer`red one more often), any
 * JSON value, no body, or a hostile body (`hostileKeys` name members a deep value may hide under).
 */
export function paramBodies(
  base: Readonly<Record<string, unknown>>,
  { hostileKeys = [], prefer = 'json' }: { hostileKeys?: readonly string[]; prefer?: 'form' | 'json' } = {},
): fc.Arbitrary<BodySpec> {
  const pairs = mutatedParams(base);
  return fc.oneof(
    {
      arbitrary: fc.tuple(pairs, fc.boolean()).map(([p, raw]): BodySpec => ({ kind: 'form', pairs: p, raw })),
      weight: prefer === 'form' ? 6 : 2,
    },
    { arbitrary: pairs.map((p): BodySpec => ({ kind: 'json', pairs: p })), weight: prefer === 'json' ? 6 : 2 },
    { arbitrary: jsonValue.map((value): BodySpec => ({ kind: 'json-value', value })), weight: 1 },
    { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 1 },
    { arbitrary: hostileBodies(hostileKeys), weight: 2 },
  );
}

/** Extra headers nobody asked for: random names and values, duplicates, forwarding headers. */
export const extraHeaders: fc.Arbitrary<Record<string, string | string[]>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 3 },
  {
    arbitrary: fc.dictionary(
      fc.oneof(
        fc
          .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-0123456789'.split('')), minLength: 1, maxLength: 12 })
          .map((n) => `x-${n}`),
        fc.constantFrom(
          'x-forwarded-proto',
          'x-forwarded-host',
          'x-forwarded-for',
          'client-request-id',
          'origin',
          'cookie',
          'if-none-match',
          'range',
          'x-http-method-override',
          'grant-type',
          'x-grant-type',
        ),
      ),
      fc.oneof(headerText(60), fc.array(headerText(20), { minLength: 2, maxLength: 3 })),
      { maxKeys: 3 },
    ),
    weight: 1,
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Running a property, and what must hold after it

/** Every tenant's demo client still gets a token, and the harness, portal and gateway still answer. */
export async function harnessProblems(harness: Harness): Promise<string[]> {
  const { url, manifest } = harness;
  const probes: [string, () => Promise<{ status: number; json: unknown }>, number][] = [
    ['auth0 token', () => vendorToken('auth0', url, AUTH0.clientId, AUTH0.clientSecret), 200],
    ['okta token', () => vendorToken('okta', url, OKTA.clientId, OKTA.clientSecret), 200],
    ['curity token', () => vendorToken('curity', url, CURITY.clientId, CURITY.clientSecret), 200],
    ['azure v1 token', () => vendorToken('azure', url, AZURE.clientId, AZURE.clientSecret), 200],
    [
      'azure v2 token',
      () =>
        postForm(`${url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`, {
          grant_type: 'client_credentials',
          client_id: AZURE.clientId,
          client_secret: AZURE.clientSecret,
          scope: `${AZURE.resource}/.default`,
        }),
      200,
    ],
    ['harness /health', () => fetchJson(`${url}/health`), 200],
    ['portal /api/v3/portal', () => fetchJson(`${manifest.portal.url}/api/v3/portal`), 200],
    ['gateway without credentials', () => fetchJson(`${manifest.gateway.url}/okta/anything`), 401],
  ];
  const problems: string[] = [];
  for (const [name, probe, status] of probes) {
    try {
      const res = await probe();
      const tokenOk = status !== 200 || !name.endsWith('token') || typeof record(res.json)?.access_token === 'string';
      if (res.status !== status || !tokenOk) problems.push(`${name}: ${res.status} ${JSON.stringify(res.json)?.slice(0, 200)}`);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

async function fetchJson(url: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) };
  } catch {
    return { status: response.status, json: text };
  }
}

const scale = Number(process.env.FUZZ_RUNS_SCALE ?? '1') || 1;
const replay = {
  ...(process.env.FUZZ_SEED !== undefined && { seed: Number(process.env.FUZZ_SEED) }),
  ...(process.env.FUZZ_PATH !== undefined && { path: process.env.FUZZ_PATH }),
};

/** Vitest timeout for one fuzz test: the runs, plus shrinking when a property fails. */
export const FUZZ_TIMEOUT = 120_000 * Math.max(1, scale);

/**
 * Runs `predicate` on `numRuns` generated values (fast-check prints the seed and the shrunk counterexample when it
 * fails), then checks that every tenant still serves its demo client and the portal and gateway still answer.
 */
export async function fuzz<T>(
  harness: Harness,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  {
    numRuns,
    examples = [],
    beforeHealthCheck,
  }: {
    numRuns: number;
    /** Values always tried first (fast-check `examples`), for cases a property must never leave out. */
    examples?: T[];
    beforeHealthCheck?: () => Promise<void>;
  },
): Promise<void> {
  let failure: unknown;
  try {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), {
      numRuns: Math.max(1, Math.round(numRuns * scale)),
      examples: examples.map((e): [T] => [e]),
      ...replay,
    });
  } catch (error) {
    failure = error;
  }
  await beforeHealthCheck?.();
  const test = expect.getState().currentTestName ?? '?';
  const counts = statusCounts.get(test);
  if (counts)
    console.log(
      `${test}\n  statuses: ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
  const problems = await harnessProblems(harness);
  if (failure !== undefined) {
    if (problems.length > 0 && failure instanceof Error) {
      failure.message += `\n\nAfterwards the harness no longer served:\n${problems.join('\n')}`;
    }
    throw failure;
  }
  if (problems.length > 0) throw new Error(`After the property, the harness no longer served:\n${problems.join('\n')}`);
}
