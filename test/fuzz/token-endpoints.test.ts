/**
 * Fuzzing the IdP side that every client touches: each tenant's token endpoint(s), Curity's introspection, and the
 * discovery and JWKS documents. Requests start from the vendor's own valid request (test/helpers/vendor-requests.ts
 * and the README curls) and are mutated: wrong methods, content types, encodings, duplicate and odd parameters,
 * garbage Authorization headers, random path segments and query strings, hostile and oversized bodies.
 *
 * Every answer must be a 2xx the endpoint can give or a 4xx in the vendor's own error dialect, and after each
 * property every tenant still issues its demo client a token (support.ts `fuzz`).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { basic, postForm } from '../helpers/http';
import {
  aadsts,
  aadstsHtml,
  accepts,
  anyOf,
  auth0Api,
  authorizations,
  type BodySpec,
  type Check,
  contentTypes,
  decodeSegment,
  deepMembers,
  type Expectation,
  expectAnswer,
  extraHeaders,
  FORM,
  FUZZ_TIMEOUT,
  fuzz,
  hostileBodies,
  JSON_TYPE,
  methods,
  methodsExcept,
  oauthError,
  oktaApi,
  oversizeBodies,
  paramBodies,
  queries,
  type Req,
  segments,
  send,
} from './support';

const harness = useHarness();
const origin = () => harness().url;
const basicHeader = (id: string, secret: string) => basic(id, secret).authorization as string;

/** A token response: JSON with a string access_token and a Bearer token type (Curity writes it lower case). */
const tokenIssued: Check = (res) => {
  const body = res.json as Record<string, unknown> | undefined;
  if (!res.mediaType.startsWith('application/json')) return `content type "${res.contentType}" is not JSON`;
  if (typeof body?.access_token !== 'string') return 'no access_token';
  return /^bearer$/i.test(String(body.token_type)) ? undefined : 'token_type is not Bearer';
};

/** RFC 7662: a JSON object with a boolean `active`. */
const introspection: Check = (res) =>
  typeof (res.json as Record<string, unknown> | undefined)?.active === 'boolean' ? undefined : 'no boolean `active`';

/** POST most of the time (the endpoint's real work), any other method otherwise. */
const mostlyPost = fc.oneof({ arbitrary: fc.constant('POST'), weight: 4 }, { arbitrary: methods, weight: 1 });

interface Parts {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  accept: string | undefined;
  extra: Record<string, string | string[]>;
  body: BodySpec;
  chunked: boolean;
}

function toReq(p: Parts): Req {
  return {
    method: p.method,
    path: p.path,
    headers: { ...p.extra, 'content-type': p.contentType, authorization: p.authorization, accept: p.accept },
    body: p.body,
    chunked: p.chunked,
  };
}

/** The parts of a token request, around a valid one: `preferred` content types are drawn more often. */
function tokenRequests(
  path: fc.Arbitrary<string>,
  base: Record<string, string>,
  preferred: readonly string[],
  validAuthorization: string[] = [],
): fc.Arbitrary<Parts> {
  return fc.record({
    method: mostlyPost,
    path: fc.tuple(path, queries).map(([p, q]) => `${p}${q}`),
    contentType: fc.oneof({ arbitrary: fc.constantFrom(...preferred), weight: 3 }, { arbitrary: contentTypes, weight: 1 }),
    authorization: authorizations(validAuthorization, 2),
    accept: accepts,
    extra: extraHeaders,
    body: paramBodies(base, { prefer: preferred[0] === JSON_TYPE ? 'json' : 'form' }),
    chunked: fc.boolean(),
  });
}

async function exchange(parts: Parts, expected: (parts: Parts) => Expectation): Promise<void> {
  const req = toReq(parts);
  expectAnswer(origin(), req, await send(origin(), req), expected(parts));
}

