/**
 * Fuzzing the Konnect side and the harness's own surface: the developer portal's /api/v2 and /api/v3 (its own
 * origin, application/problem+json errors), the gateway's echo APIs (its own origin, Kong's {"message"} errors),
 * the test control plane under /_control ({"error","message"}), and the rest of the harness origin.
 *
 * Besides single requests, two properties send a sequence: what the control plane or the bridge accepts must not
 * break a later request (claims queued for the next token; events the bridge recorded).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { basic, postJson } from '../helpers/http';
import { portalLogin } from '../helpers/portal';
import { vendorToken } from '../helpers/vendor-requests';
import {
  aadsts,
  accepts,
  anyOf,
  auth0Api,
  authorizations,
  type BodySpec,
  type Check,
  contentTypes,
  deepMembers,
  enc,
  expectAnswer,
  extraHeaders,
  FORM,
  FUZZ_TIMEOUT,
  fuzz,
  gatewayError,
  graphError,
  harnessError,
  headerText,
  hostileBodies,
  JSON_TYPE,
  jsonValue,
  methods,
  oauthError,
  oddStrings,
  oktaApi,
  oversizeBodies,
  paramBodies,
  problemJson,
  queries,
  type Req,
  segments,
  send,
  text,
  writeGuardStatus,
} from './support';

const harness = useHarness();
const origin = () => harness().url;
const portal = () => harness().manifest.portal.url;
const gateway = () => harness().manifest.gateway.url;

/**
 * Cookie headers, built around the current session cookie: the cookie alone, first among others, after garbage,
 * or none, garbage, an empty or unterminated value, a 4000-character one.
 */
type CookieVariant = { kind: 'session' | 'session-first' | 'session-after-garbage' } | { kind: 'raw'; value: string | undefined };

const cookieVariants: fc.Arbitrary<CookieVariant> = fc.oneof(
  { arbitrary: fc.constant<CookieVariant>({ kind: 'session' }), weight: 4 },
  { arbitrary: fc.constantFrom<CookieVariant>({ kind: 'session-first' }, { kind: 'session-after-garbage' }), weight: 1 },
  {
    arbitrary: fc
      .oneof(
        fc.constant(undefined),
        headerText(60),
        fc.constantFrom(
          'portalaccesstoken=',
          'portalaccesstoken="unterminated',
          'portalaccesstoken=%FF%FE',
          'portalaccesstoken=x; portalaccesstoken=y',
          '=; ;;=;',
          `portalaccesstoken=${'A'.repeat(4000)}`,
        ),
      )
      .map((value): CookieVariant => ({ kind: 'raw', value })),
    weight: 2,
  },
);

/** The Cookie header for a variant, and whether it carries the session (the cookies module reads the first match). */
function cookieHeader(variant: CookieVariant, session: string): { header: string | undefined; authenticated: boolean } {
  switch (variant.kind) {
    case 'session':
      return { header: session, authenticated: true };
    case 'session-first':
      return { header: `${session}; portalaccesstoken=other; x=%FF`, authenticated: true };
    case 'session-after-garbage':
      return { header: `garbage; a=b; ${session}`, authenticated: true };
    case 'raw':
      return { header: variant.value, authenticated: false };
  }
}

