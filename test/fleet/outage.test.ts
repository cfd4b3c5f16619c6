/**
 * Issue 15, "a harness that loses Redis": Redis is stopped (SIGSTOP) for 2 s while clients register at one process
 * and get tokens at the other. Meanwhile the only failures are 503 with Retry-After, in the endpoint's dialect —
 * every vendor's token endpoint and registration API, the DCR bridge, the control plane, the portal and the gateway,
 * at both processes; nothing answers 500 (a fault rule's compare-and-set cut off mid-request included); every
 * acknowledged client works at both processes afterwards; and both recover by themselves, without a restart: every
 * endpoint answers as it did before the outage.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { AAD_TIMESTAMP, basic, GUID, postForm, postJson, send, type WireResponse } from '../helpers/http';
import { portalLogin } from '../helpers/portal';
import { vendorToken } from '../helpers/vendor-requests';
import {
  auth0ManagementToken,
  curityInitialToken,
  type FleetProcess,
  graphToken,
  registerAtBridge,
  registerAtOkta,
  useFleet,
} from './support';

const fleet = useFleet();

beforeAll(async () => {
  // A rule without a limit: every token request counts a hit with a compare-and-set Redis decides, so requests in
  // flight when Redis stops lose it mid-request (StoreUnavailable, which must be a 503 too, never a 500).
  const rule = await send(`${fleet.a.url}/_control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'okta', endpoint: 'token', fault: { type: 'latency', ms: 0 } }),
  });
  expect(rule.status).toBe(201);
});

const register = (at: FleetProcess, i: number) => registerAtOkta(at.url, `outage ${i}`);

const token = (at: FleetProcess, id: string, secret: string) => vendorToken('okta', at.url, id, secret);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The OAuth error code for "temporarily unable to handle the request" (RFC 6749 §4.1.2.1). */
const TEMPORARILY_UNAVAILABLE = 'temporarily_unavailable';

/**
 * RFC 6749 §5.2's error body, the shape vendors.md gives for the token endpoints of Auth0 (§1.1 "Errors": `error`
 * and `error_description`), Okta (§3.1 "Errors", both fields) and for the DCR bridge (§5.3: "Errors should use
 * {"error":"…","error_description":"…"}"): exactly those two string fields.
 */
function oauthError(res: WireResponse): void {
  expect(res.json).toEqual({ error: TEMPORARILY_UNAVAILABLE, error_description: expect.any(String) });
}

/** Curity's RFC 6749 / RFC 7591 errors (vendors.md §2.1, §2.3): `error`; whether `error_description` comes is UNCONFIRMED. */
function curityError(res: WireResponse): void {
  const { error, ...rest } = res.json;
  expect(error).toBe(TEMPORARILY_UNAVAILABLE);
  expect(rest).toEqual(rest.error_description === undefined ? {} : { error_description: expect.any(String) });
}

/**
 * Entra's AADSTS envelope (vendors.md §4.1 "Error format", both token endpoints): `error`, `error_description` as
 * `AADSTSnnnn: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …`, `error_codes` (numbers), `timestamp`
 * (`YYYY-MM-DD HH:MM:SSZ`), `trace_id` and `correlation_id` (GUIDs), `error_uri`; `application/json; charset=utf-8`.
 */
function aadstsError(res: WireResponse): void {
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = res.json;
  expect(Object.keys(body).sort()).toEqual(
    ['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id'].sort(),
  );
  expect(body.error).toBe(TEMPORARILY_UNAVAILABLE);
  expect(body.error_codes).toEqual([expect.any(Number)]);
  const [code] = body.error_codes;
  expect(body.timestamp).toMatch(AAD_TIMESTAMP);
  expect(body.trace_id).toMatch(GUID);
  expect(body.correlation_id).toMatch(GUID);
  expect(body.error_description.startsWith(`AADSTS${code}: `)).toBe(true);
  expect(
    body.error_description.endsWith(
      `\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: ${body.correlation_id}\r\nTimestamp: ${body.timestamp}`,
    ),
  ).toBe(true);
  expect(body.error_uri).toMatch(new RegExp(`^https://login\\.(microsoftonline\\.com|windows\\.net)/error\\?code=${code}$`));
}

/**
 * Auth0's Management API errors (vendors.md §1.4 "Error shape", hapi/Boom): `statusCode` (the status, a number),
 * `error` (its reason phrase, as "Bad Request" for 400 and "Forbidden" for 403), `message`, and `errorCode` (a string,
 * where present; "the exact extra fields are UNCONFIRMED").
 */