describe('token endpoints under fuzzed requests', () => {
  it(
    'Auth0 POST /oauth/token: a token or {error, error_description}; other methods the hapi 404 body',
    async () => {
      const base = {
        grant_type: 'client_credentials',
        client_id: AUTH0.clientId,
        client_secret: AUTH0.clientSecret,
        audience: AUTH0.audience,
      };
      await fuzz(
        harness(),
        tokenRequests(
          fc.constant('/auth0/oauth/token'),
          base,
          [JSON_TYPE, FORM],
          [basicHeader(AUTH0.clientId, AUTH0.clientSecret)],
        ),
        (parts) =>
          exchange(parts, (p) =>
            p.method === 'POST'
              ? { error: oauthError('required'), success: tokenIssued }
              : { error: auth0Api, status: 404, success: false },
          ),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'Okta /oauth2/{authServerId}/v1/token and the org /oauth2/v1/token: OAuth errors with a description, E0000007 for an unknown server, E0000022 for other methods',
    async () => {
      const server = fc.oneof(
        { arbitrary: fc.constant('default'), weight: 4 },
        { arbitrary: fc.constantFrom('%64efault', 'DEFAULT', 'org'), weight: 2 },
        { arbitrary: segments, weight: 1 },
      );
      const path = server.map((s) => (s === 'org' ? '/okta/oauth2/v1/token' : `/okta/oauth2/${s}/v1/token`));
      const base = { grant_type: 'client_credentials', scope: OKTA.scope };
      await fuzz(
        harness(),
        tokenRequests(path, base, [FORM], [basicHeader(OKTA.clientId, OKTA.clientSecret)]),
        (parts) =>
          exchange(parts, (p) => {
            const org = p.path.startsWith('/okta/oauth2/v1/token');
            const segment = org ? undefined : decodeSegment(p.path.split('/')[3] ?? '');
            if (p.method !== 'POST') return { error: oktaApi('E0000022'), status: 405, success: false };
            if (!org && segment !== 'default') return { error: oktaApi('E0000007'), status: 404, success: false };
            // The org server refuses client secrets for client credentials: never a token there.
            return { error: oauthError('required'), success: org ? false : tokenIssued };
          }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'Curity /oauth/v2/oauth-token and /oauth-introspect: a token or introspection, else a bare {error}; 405 {error} for other methods',
    async () => {
      const demoToken = await postForm(
        `${origin()}/curity/oauth/v2/oauth-token`,
        { grant_type: 'client_credentials' },
        basic(CURITY.clientId, CURITY.clientSecret),
      );
      const token = fc.oneof(
        fc.constant({ path: '/curity/oauth/v2/oauth-token', base: { grant_type: 'client_credentials', scope: 'read' } }),
        fc.constant({ path: '/curity/oauth/v2/oauth-introspect', base: { token: String(demoToken.json.access_token) } }),
      );
      await fuzz(
        harness(),
        token.chain(({ path, base }) =>
          tokenRequests(fc.constant(path), base, [FORM], [basicHeader(CURITY.clientId, CURITY.clientSecret)]),
        ),
        (parts) =>
          exchange(parts, (p) => {
            if (p.method !== 'POST') return { error: oauthError('absent'), status: 405, success: false };
            const introspect = p.path.startsWith('/curity/oauth/v2/oauth-introspect');
            return { error: oauthError('absent'), success: introspect ? introspection : tokenIssued };
          }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'Entra v1 /{tenant}/oauth2/token and v2 /{tenant}/oauth2/v2.0/token: a token or the AADSTS envelope (90002 for an unknown tenant, 900561 for GET and friends)',
    async () => {
      const tenant = fc.oneof(
        {
          arbitrary: fc.constantFrom(
            AZURE.tenantId,
            AZURE.tenantId.toUpperCase(),
            'dcrkit.onmicrosoft.com',
            'DCRKIT.onmicrosoft.com',
          ),
          weight: 3,
        },
        { arbitrary: fc.constantFrom('common', 'organizations', 'consumers'), weight: 1 },
        { arbitrary: segments, weight: 2 },
      );
      const endpoint = fc.constantFrom<{ version: string; base: Record<string, string> }>(
        { version: 'oauth2/token', base: { resource: AZURE.resource } },
        { version: 'oauth2/v2.0/token', base: { scope: `${AZURE.resource}/.default` } },
      );
      const known = (segment: string) =>
        [AZURE.tenantId, 'dcrkit.onmicrosoft.com'].includes(decodeSegment(segment).toLowerCase());
      await fuzz(
        harness(),
        fc
          .tuple(tenant, endpoint)
          .chain(([t, e]) =>
            tokenRequests(
              fc.constant(`/azure/${t}/${e.version}`),
              { grant_type: 'client_credentials', client_id: AZURE.clientId, client_secret: AZURE.clientSecret, ...e.base },
              [FORM],
              [basicHeader(AZURE.clientId, AZURE.clientSecret)],
            ),
          ),
        (parts) =>
          exchange(parts, (p) => {
            if (p.method === 'OPTIONS') return { error: aadsts(), status: 204 };
            if (p.method !== 'POST') return { error: anyOf(aadsts(900561), aadstsHtml(900561)), status: 400, success: false };
            if (!known(p.path.split('/')[2] ?? '')) return { error: aadsts(90002), status: 400, success: false };
            return { error: aadsts(), success: tokenIssued };
          }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'every token endpoint answers malformed bodies (invalid UTF-8, %FF, 10k-deep JSON, latin1, UTF-16) with 400 and bodies over 64 KiB with 413, in its dialect',
    async () => {
      // Content types each endpoint reads a body for (Auth0: JSON or form; Okta and Curity: form; Entra: any).
      const targets = [
        { path: '/auth0/oauth/token', types: [JSON_TYPE, FORM, undefined], check: oauthError('required') },
        { path: '/okta/oauth2/default/v1/token', types: [FORM, undefined], check: oauthError('required') },
        { path: '/okta/oauth2/v1/token', types: [FORM, undefined], check: oauthError('required') },
        { path: '/curity/oauth/v2/oauth-token', types: [FORM, undefined], check: oauthError('absent') },
        { path: '/curity/oauth/v2/oauth-introspect', types: [FORM, undefined], check: oauthError('absent') },
        { path: `/azure/${AZURE.tenantId}/oauth2/token`, types: [FORM, JSON_TYPE, undefined, 'text/plain'], check: aadsts() },
        { path: `/azure/${AZURE.tenantId}/oauth2/v2.0/token`, types: [FORM, JSON_TYPE, undefined], check: aadsts() },
      ];
      const byPath = new Map(targets.map((t) => [t.path, t]));
      await fuzz(
        harness(),
        fc.constantFrom(...targets).chain((target) =>
          fc.record({
            path: fc.constant(target.path),
            contentType: fc.constantFrom(...target.types),
            body: fc.oneof(hostileBodies(['grant_type', 'client_id', 'scope']), oversizeBodies),
            chunked: fc.boolean(),
          }),
        ),
        async ({ path, contentType, body, chunked }) => {
          const target = byPath.get(path) as (typeof targets)[number];
          const req: Req = { method: 'POST', path, headers: { 'content-type': contentType }, body, chunked };
          const tooLarge = body.kind === 'oversize';
          const aadCode = target.path.startsWith('/azure/') ? (tooLarge ? 90004 : 900144) : undefined;
          // Introspection has no grant_type to miss: a body that parses as some form reaches client authentication.
          const parsed = target.path.endsWith('/oauth-introspect') ? [400, 401] : [400];
          expectAnswer(origin(), req, await send(origin(), req), {
            error: aadCode === undefined ? target.check : aadsts(aadCode),
            status: tooLarge ? 413 : parsed,
            success: false,
          });
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('token endpoints under deeply nested JSON members', () => {
  it(
    'Auth0 (the one JSON token endpoint): a 10k-deep array or object in any parameter is a 400 {error, error_description}',
    async () => {
      const deep = deepMembers({
        'POST /auth0/oauth/token': {
          body: {
            grant_type: 'client_credentials',
            client_id: AUTH0.clientId,
            client_secret: AUTH0.clientSecret,
            audience: AUTH0.audience,
            scope: 'read:data',
          },
        },
      });
      await fuzz(
        harness(),
        deep.arbitrary,
        async ({ body }) => {
          const req: Req = { method: 'POST', path: '/auth0/oauth/token', headers: { 'content-type': JSON_TYPE }, body };
          expectAnswer(origin(), req, await send(origin(), req), { error: oauthError('required'), status: 400, success: false });
        },
        { numRuns: 10, examples: deep.examples },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** Discovery and JWKS documents, per vendor, with the error an unknown path parameter gets. */
interface Document {
  vendor: string;
  /** The path, `{}` standing for the authorization server or tenant segment. */
  template: string;
  kind: 'discovery' | 'jwks';
  /** Whether a (decoded) segment names something the tenant serves, and one that does. */
  known?: (segment: string) => boolean;
  example?: string;
  unknown?: Expectation;
}

const documents: Document[] = [
  { vendor: 'auth0', template: '/auth0/.well-known/openid-configuration', kind: 'discovery' },
  { vendor: 'auth0', template: '/auth0/.well-known/jwks.json', kind: 'jwks' },
  ...(['openid-configuration', 'oauth-authorization-server'] as const).flatMap((name) => [
    {
      vendor: 'okta',
      template: `/okta/oauth2/{}/.well-known/${name}`,
      kind: 'discovery' as const,
      known: (s: string) => s === 'default',
      example: 'default',
      unknown: { error: oktaApi('E0000007'), status: 404, success: false as const },
    },
    { vendor: 'okta', template: `/okta/.well-known/${name}`, kind: 'discovery' as const },
    { vendor: 'curity', template: `/curity/oauth/v2/oauth-anonymous/.well-known/${name}`, kind: 'discovery' as const },
  ]),
  {
    vendor: 'okta',
    template: '/okta/oauth2/{}/v1/keys',
    kind: 'jwks',
    known: (s) => s === 'default',
    example: 'default',
    unknown: { error: oktaApi('E0000007'), status: 404, success: false },
  },
  { vendor: 'okta', template: '/okta/oauth2/v1/keys', kind: 'jwks' },
  { vendor: 'curity', template: '/curity/oauth/v2/oauth-anonymous/jwks', kind: 'jwks' },
  ...(
    [
      ['/azure/{}/v2.0/.well-known/openid-configuration', 'discovery'],
      ['/azure/{}/.well-known/openid-configuration', 'discovery'],
      ['/azure/{}/discovery/v2.0/keys', 'jwks'],
      ['/azure/{}/discovery/keys', 'jwks'],
    ] as const
  ).map(([template, kind]) => ({
    vendor: 'azure',
    template,
    kind,
    known: (s: string) =>
      [AZURE.tenantId, 'dcrkit.onmicrosoft.com'].includes(s.toLowerCase()) ||
      (s === 'common' && template.endsWith('/discovery/keys')),
    example: AZURE.tenantId,
    unknown: { error: aadsts(90002), status: 400, success: false as const },
  })),
];

const documentServed: Record<'discovery' | 'jwks', Check> = {
  discovery: (res) => {
    const body = res.json as Record<string, unknown> | undefined;
    if (!res.mediaType.startsWith('application/json')) return `content type "${res.contentType}" is not JSON`;
    return typeof body?.issuer === 'string' && typeof body.jwks_uri === 'string' ? undefined : 'no issuer and jwks_uri';
  },
  jwks: (res) => {
    const keys = (res.json as { keys?: { kty?: unknown; kid?: unknown; n?: unknown; e?: unknown }[] } | undefined)?.keys;
    if (!res.mediaType.startsWith('application/json')) return `content type "${res.contentType}" is not JSON`;
    return Array.isArray(keys) &&
      keys.length > 0 &&
      keys.every((k) => k.kty === 'RSA' && typeof k.kid === 'string' && typeof k.n === 'string')
      ? undefined
      : 'no RSA keys';
  },
};

const vendorDialect: Record<string, Check> = {
  auth0: anyOf(auth0Api, oauthError('required')),
  okta: anyOf(oktaApi(), oauthError('required')),
  curity: oauthError(),
  azure: aadsts(),
};

const documentSegment = (template: string) =>
  template.includes('{}')
    ? fc.oneof(
        {
          arbitrary: fc.constantFrom('default', AZURE.tenantId, AZURE.tenantId.toUpperCase(), 'dcrkit.onmicrosoft.com', 'common'),
          weight: 2,
        },
        { arbitrary: segments, weight: 2 },
      )
    : fc.constant('');

describe('discovery and JWKS under fuzzed requests', () => {
  it(
    'GET and HEAD answer the document whatever the query and headers; an unknown authorization server or tenant gets the vendor error',
    async () => {
      await fuzz(
        harness(),
        fc.constantFrom(...documents).chain((doc) =>
          fc.record({
            doc: fc.constant(doc),
            segment: documentSegment(doc.template),
            method: fc.constantFrom('GET', 'HEAD'),
            query: queries,
            accept: accepts,
            authorization: authorizations(),
            extra: extraHeaders,
            body: fc.oneof(
              { arbitrary: fc.constant<BodySpec>({ kind: 'none' }), weight: 3 },
              { arbitrary: hostileBodies(), weight: 1 },
            ),
          }),
        ),
        async ({ doc, segment, method, query, accept, authorization, extra, body }) => {
          const req: Req = {
            method,
            path: `${doc.template.replace('{}', () => segment)}${query}`,
            headers: { ...extra, accept, authorization },
            body,
          };
          const known = doc.known === undefined || doc.known(decodeSegment(segment));
          expectAnswer(
            origin(),
            req,
            await send(origin(), req),
            known
              ? { error: vendorDialect[doc.vendor] as Check, status: 200, success: documentServed[doc.kind] }
              : (doc.unknown as Expectation),
          );
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "other methods on a discovery or JWKS path answer in the vendor's dialect (Boom, Okta API, OAuth, AADSTS), not the harness's",
    async () => {
      await fuzz(
        harness(),
        fc.constantFrom(...documents).chain((doc) =>
          fc.record({
            doc: fc.constant(doc),
            segment: fc.constant(doc.example ?? ''),
            method: methodsExcept('GET', 'HEAD'),
            contentType: contentTypes,
            body: paramBodies({ grant_type: 'client_credentials' }, { prefer: 'form' }),
          }),
        ),
        async ({ doc, segment, method, contentType, body }) => {
          const req: Req = {
            method,
            path: doc.template.replace('{}', () => segment),
            headers: { 'content-type': contentType },
            body,
          };
          expectAnswer(origin(), req, await send(origin(), req), { error: vendorDialect[doc.vendor] as Check, success: false });
        },
        { numRuns: 60 },
      );
    },
    FUZZ_TIMEOUT,
  );
});