describe('the developer portal API under fuzzed requests', () => {
  it(
    '/api/v2 and /api/v3 answer 2xx JSON or application/problem+json with the HTTP status; 401 without a session',
    async () => {
      let cookie = await portalLogin(portal());
      const strategies = (await (
        await fetch(`${portal()}/api/v3/application-auth-strategies`, { headers: { cookie } })
      ).json()) as {
        data: { id: string }[];
      };
      const strategyIds = strategies.data.map((s) => s.id);
      const created = await postJson(
        `${portal()}/api/v3/applications`,
        { name: 'fuzz fixture', auth_strategy_id: strategyIds[1] },
        { cookie },
      );
      expect(created.status).toBe(201);
      const application = {
        name: 'fuzzed',
        auth_strategy_id: strategyIds[0],
        scopes: [],
        description: 'd',
        redirect_uri: 'https://example.com/cb',
      };
      const ops = (['v2', 'v3'] as const).flatMap((v) => [
        {
          method: 'POST',
          template: `/api/${v}/developer/authenticate`,
          developer: false,
          body: { username: 'developer@dcr-kit.test', password: 'dcr-kit-developer' },
        },
        { method: 'POST', template: `/api/${v}/developer/logout`, developer: false },
        { method: 'POST', template: `/api/${v}/developer/refresh`, developer: true },
        { method: 'GET', template: `/api/${v}/developer/me`, developer: true },
        { method: 'GET', template: `/api/${v}/portal`, developer: false },
        {
          method: 'GET',
          template: v === 'v2' ? '/api/v2/applications/auth-strategies' : '/api/v3/application-auth-strategies',
          developer: true,
        },
        { method: 'GET', template: `/api/${v}/applications`, developer: true },
        {
          method: 'POST',
          template: `/api/${v}/applications`,
          developer: true,
          body: v === 'v2' ? { ...application, reference_id: 'r' } : { ...application, client_id: 'c' },
        },
        { method: 'GET', template: `/api/${v}/applications/{}`, developer: true },
        { method: 'PATCH', template: `/api/${v}/applications/{}`, developer: true, body: { name: 'renamed', description: null } },
        { method: 'DELETE', template: `/api/${v}/applications/{}`, developer: true },
        {
          method: 'POST',
          template: v === 'v2' ? '/api/v2/applications/{}/refresh-token' : '/api/v3/applications/{}/regenerate-secret',
          developer: true,
        },
        { method: 'GET', template: `/api/${v}/{}`, developer: false },
      ]);
      await fuzz(
        harness(),
        fc.constantFrom(...ops).chain((op) =>
          fc.record({
            op: fc.constant(op),
            method: fc.oneof({ arbitrary: fc.constant(op.method), weight: 5 }, { arbitrary: methods, weight: 1 }),
            id: fc.oneof({ arbitrary: fc.constant<string>(created.json.id), weight: 3 }, { arbitrary: segments, weight: 1 }),
            query: queries,
            cookieVariant: cookieVariants,
            contentType: fc.oneof(
              { arbitrary: fc.constant<string | undefined>(JSON_TYPE), weight: 3 },
              { arbitrary: contentTypes, weight: 1 },
            ),
            authorization: fc.option(authorizations(), { nil: undefined }),
            extra: extraHeaders,
            body: op.body ? paramBodies(op.body, { hostileKeys: ['name', 'scopes'] }) : fc.constant<BodySpec>({ kind: 'none' }),
          }),
        ),
        async ({ op, method, id, query, cookieVariant, contentType, authorization, extra, body }) => {
          const sent = cookieHeader(cookieVariant, cookie);
          const req: Req = {
            method,
            path: `${op.template.replace('{}', () => id)}${query}`,
            headers: { ...extra, cookie: sent.header, 'content-type': contentType, authorization },
            body,
          };
          const res = await send(portal(), req);
          const withoutSession = op.developer && method === op.method && !sent.authenticated;
          const guarded = writeGuardStatus(portal(), req, { extensions: true });
          expectAnswer(
            portal(),
            req,
            res,
            guarded !== undefined
              ? { error: problemJson, status: guarded, success: false }
              : withoutSession
                ? { error: problemJson, status: 401, success: false }
                : { error: problemJson },
          );
          // The fuzzer may log the developer out: log in again, as a person would.
          if (op.template.endsWith('/logout') && res.status === 204 && sent.authenticated) cookie = await portalLogin(portal());
        },
        { numRuns: 120 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'bodies over 64 KiB get 413 and malformed bodies a 400 problem+json, on every operation that reads one',
    async () => {
      const cookie = await portalLogin(portal());
      const created = await postJson(`${portal()}/api/v3/applications`, { name: 'hostile fixture' }, { cookie });
      const targets = (['v2', 'v3'] as const).flatMap((v) => [
        `POST /api/${v}/developer/authenticate`,
        `POST /api/${v}/applications`,
        `PATCH /api/${v}/applications/${created.json.id}`,
      ]);
      await fuzz(
        harness(),
        fc.record({
          target: fc.constantFrom(...targets),
          // Random bytes are left out: a few of them can be a valid JSON object, which PATCH accepts.
          body: fc.oneof(
            hostileBodies(['name', 'username', 'scopes']).filter((b) => b.kind !== 'bytes'),
            oversizeBodies,
          ),
          contentType: contentTypes,
          chunked: fc.boolean(),
        }),
        async ({ target, body, contentType, chunked }) => {
          const [method, path] = target.split(' ') as [string, string];
          const req: Req = { method, path, headers: { cookie, 'content-type': contentType }, body, chunked };
          expectAnswer(portal(), req, await send(portal(), req), {
            error: problemJson,
            status: writeGuardStatus(portal(), req, { extensions: true }) ?? (body.kind === 'oversize' ? 413 : 400),
            success: false,
          });
        },
        { numRuns: 100 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** Client-credential values without lone surrogates (those have a test of their own below). */
const wellFormedText = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  oddStrings.filter((s) => Buffer.from(s).toString() === s),
);

describe('the gateway under fuzzed requests', () => {
  it(
    'answers the echo (200 JSON) or Kong\'s {"message"} with 400/401/403/404/413, whatever the credentials, path, query and body',
    async () => {
      const apis = harness().manifest.gateway.apis.map((a) => a.id);
      const demo = {
        auth0: [AUTH0.clientId, AUTH0.clientSecret],
        okta: [OKTA.clientId, OKTA.clientSecret],
        curity: [CURITY.clientId, CURITY.clientSecret],
        azure: [AZURE.clientId, AZURE.clientSecret],
      } as const;
      const bearers = await Promise.all(
        (['auth0', 'okta', 'curity', 'azure'] as const).map(
          async (v) => (await vendorToken(v, origin(), ...demo[v])).json.access_token as string,
        ),
      );
      const first = await fetch(`${gateway()}/okta/anything`, { headers: basic(OKTA.clientId, OKTA.clientSecret) });
      expect(first.status).toBe(200);
      const session = (first.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
      const credentials = fc.oneof(
        fc.constantFrom(...Object.values(demo)).map(([id, secret]) => ({ kind: 'basic' as const, id, secret })),
        fc.tuple(wellFormedText, wellFormedText).map(([id, secret]) => ({ kind: 'basic' as const, id, secret })),
        fc.constantFrom(...Object.values(demo)).map(([id, secret]) => ({ kind: 'query' as const, id, secret })),
        fc.tuple(wellFormedText, wellFormedText).map(([id, secret]) => ({ kind: 'query' as const, id, secret })),
        fc
          .tuple(fc.constantFrom(...Object.values(demo), ['x', 'y'] as const), fc.constantFrom('form' as const, 'json' as const))
          .map(([[id, secret], kind]) => ({ kind, id, secret })),
        fc
          .tuple(wellFormedText, wellFormedText, fc.constantFrom('form' as const, 'json' as const))
          .map(([id, secret, kind]) => ({ kind, id, secret })),
        fc.constantFrom(...bearers).map((token) => ({ kind: 'header' as const, value: `Bearer ${token}` })),
        authorizations().map((value) => ({ kind: 'header' as const, value })),
        fc.constant({ kind: 'none' as const }),
      );
      await fuzz(
        harness(),
        fc.record({
          api: fc.oneof({ arbitrary: fc.constantFrom(...apis), weight: 4 }, { arbitrary: segments, weight: 1 }),
          rest: fc.array(segments, { maxLength: 3 }),
          query: queries,
          method: methods,
          credentials,
          cookie: fc.oneof(
            fc.constant<string | undefined>(undefined),
            fc.constant(session),
            fc.constant(`session=${session.slice(8, -4)}AAAA`),
            headerText(60).map((t) => `session=${t}`),
          ),
          grantType: fc.option(fc.oneof(fc.constant('client_credentials'), headerText(20)), { nil: undefined }),
          origin: fc.option(fc.constantFrom(portal(), 'http://evil.example', 'null'), { nil: undefined }),
          contentType: contentTypes,
          accept: accepts,
          extra: extraHeaders,
          body: fc.oneof(
            { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 2 },
            { arbitrary: paramBodies({ client_id: 'x', client_secret: 'y' }), weight: 1 },
            { arbitrary: oversizeBodies, weight: 1 },
          ),
        }),
        async (g) => {
          const headers: Req['headers'] = {
            ...g.extra,
            cookie: g.cookie,
            origin: g.origin,
            accept: g.accept,
            'grant-type': g.grantType,
            'content-type': g.contentType,
          };
          let path = `/${g.api}${g.rest.length > 0 ? `/${g.rest.join('/')}` : ''}${g.query}`;
          let body = g.body;
          const c = g.credentials;
          if (c.kind === 'basic') headers.authorization = basic(c.id, c.secret).authorization;
          if (c.kind === 'header') headers.authorization = c.value;
          if (c.kind === 'query') path += `${g.query ? '&' : '?'}client_id=${enc(c.id)}&client_secret=${enc(c.secret)}`;
          if (c.kind === 'form' || c.kind === 'json') {
            headers['content-type'] = c.kind === 'form' ? FORM : JSON_TYPE;
            body =
              c.kind === 'form'
                ? {
                    kind: 'form',
                    pairs: [
                      ['client_id', c.id],
                      ['client_secret', c.secret],
                    ],
                    raw: false,
                  }
                : {
                    kind: 'json',
                    pairs: [
                      ['client_id', c.id],
                      ['client_secret', c.secret],
                    ],
                  };
          }
          const req: Req = { method: g.method, path, headers, body };
          const res = await send(gateway(), req);
          // The portal's "Try it" preflight is answered by the CORS layer, whatever the path.
          const preflight = g.method === 'OPTIONS' && g.origin === portal();
          expectAnswer(gateway(), req, res, {
            error: gatewayError,
            status: preflight ? 204 : [200, 400, 401, 403, 404, 413],
            success: (r) =>
              r.status === 204 || typeof (r.json as { api?: unknown } | undefined)?.api === 'string' ? undefined : 'not the echo',
          });
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'client credentials in a JSON body with any string (lone UTF-16 surrogates included) are answered 401, never 5xx',
    async () => {
      const apis = harness().manifest.gateway.apis.map((a) => a.id);
      await fuzz(
        harness(),
        fc.record({
          api: fc.constantFrom(...apis),
          id: fc.oneof(text, fc.constantFrom('\ud800', 'a\udc00b')),
          secret: fc.oneof(text, fc.constantFrom('\ud800', 'a\udc00b')),
        }),
        async ({ api, id, secret }) => {
          const req: Req = {
            method: 'POST',
            path: `/${api}/anything`,
            headers: { 'content-type': JSON_TYPE },
            body: {
              kind: 'json',
              pairs: [
                ['client_id', id],
                ['client_secret', secret],
              ],
            },
          };
          expectAnswer(gateway(), req, await send(gateway(), req), { error: gatewayError, status: 401, success: false });
        },
        { numRuns: 60 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

const TENANTS = ['auth0', 'okta', 'curity', 'azure'] as const;

describe('the control plane under fuzzed requests', () => {
  it(
    "/_control answers 2xx JSON or {error, message}; the fuzzer's clock and claims are reset before the tenants are checked",
    async () => {
      const tenant = fc.oneof({ arbitrary: fc.constantFrom<string>(...TENANTS), weight: 3 }, { arbitrary: segments, weight: 1 });
      const isoDates = fc.constantFrom(
        '2030-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '1970-01-01T00:00:00Z',
        '2030-01-01T00:00:00+14:00',
        '2030-13-01T00:00:00Z',
      );
      const clockBody = fc.record(
        {
          freeze: fc.oneof(fc.boolean(), jsonValue),
          set: fc.oneof(
            isoDates,
            fc.integer(),
            fc.double(),
            fc.constantFrom(0, 253_402_300_799_999, 253_402_300_800_000, -1),
            jsonValue,
          ),
          advance: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e308, -1e308, 0.5, -3600), jsonValue),
          extra: jsonValue,
        },
        { requiredKeys: [] },
      );
      const nextTokenBody = fc.record(
        {
          claims: fc.oneof(fc.dictionary(text, jsonValue, { maxKeys: 4 }), jsonValue),
          clientId: fc.oneof(text, jsonValue, fc.constantFrom(AUTH0.clientId, OKTA.clientId)),
          extra: jsonValue,
        },
        { requiredKeys: [] },
      );
      const op = fc.oneof(
        fc.constant({ method: 'POST', path: '/_control/reset', body: fc.constant<BodySpec>({ kind: 'none' }) }),
        fc.constant({ method: 'GET', path: '/_control/clock', body: fc.constant<BodySpec>({ kind: 'none' }) }),
        fc.constant({
          method: 'POST',
          path: '/_control/clock',
          body: clockBody.map((value): BodySpec => ({ kind: 'json-value', value })),
        }),
        tenant.map((t) => ({
          method: 'POST',
          path: `/_control/tenants/${t}/next-token`,
          body: nextTokenBody.map((value): BodySpec => ({ kind: 'json-value', value })),
        })),
        tenant.map((t) => ({
          method: 'GET',
          path: `/_control/tenants/${t}/requests`,
          body: fc.constant<BodySpec>({ kind: 'none' }),
        })),
        tenant.map((t) => ({
          method: 'DELETE',
          path: `/_control/tenants/${t}/requests`,
          body: fc.constant<BodySpec>({ kind: 'none' }),
        })),
        fc.constant({ method: 'GET', path: '/_control/dcr-bridge/events', body: fc.constant<BodySpec>({ kind: 'none' }) }),
        fc.constant({ method: 'GET', path: '/_control/faults', body: fc.constant<BodySpec>({ kind: 'none' }) }),
        // Fault rules: random JSON, or mutations of a harmless one (no latency, no status); any rule that gets
        // created is cleared right after the request, so no fault reaches another request.
        fc.constant({
          method: 'POST',
          path: '/_control/faults',
          body: fc.oneof(
            paramBodies({
              tenant: 'okta',
              endpoint: 'token',
              method: 'POST',
              fault: { type: 'latency', ms: 0 },
              times: 1,
              rate: 1,
            }),
            jsonValue.map((value): BodySpec => ({ kind: 'json-value', value })),
          ),
        }),
        fc.constant({ method: 'DELETE', path: '/_control/faults', body: fc.constant<BodySpec>({ kind: 'none' }) }),
        segments.map((s) => ({ method: 'DELETE', path: `/_control/faults/${s}`, body: fc.constant<BodySpec>({ kind: 'none' }) })),
        // Key rotation generates an RSA key: a rarer operation, mostly with a body it refuses or an unknown tenant.
        tenant.map((t) => ({
          method: 'POST',
          path: `/_control/tenants/${t}/rotate-key`,
          body: fc.oneof(
            { arbitrary: jsonValue.map((value): BodySpec => ({ kind: 'json-value', value })), weight: 3 },
            { arbitrary: fc.constant<BodySpec>({ kind: 'json-value', value: { graceSeconds: 60 } }), weight: 1 },
          ),
        })),
        segments.map((s) => ({ method: 'GET', path: `/_control/${s}`, body: fc.constant<BodySpec>({ kind: 'none' }) })),
      );
      await fuzz(
        harness(),
        op.chain((o) =>
          fc.record({
            routeMethod: fc.constant(o.method),
            method: fc.oneof({ arbitrary: fc.constant(o.method), weight: 5 }, { arbitrary: methods, weight: 1 }),
            path: queries.map((q) => `${o.path}${q}`),
            body: fc.oneof(
              { arbitrary: o.body, weight: 4 },
              { arbitrary: paramBodies({ set: 0 }), weight: 1 },
              { arbitrary: oversizeBodies, weight: 1 },
            ),
            contentType: contentTypes,
          }),
        ),
        async ({ routeMethod, method, path, body, contentType }) => {
          const req: Req = { method, path, headers: { 'content-type': contentType }, body };
          const res = await send(origin(), req);
          const route = path.split('?', 1)[0] ?? '';
          const readsBody =
            method === 'POST' &&
            (route === '/_control/clock' ||
              route === '/_control/faults' ||
              /^\/_control\/tenants\/[^/]+\/(next-token|rotate-key)$/.test(route));
          // The guard runs in the routes the control plane has: a method the path does not serve may still be 404.
          const guarded = writeGuardStatus(origin(), req);
          expectAnswer(
            origin(),
            req,
            res,
            guarded !== undefined
              ? { error: harnessError, status: method === routeMethod ? guarded : [guarded, 404], success: false }
              : body.kind === 'oversize' && readsBody
                ? { error: harnessError, status: 413, success: false }
                : { error: harnessError },
          );
          if (harness().control.faults.size > 0) await fetch(`${origin()}/_control/faults`, { method: 'DELETE' });
        },
        {
          numRuns: 150,
          // Moving the clock to 9999 legitimately expires Entra's demo secret: reset (the control plane's own
          // contract) before checking that every tenant still serves its demo client.
          beforeHealthCheck: async () => {
            harness().control.reset();
          },
        },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'claims queued through /_control (random JSON, 10k-deep nesting) never make the next token request fail',
    async () => {
      const depths = fc.constantFrom(10_000, 5_000, 1_000);
      // `{"claims":{"a":{"a":…}}}`, or a deep value under one claim: `{"claims":{"x":[[[…]]]}}`.
      const deep = fc
        .record({ open: fc.constantFrom('array' as const, 'object' as const), depth: depths })
        .map(
          ({ open, depth }): BodySpec =>
            open === 'object'
              ? { kind: 'deep', open, depth, at: ['claims'] }
              : { kind: 'deep', open, depth, at: ['claims', 'x'] },
        );
      const random = fc
        .dictionary(fc.oneof(text, fc.constantFrom('iss', 'exp', 'aud', 'sub', 'iat', 'scp', 'roles', '__proto__')), jsonValue, {
          maxKeys: 4,
        })
        .map((claims): BodySpec => ({ kind: 'json-value', value: { claims } }));
      await fuzz(
        harness(),
        fc.record({ tenant: fc.constantFrom(...TENANTS), body: fc.oneof(random, deep) }),
        async ({ tenant, body }) => {
          const queue: Req = {
            method: 'POST',
            path: `/_control/tenants/${tenant}/next-token`,
            headers: { 'content-type': JSON_TYPE },
            body,
          };
          expectAnswer(origin(), queue, await send(origin(), queue), { error: harnessError });
          const demo = { auth0: AUTH0, okta: OKTA, curity: CURITY, azure: AZURE }[tenant];
          const res = await vendorToken(tenant, origin(), demo.clientId, demo.clientSecret);
          if (res.status !== 200) {
            throw new Error(
              `after queueing claims, the ${tenant} demo token request answered ${res.status} ${res.text.slice(0, 200)}\n--- queued with\n${JSON.stringify(queue).slice(0, 300)}`,
            );
          }
        },
        { numRuns: 40 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'whatever event body the DCR bridge accepted, GET /_control/dcr-bridge/events still answers 200 JSON',
    async () => {
      await fuzz(
        harness(),
        fc.record({
          body: fc.oneof(
            paramBodies({ event_type: 'application.deleted', client_id: 'x' }, { hostileKeys: ['data', 'event_type'] }),
            fc
              .record({
                open: fc.constantFrom('array' as const, 'object' as const),
                depth: fc.constantFrom(10_000, 5_000, 1_000),
              })
              .map(
                ({ open, depth }): BodySpec => ({
                  kind: 'deep',
                  open,
                  depth,
                  at: ['data'],
                  siblings: { event_type: 'application.deleted' },
                }),
              ),
          ),
        }),
        async ({ body }) => {
          const hook: Req = {
            method: 'POST',
            path: '/dcr-bridge/some-client/event-hook',
            headers: { 'content-type': JSON_TYPE, 'x-api-key': 'dcr_kit_demo_bridge_api_key' },
            body,
          };
          expectAnswer(origin(), hook, await send(origin(), hook), { error: oauthError('required') });
          const events: Req = { method: 'GET', path: '/_control/dcr-bridge/events', headers: {}, body: { kind: 'none' } };
          expectAnswer(origin(), events, await send(origin(), events), { error: harnessError, status: 200 });
          harness().control.reset();
        },
        { numRuns: 40 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('deeply nested values in the members the portal, the control plane and the gateway read', () => {
  it(
    'a 10k-deep array or object in any one member (the rest of the body valid) is answered in the dialect of its origin, never 5xx',
    async () => {
      const cookie = await portalLogin(portal());
      const strategies = (await (
        await fetch(`${portal()}/api/v3/application-auth-strategies`, { headers: { cookie } })
      ).json()) as {
        data: { id: string }[];
      };
      const app = await postJson(`${portal()}/api/v3/applications`, { name: 'deep fixture' }, { cookie });
      expect(app.status).toBe(201);
      const strategy = strategies.data[0]?.id;
      interface Target {
        origin: () => string;
        method: string;
        path: string;
        headers: Record<string, string>;
        dialect: Check;
        body: Record<string, unknown>;
      }
      const portalApp = {
        name: 'fuzzed deep',
        auth_strategy_id: strategy,
        scopes: [],
        description: 'd',
        redirect_uri: 'https://example.com/cb',
      };
      const list: Target[] = [
        {
          origin: portal,
          method: 'POST',
          path: '/api/v3/developer/authenticate',
          headers: {},
          dialect: problemJson,
          body: { username: 'developer@dcr-kit.test', password: 'dcr-kit-developer' },
        },
        {
          origin: portal,
          method: 'POST',
          path: '/api/v3/applications',
          headers: { cookie },
          dialect: problemJson,
          body: { ...portalApp, client_id: 'c' },
        },
        {
          origin: portal,
          method: 'POST',
          path: '/api/v2/applications',
          headers: { cookie },
          dialect: problemJson,
          body: { ...portalApp, reference_id: 'r' },
        },
        {
          origin: portal,
          method: 'PATCH',
          path: `/api/v3/applications/${app.json.id}`,
          headers: { cookie },
          dialect: problemJson,
          body: { name: 'renamed', description: 'd', redirect_uri: 'https://example.com/cb', reference_id: 'r' },
        },
        {
          origin,
          method: 'POST',
          path: '/_control/clock',
          headers: {},
          dialect: harnessError,
          body: { freeze: false, set: 1_900_000_000_000, advance: 0 },
        },
        {
          origin,
          method: 'POST',
          path: '/_control/tenants/okta/next-token',
          headers: {},
          dialect: harnessError,
          body: { claims: { tier: 'gold' }, clientId: OKTA.clientId },
        },
        {
          origin,
          method: 'POST',
          path: '/_control/faults',
          headers: {},
          dialect: harnessError,
          body: { tenant: 'okta', endpoint: 'token', method: 'POST', fault: { type: 'latency', ms: 0 }, times: 1, rate: 1 },
        },
        {
          origin,
          method: 'POST',
          path: '/_control/tenants/okta/rotate-key',
          headers: {},
          dialect: harnessError,
          body: { graceSeconds: 60 },
        },
        {
          origin: gateway,
          method: 'POST',
          path: '/okta/anything',
          headers: {},
          dialect: gatewayError,
          body: { client_id: OKTA.clientId, client_secret: OKTA.clientSecret },
        },
      ];
      const targets = Object.fromEntries(
        list.map((t) => [
          `${t.method} ${t.path}${t.origin === portal ? ' (portal)' : t.origin === gateway ? ' (gateway)' : ''}`,
          t,
        ]),
      );
      const deep = deepMembers(targets);
      await fuzz(
        harness(),
        deep.arbitrary,
        async ({ target: name, body }) => {
          const target = targets[name] as Target;
          const req: Req = {
            method: target.method,
            path: target.path,
            headers: { ...target.headers, 'content-type': JSON_TYPE },
            body,
          };
          expectAnswer(target.origin(), req, await send(target.origin(), req), { error: target.dialect });
          // Whatever the control plane accepted (a fault rule, queued claims, a clock change) goes before the next run.
          await fetch(`${origin()}/_control/faults`, { method: 'DELETE' });
          harness().control.clock.reset();
          harness().control.tenant('okta').nextClaims.clear();
        },
        { numRuns: 30, examples: deep.examples },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** Whichever component a random path lands on, its answer is in one of the harness's dialects. */
const someDialect: Check = anyOf(harnessError, oauthError(), aadsts(), auth0Api, oktaApi(), graphError);

/** `/` is the QA inspector's page (issue 13): HTML, the one answer on this origin that is not JSON. */
const inspectorPage: Check = (res) =>
  res.mediaType === 'text/html' && res.text.includes('<title>dcr-kit QA inspector</title>')
    ? undefined
    : 'not the inspector page';

describe('the rest of the harness origin under fuzzed requests', () => {
  it(
    'random paths under every prefix get a JSON answer in one of the harness dialects (the inspector page at / aside), never a 5xx; /health and /harness.json stay 200',
    async () => {
      const prefixes = fc.constantFrom(
        '',
        '/auth0',
        '/okta',
        '/okta/oauth2',
        '/curity',
        '/curity/oauth/v2',
        `/azure/${AZURE.tenantId}`,
        '/graph/v1.0',
        '/dcr-bridge',
        '/_control',
        '/health',
        '/harness.json',
      );
      await fuzz(
        harness(),
        fc.record({
          prefix: prefixes,
          rest: fc.array(segments, { maxLength: 3 }),
          query: queries,
          method: methods,
          contentType: contentTypes,
          authorization: authorizations(),
          body: fc.oneof(fc.constant<BodySpec>({ kind: 'none' }), paramBodies({ a: 'b' })),
        }),
        async ({ prefix, rest, query, method, contentType, authorization, body }) => {
          const path = `${prefix}/${rest.join('/')}${query}`;
          const req: Req = { method, path, headers: { 'content-type': contentType, authorization }, body };
          const page = new URL(path, origin()).pathname === '/';
          expectAnswer(origin(), req, await send(origin(), req), { error: someDialect, ...(page && { success: inspectorPage }) });
        },
        { numRuns: 150 },
      );
      for (const path of ['/health', '/harness.json']) expect((await fetch(`${origin()}${path}`)).status).toBe(200);
    },
    FUZZ_TIMEOUT,
  );
});