function auth0ApiError(res: WireResponse): void {
  const { errorCode, ...rest } = res.json;
  expect(rest).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String) });
  if (errorCode !== undefined) expect(errorCode).toEqual(expect.any(String));
}

/**
 * Okta's core API envelope (vendors.md §3.3, the 401 and 404 bodies of the clients API): `errorCode` (`E` and seven
 * digits), `errorSummary`, `errorLink` (the code again), `errorId` (`oae…`), `errorCauses` (an array).
 */
function oktaApiError(res: WireResponse): void {
  expect(res.json).toEqual({
    errorCode: expect.stringMatching(/^E\d{7}$/),
    errorSummary: expect.any(String),
    errorLink: res.json.errorCode,
    errorId: expect.stringMatching(/^oae[A-Za-z0-9]+$/),
    errorCauses: expect.any(Array),
  });
}

/** Microsoft Graph's envelope (vendors.md §4.3 "Graph errors"): `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`. */
function graphError(res: WireResponse): void {
  expect(res.json).toEqual({
    error: {
      code: expect.any(String),
      message: expect.any(String),
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
        'request-id': expect.stringMatching(GUID),
        'client-request-id': expect.any(String),
      },
    },
  });
}

/** The Konnect portal's problem+json (vendors.md §5.4 "Error shape"): `status`, `title`, `type`, `instance` `kong:trace:<digits>`, `detail`. */
function problemJson(res: WireResponse): void {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.json).toEqual({
    status: 503,
    title: expect.any(String),
    type: expect.any(String),
    instance: expect.stringMatching(/^kong:trace:\d+$/),
    detail: expect.any(String),
  });
}

/** Kong Gateway's own errors (vendors.md §6: `{"message":"Unauthorized"}`, `{"message":"Forbidden"}`): one `message`. */
function kongMessage(res: WireResponse): void {
  expect(res.json).toEqual({ message: expect.any(String) });
}

/** One endpoint asked as a client asks it normally, the status it answers then, and the dialect of its 503. */
interface Probe {
  name: string;
  ok: number;
  request(at: FleetProcess): Promise<WireResponse>;
  dialect(res: WireResponse): void;
  /**
   * For a registration API: what shows, at a process, that a client it acknowledged (its 201) is there (200): a
   * token for it, or the API's own read of it.
   */
  stillThere?(created: WireResponse, at: FleetProcess): Promise<WireResponse>;
}

/** Credentials fetched before the outage (a management token, Curity's single-use initial access tokens, a cookie). */
interface Credentials {
  auth0Management: string;
  graph: string;
  curityInitial: () => Promise<string>;
  portalCookie: string;
}

async function credentials(a: FleetProcess): Promise<Credentials> {
  const management = await auth0ManagementToken(a.url, a.url);
  expect(management.status).toBe(200);
  const graph = await graphToken(a.url);
  expect(graph.status).toBe(200);
  const initial = async () => {
    const res = await curityInitialToken(a.url);
    expect(res.status).toBe(200);
    return res.json.access_token as string;
  };
  // Curity's initial access token is spent by a registration (vendors.md §2.3): one per request, fetched beforehand.
  const pool = await Promise.all(Array.from({ length: 60 }, initial));
  return {
    auth0Management: management.json.access_token,
    graph: graph.json.access_token,
    curityInitial: async () => pool.pop() ?? (await initial()),
    portalCookie: await portalLogin(a.portal),
  };
}

