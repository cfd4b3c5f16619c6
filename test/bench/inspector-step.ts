/**
 * The inspector's recording step against the token path's dominant cost, in one process so both see the same CPU
 * (the A/B in bench.mjs `--only-harness --harness-args="--traffic-buffer 0"` measures the whole server, but on a
 * shared 2-core VM its run-to-run noise is larger than the effect). Times the step on a realistic token request and
 * response (headers, parsed form, a ~1 KB JSON body with an RS256 JWT) with nobody listening, and one RS256
 * signature with a 2048-bit key (a token costs at least that), each as the best of 7 rounds.
 *
 *   npx esbuild test/bench/inspector-step.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.output/inspector-step.mjs && node .output/inspector-step.mjs
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { Context } from 'koa';
import { Clock } from '../../mock-idp/core/clock';
import { MemoryStore } from '../../mock-idp/core/store';
import { StoreTrafficFeed } from '../../mock-idp/inspector/feed';
import { recordTraffic } from '../../mock-idp/inspector/record';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const claims = {
  ver: 1,
  jti: 'AT.abc',
  iss: 'http://127.0.0.1:4400/okta/oauth2/default',
  aud: 'api://default',
  iat: 1,
  exp: 2,
  cid: '0oa1dcrkitDemo5d7h8',
  scp: ['api:read'],
  sub: '0oa1dcrkitDemo5d7h8',
};
const input = `${b64({ kid: 'A2uN2DYWE68ZEapgR80osdHjFna0gnDjumQRhTEjBFA', alg: 'RS256' })}.${b64(claims)}`;
const jwt = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
const body = JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: jwt, scope: 'api:read' });

const headers = {
  host: '127.0.0.1:4400',
  'content-type': 'application/x-www-form-urlencoded',
  authorization: 'Basic MG9hMWRjcmtpdERlbW81ZDdoODpkZW1vLW9rdGEtc2VjcmV0LVduNFZiOVhtM1BjN1NkNUdhMUplOFJ1Mg==',
  'content-length': '46',
  connection: 'keep-alive',
  'user-agent': 'autocannon',
};
const responseHeaders = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'content-length': String(body.length),
};

function ctx(): Context {
  return {
    path: '/okta/oauth2/default/v1/token',
    method: 'POST',
    status: 200,
    body,
    headers,
    params: {},
    response: { headers: responseHeaders },
    state: {
      params: { values: { grant_type: 'client_credentials', scope: 'api:read' }, repeated: [] },
      credentials: { method: 'client_secret_basic', clientId: '0oa1dcrkitDemo5d7h8', clientSecret: 'demo' },
    },
    get: (name: string) => (headers as Record<string, string>)[name] ?? '',
  } as unknown as Context;
}

const step = recordTraffic({
  feed: new StoreTrafficFeed(new MemoryStore(), 1000),
  clock: new Clock(),
  origin: 'harness',
  label: () => ({ tenant: 'okta', vendor: 'okta' }),
});
const next = () => Promise.resolve();

async function bestOf<T>(rounds: number, n: number, run: () => T | Promise<T>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await run();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / n / 1000);
  }
  return best;
}

const empty = async () => {
  await next();
};
const baseline = await bestOf(7, 100_000, () => empty());
const recording = await bestOf(7, 100_000, () => step(ctx(), next));
const signing = await bestOf(7, 1_000, () => sign('sha256', Buffer.from(input), privateKey));
const stepUs = recording - baseline;
process.stdout.write(
  `recording step: ${stepUs.toFixed(2)} µs per request (nobody listening; ${recording.toFixed(2)} µs with the fake context, ${baseline.toFixed(2)} µs without the step)\n` +
    `one RS256 signature (2048-bit): ${signing.toFixed(1)} µs\n` +
    `step ÷ signature: ${((stepUs / signing) * 100).toFixed(2)} % (a token costs more than its signature, so less than this)\n`,
);
