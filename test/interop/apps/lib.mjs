/**
 * What every interop app shares: its input (JSON in INTEROP_INPUT), its one line of JSON output, and a record of the
 * HTTP exchanges the SDK made, so a failing job says what the SDK sent and what came back.
 *
 * The apps run as `node test/interop/apps/<sdk>.mjs` with NODE_EXTRA_CA_CERTS naming the harness's local CA
 * (https://nodejs.org/api/cli.html#node_extra_ca_certsfile): Node reads it at start-up only, which is why each SDK job
 * is a process of its own. No certificate check is turned off anywhere. The recording only observes: it wraps
 * `https.request` (MSAL, @azure/identity's core-rest-pipeline, the Okta SDK's node-fetch 2) and the global `fetch`
 * (openid-client, auth0, the Graph client) and hands every call on unchanged.
 */
import https from 'node:https';
import { inspect } from 'node:util';

export const input = JSON.parse(process.env.INTEROP_INPUT ?? '{}');

const exchanges = [];
const LIMIT = 1500;

function clip(text) {
  // Secrets are the harness's demo values, but a report need not repeat them.
  const redacted = text.replace(/((?:client_secret|client_assertion|password)=)[^&]+/g, '$1…');
  return redacted.length > LIMIT ? `${redacted.slice(0, LIMIT)}…` : redacted;
}

function bodyText(body) {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return clip(body);
  if (body instanceof URLSearchParams) return clip(body.toString());
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return clip(Buffer.from(body).toString('utf8'));
  return `[${body.constructor?.name ?? typeof body}]`;
}

const request = https.request;
https.request = function recordedRequest(...args) {
  const req = request.apply(this, args);
  const exchange = { via: 'https.request', method: req.method, url: `https://${req.getHeader('host')}${req.path}` };
  exchanges.push(exchange);
  const chunks = [];
  for (const name of ['write', 'end']) {
    const original = req[name];
    req[name] = function recorded(chunk, ...rest) {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
      return original.call(this, chunk, ...rest);
    };
  }
  req.on('response', (res) => {
    exchange.request = bodyText(Buffer.concat(chunks)) || undefined;
    exchange.status = res.statusCode;
    if (res.statusCode < 400) return;
    // The body of a failure, as the HTTP parser hands it to the stream (no listener added: the SDK's reading is untouched).
    const received = [];
    const push = res.push;
    res.push = function recordedPush(chunk, ...rest) {
      if (chunk) received.push(Buffer.from(chunk));
      else exchange.response = bodyText(Buffer.concat(received));
      return push.call(this, chunk, ...rest);
    };
  });
  req.on('error', (error) => {
    exchange.error = `${error.code ?? ''} ${error.message}`.trim();
  });
  return req;
};

const fetch = globalThis.fetch;
globalThis.fetch = async function recordedFetch(resource, init) {
  const url = resource instanceof Request ? resource.url : String(resource);
  const method = init?.method ?? (resource instanceof Request ? resource.method : 'GET');
  const exchange = { via: 'fetch', method, url, request: bodyText(init?.body) };
  exchanges.push(exchange);
  try {
    const response = await fetch(resource, init);
    exchange.status = response.status;
    if (response.status >= 400) exchange.response = clip(await response.clone().text());
    return response;
  } catch (error) {
    exchange.error = `${error.cause?.code ?? ''} ${error.message} ${error.cause?.message ?? ''}`.trim();
    throw error;
  }
};

/** The HTTP exchanges so far (method, URL, status; bodies of failures). */
export function recorded() {
  return exchanges.map((e) => ({ ...e }));
}

function describe(error) {
  const fields = {};
  for (const key of [
    'name',
    'message',
    'code',
    'errorCode',
    'errorMessage',
    'subError',
    'status',
    'statusCode',
    'error',
    'error_description',
    'body',
    'errorSummary',
    'errorCauses',
  ]) {
    const value = error?.[key];
    if (value !== undefined && typeof value !== 'function') fields[key] = value;
  }
  fields.inspected = clip(inspect(error, { depth: 4, breakLength: Infinity }));
  return fields;
}

/** Runs the job and prints `{ ok, result | error, exchanges }` as the process's last line of output. */
export async function run(job) {
  try {
    const result = await job();
    process.stdout.write(`${JSON.stringify({ ok: true, result, exchanges })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: describe(error), exchanges })}\n`);
  }
  // Keep-alive sockets and SDK timers must not hold the job open (stdout to a pipe is synchronous on Linux).
  process.exit(0);
}