function probes(c: Credentials): Probe[] {
  let n = 0;
  const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  return [
    {
      name: 'Auth0 /oauth/token',
      ok: 200,
      request: (at) => vendorToken('auth0', at.url, AUTH0.clientId, AUTH0.clientSecret),
      dialect: oauthError,
    },
    {
      name: 'Auth0 Management API POST /api/v2/clients',
      ok: 201,
      request: (at) =>
        postJson(
          `${at.url}/auth0/api/v2/clients`,
          { name: `outage probe ${n++}`, app_type: 'non_interactive', grant_types: ['client_credentials'] },
          json(c.auth0Management),
        ),
      dialect: auth0ApiError,
      stillThere: (created, at) =>
        send(`${at.url}/auth0/api/v2/clients/${created.json.client_id}`, { headers: json(c.auth0Management) }),
    },
    {
      name: 'Okta /oauth2/default/v1/token',
      ok: 200,
      request: (at) => vendorToken('okta', at.url, OKTA.clientId, OKTA.clientSecret),
      dialect: oauthError,
    },
    {
      name: 'Okta POST /oauth2/v1/clients',
      ok: 201,
      request: (at) => register(at, 1_000_000 + n++),
      dialect: oktaApiError,
      stillThere: (created, at) => token(at, created.json.client_id, created.json.client_secret),
    },
    {
      name: 'Curity /oauth/v2/oauth-token',
      ok: 200,
      request: (at) => vendorToken('curity', at.url, CURITY.clientId, CURITY.clientSecret),
      dialect: curityError,
    },
    {
      name: 'Curity POST /token-service/oauth-registration',
      ok: 201,
      request: async (at) =>
        postJson(
          `${at.url}/curity/token-service/oauth-registration`,
          { grant_types: ['client_credentials'], client_name: `outage probe ${n++}` },
          { ...json(await c.curityInitial()), accept: 'application/json' },
        ),
      dialect: curityError,
      stillThere: (created, at) => vendorToken('curity', at.url, created.json.client_id, created.json.client_secret),
    },
    {
      name: 'Entra v2 /oauth2/v2.0/token',
      ok: 200,
      request: (at) =>
        postForm(`${at.url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`, {
          grant_type: 'client_credentials',
          client_id: AZURE.clientId,
          client_secret: AZURE.clientSecret,
          scope: `${AZURE.resource}/.default`,
        }),
      dialect: aadstsError,
    },
    {
      name: 'Entra v1 /oauth2/token',
      ok: 200,
      request: (at) => vendorToken('azure', at.url, AZURE.clientId, AZURE.clientSecret),
      dialect: aadstsError,
    },
    {
      name: 'Microsoft Graph POST /v1.0/applications',
      ok: 201,
      request: (at) => postJson(`${at.url}/graph/v1.0/applications`, { displayName: `outage probe ${n++}` }, json(c.graph)),
      dialect: graphError,
      stillThere: (created, at) => send(`${at.url}/graph/v1.0/applications/${created.json.id}`, { headers: json(c.graph) }),
    },
    {
      name: 'DCR bridge POST /',
      ok: 201,
      request: (at) => registerAtBridge(at.url, `outage probe ${n++}`, 'outage test'),
      dialect: oauthError,
      stillThere: (created, at) => token(at, created.json.client_id, created.json.client_secret),
    },
    {
      // The harness's own paths have no vendor: README "Run it for a team" ("OAuth's temporarily_unavailable").
      name: 'control plane GET /_control/faults',
      ok: 200,
      request: (at) => send(`${at.url}/_control/faults`),
      dialect: oauthError,
    },
    { name: 'GET /health', ok: 200, request: (at) => send(`${at.url}/health`), dialect: oauthError },
    {
      name: 'portal GET /api/v3/application-auth-strategies',
      ok: 200,
      request: (at) => send(`${at.portal}/api/v3/application-auth-strategies`, { headers: { cookie: c.portalCookie } }),
      dialect: problemJson,
    },
    {
      name: 'gateway GET /okta/orders',
      ok: 200,
      request: (at) => send(`${at.gateway}/okta/orders`, { headers: basic(OKTA.clientId, OKTA.clientSecret) }),
      dialect: kongMessage,
    },
  ];
}

describe('Redis stopped for 2 s under load', () => {
  it('answers only 503 with Retry-After in each endpoint’s dialect meanwhile, loses no acknowledged client, and every endpoint recovers by itself', async () => {
    const { a, b, redis } = fleet;
    const endpoints = probes(await credentials(a));
    // Every endpoint answers normally before the outage (so a 503 later is the outage's).
    for (const probe of endpoints)
      for (const at of [a, b]) expect([probe.name, (await probe.request(at)).status]).toEqual([probe.name, probe.ok]);

    const refusals: { res: WireResponse; dialect: (res: WireResponse) => void }[] = [];
    const others: string[] = [];
    const acknowledged: { id: string; secret: string }[] = [];
    let stop = false;
    let i = 0;
    const note = (res: WireResponse, ok: number, dialect: (res: WireResponse) => void) => {
      if (res.status === 503) refusals.push({ res, dialect });
      else if (res.status !== ok) others.push(`${res.status} ${res.text.slice(0, 120)}`);
    };
    // 16 clients, each registering at one process and asking the other for a token, until told to stop.
    const client = async (n: number) => {
      const [here, there] = n % 2 === 0 ? [a, b] : [b, a];
      while (!stop) {
        const created = await register(here, i++);
        note(created, 201, oktaApiError);
        if (created.status !== 201) {
          await sleep(50);
          continue;
        }
        acknowledged.push({ id: created.json.client_id, secret: created.json.client_secret });
        note(await token(there, created.json.client_id, created.json.client_secret), 200, oauthError);
        note(await token(here, OKTA.clientId, OKTA.clientSecret), 200, oauthError);
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, n) => client(n)));
    await sleep(1000);
    const before = acknowledged.length;

    // Meanwhile every endpoint is asked at both processes, again and again, until Redis answers again.
    const seen = new Map<string, WireResponse[]>();
    const created: { probe: Probe; res: WireResponse }[] = [];
    let paused = true;
    const outage = redis.pause(2000).then(() => {
      paused = false;
    });
    await Promise.all(
      endpoints.flatMap((probe) =>
        [a, b].map(async (at) => {
          const key = `${probe.name} at ${at === a ? 'A' : 'B'}`;
          const answers: WireResponse[] = [];
          seen.set(key, answers);
          while (paused) {
            const res = await probe.request(at);
            answers.push(res);
            if (probe.stillThere && res.status === probe.ok) created.push({ probe, res });
            await sleep(100);
          }
        }),
      ),
    );
    await outage;

    // Both processes recover without a restart: every endpoint answers as before at each, within 5 s.
    for (const probe of endpoints)
      for (const at of [a, b]) {
        const deadline = Date.now() + 5000;
        let res = await probe.request(at);
        for (; res.status !== probe.ok; res = await probe.request(at)) {
          expect([probe.name, res.status]).toEqual([probe.name, 503]);
          expect(Date.now()).toBeLessThan(deadline);
          await sleep(100);
        }
        if (probe.stillThere) created.push({ probe, res });
      }
    await sleep(1000);
    stop = true;
    await load;

    // The probes: each endpoint refused at both processes while Redis was stopped, only ever with 503 and
    // Retry-After (delta-seconds, RFC 9110 §10.2.3), in its own dialect; otherwise it answered normally.
    for (const probe of endpoints)
      for (const at of ['A', 'B']) {
        const answers = seen.get(`${probe.name} at ${at}`) ?? [];
        const unexpected = answers.filter((res) => res.status !== 503 && res.status !== probe.ok);
        expect(unexpected.map((res) => `${probe.name} at ${at}: ${res.status} ${res.text.slice(0, 200)}`)).toEqual([]);
        const refused = answers.filter((res) => res.status === 503);
        expect([probe.name, at, refused.length > 0]).toEqual([probe.name, at, true]);
        for (const res of refused) {
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          probe.dialect(res);
        }
      }

    // The load: nothing but 503 besides the expected answers, in Okta's dialects.
    expect(others).toEqual([]);
    expect(refusals.length).toBeGreaterThan(0);
    // Okta's core API envelope on its clients API, OAuth's on its token endpoint.
    for (const { res, dialect } of refusals) {
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      dialect(res);
    }
    expect(acknowledged.length).toBeGreaterThan(before);

    // Every registration a registration API acknowledged while Redis stopped and came back (and the first after it,
    // at each process) is there at both processes.
    expect(created.length).toBeGreaterThanOrEqual(2 * endpoints.filter((probe) => probe.stillThere).length);
    const kept = await Promise.all(
      created.flatMap(({ probe, res }) =>
        [a, b].map(async (at) => `${probe.name}: ${(await probe.stillThere?.(res, at))?.status}`),
      ),
    );
    expect(kept.filter((line) => !line.endsWith(': 200'))).toEqual([]);
    const statuses = await Promise.all(
      acknowledged.flatMap(({ id, secret }) => [a, b].map((at) => token(at, id, secret).then((res) => res.status))),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 60_000);
});

describe('Redis closing every connection (a restart of Redis, or a failover)', () => {
  it('both processes reconnect, reload their replicas and serve shared state again', async () => {
    const { a, b, redis } = fleet;
    for (const type of ['normal', 'pubsub'])
      execFileSync('redis-cli', ['-p', String(redis.port), 'CLIENT', 'KILL', 'TYPE', type], { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    let created = await register(a, 100_000);
    for (let n = 100_001; created.status !== 201; n++) {
      expect(created.status).toBe(503);
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(100);
      created = await register(a, n);
    }
    let issued = await token(b, created.json.client_id, created.json.client_secret);
    while (issued.status === 503 && Date.now() < deadline) {
      await sleep(100);
      issued = await token(b, created.json.client_id, created.json.client_secret);
    }
    expect(issued.status).toBe(200);
  });
});
