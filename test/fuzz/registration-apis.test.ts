/**
 * Fuzzing the registration and management APIs Konnect's DCR providers call: Auth0's Management API (clients,
 * client grants) and open /oidc/register, Okta's /oauth2/v1/clients (SSWS), Curity's RFC 7591/7592 registration
 * (oidc-provider), Microsoft Graph applications and service principals, and the Konnect HTTP DCR bridge.
 *
 * Each property first makes what a real caller would have (a valid credential, a client or application to act on),
 * then sends mutations of the API's own requests: garbage and valid credentials, random ids, random JSON where an
 * object is expected, wrong content types, hostile and oversized bodies, wrong methods. Every answer must be a 2xx
 * or a 4xx in the API's own error dialect; afterwards every tenant still serves its demo client.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AZURE, BRIDGE, OKTA } from '../helpers/demo';
import { basic, postForm, postJson } from '../helpers/http';
import {
  anyOf,
  auth0Api,
  authorizations,
  type BodySpec,
  type Check,
  contentTypes,
  deepMembers,
  type Expectation,
  expectAnswer,
  extraHeaders,
  FUZZ_TIMEOUT,
  fuzz,
  graphError,
  graphErrorCode,
  headerText,
  hostileBodies,
  JSON_TYPE,
  methods,
  oauthError,
  oktaApi,
  oversizeBodies,
  paramBodies,
  queries,
  type Req,
  segments,
  send,
  text,
} from './support';

const harness = useHarness();
const origin = () => harness().url;

// Initial credentials, as the manifest lists them (and the README shows them).
const AUTH0_MANAGEMENT = {
  clientId: 'Mg7kT2vRq9LxW4sB8nZc1Hd5Jf3Gy6Pa',
  clientSecret: 'demo-auth0-management-secret-Vn4Lq8Wz2Rt6Yk0Pm3Xc7Bd5Sf9Gh1',
};
const OKTA_SSWS = `SSWS ${OKTA.apiToken}`;
const CURITY_DCR = { clientId: 'dcr-kit-dcr-client', clientSecret: 'demo-curity-dcr-secret-Qw8Er4Ty6Ui2' };
const GRAPH_PROVIDER = {
  clientId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
  clientSecret: 'Gx7Q~demo.graph.provider.Lm2Np4Qr6St8Uv0W',
};
const BRIDGE_KEY = BRIDGE.apiKey;
const AUTH0_API = 'https://api.dcr-kit.test/';

const KONNECT_BRIDGE_BODY = {
  redirect_uris: [],
  client_name: 'Bridge app',
  grant_types: ['client_credentials'],
  scopes: [],
  token_endpoint_auth_method: 'client_secret_post',
  application_description: '',
  portal_id: '0f1e2d3c-4b5a-4968-8776-655443322110',
  organization_id: '1f1e2d3c-4b5a-4968-8776-655443322110',
  developer_id: '2f1e2d3c-4b5a-4968-8776-655443322110',
  auth_strategy_id: '3f1e2d3c-4b5a-4968-8776-655443322110',
  dcr_provider_id: '4f1e2d3c-4b5a-4968-8776-655443322110',
};

async function auth0ManagementToken(scope?: string): Promise<string> {
  const res = await postJson(`${origin()}/auth0/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: AUTH0_MANAGEMENT.clientId,
    client_secret: AUTH0_MANAGEMENT.clientSecret,
    audience: `${origin()}/auth0/api/v2/`,
    ...(scope && { scope }),
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}

async function auth0ApiToken(): Promise<string> {
  const res = await postJson(`${origin()}/auth0/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: 'k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae',
    client_secret: 'demo-auth0-secret-1fQ8wZr2Ly6Hk0Tn4Vb9Xm3Pc7Sd5Ga1Je8Ru2Wq6Oz4Ni0By',
    audience: 'https://api.dcr-kit.test/',
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}

async function curityInitialAccessToken(): Promise<string> {
  const res = await postForm(
    `${origin()}/curity/oauth/v2/oauth-token`,
    { grant_type: 'client_credentials', scope: 'dcr' },
    basic(CURITY_DCR.clientId, CURITY_DCR.clientSecret),
  );
  expect(res.status).toBe(200);
  return res.json.access_token;
}

async function entraToken(clientId: string, clientSecret: string, scope: string): Promise<string> {
  const res = await postForm(`${origin()}/azure/${AZURE.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    scope,
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}

/** One API operation: method and path (`{}` is the id), the body it reads, and whether it needs the valid credential. */
interface Operation {
  method: string;
  template: string;
  body?: Record<string, unknown>;
}

interface Generated {
  op: Operation;
  id: string;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
  extra: Record<string, string | string[]>;
  body: BodySpec;
  chunked: boolean;
}

/** Requests for a list of operations: the fixture's id or a random one, valid or garbage credentials, mutated bodies. */
function apiRequests(
  ops: readonly Operation[],
  ids: readonly string[],
  validAuthorization: readonly string[],
  hostileKeys: readonly string[],
): fc.Arbitrary<Generated> {
  return fc.constantFrom(...ops).chain((op) =>
    fc.record({
      op: fc.constant(op),
      id: fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 3 }, { arbitrary: segments, weight: 1 }),
      query: queries,
      authorization: authorizations(validAuthorization, validAuthorization.length > 0 ? 4 : 1),
      contentType: fc.oneof({ arbitrary: fc.constant(JSON_TYPE), weight: 3 }, { arbitrary: contentTypes, weight: 1 }),
      extra: extraHeaders,
      body: op.body ? paramBodies(op.body, { hostileKeys }) : fc.constant<BodySpec>({ kind: 'none' }),
      chunked: fc.boolean(),
    }),
  );
}

function toReq(g: Generated, headers: Record<string, string | undefined> = {}): Req {
  return {
    method: g.op.method,
    path: `${g.op.template.replace('{}', () => g.id)}${g.query}`,
    headers: { ...g.extra, 'content-type': g.contentType, authorization: g.authorization, ...headers },
    body: g.body,
    chunked: g.chunked,
  };
}

async function exchange(req: Req, expected: Expectation) {
  const res = await send(origin(), req);
  expectAnswer(origin(), req, res, expected);
  return res;
}

describe('Auth0 Management API and /oidc/register under fuzzed requests', () => {
  it(
    'clients and client grants: 2xx JSON or the Boom body {statusCode, error, message, errorCode?}; 401 without a Management API token',
    async () => {
      const full = `Bearer ${await auth0ManagementToken()}`;
      const readOnly = `Bearer ${await auth0ManagementToken('read:clients')}`;
      const wrongAudience = `Bearer ${await auth0ApiToken()}`;
      const created = await postJson(`${origin()}/auth0/api/v2/clients`, { name: 'fuzz fixture' }, { authorization: full });
      const clientId = created.json.client_id as string;
      const grant = await postJson(
        `${origin()}/auth0/api/v2/client-grants`,
        { client_id: clientId, audience: 'https://api.dcr-kit.test/', scope: [] },
        { authorization: full },
      );
      const grantId = grant.json.id as string;
      const client = {
        name: 'fuzzed',
        description: 'd',
        app_type: 'non_interactive',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
        callbacks: ['https://example.com/cb'],
        client_metadata: { konnect_portal_id: 'x' },
        is_first_party: true,
      };
      const grantBody = { client_id: clientId, audience: 'https://api.dcr-kit.test/', scope: ['read:data'] };
      const ops: Operation[] = [
        { method: 'POST', template: '/auth0/api/v2/clients', body: client },
        { method: 'GET', template: '/auth0/api/v2/clients' },
        { method: 'GET', template: '/auth0/api/v2/clients/{}' },
        { method: 'PATCH', template: '/auth0/api/v2/clients/{}', body: client },
        { method: 'DELETE', template: '/auth0/api/v2/clients/{}' },
        { method: 'POST', template: '/auth0/api/v2/clients/{}/rotate-secret' },
        { method: 'POST', template: '/auth0/api/v2/client-grants', body: grantBody },
        { method: 'GET', template: '/auth0/api/v2/client-grants' },
        { method: 'PATCH', template: '/auth0/api/v2/client-grants/{}', body: { scope: ['read:data'] } },
        { method: 'DELETE', template: '/auth0/api/v2/client-grants/{}' },
      ];
      await fuzz(
        harness(),
        apiRequests(ops, [clientId, grantId], [full, full, readOnly, wrongAudience], ['name', 'client_metadata', 'scope']),
        async (g) => {
          const authenticated = g.authorization === full || g.authorization === readOnly;
          await exchange(toReq(g), authenticated ? { error: auth0Api } : { error: auth0Api, status: 401, success: false });
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'POST /oidc/register: 201 with credentials or {error, error_description}, whatever the body',
    async () => {
      const metadata = {
        client_name: 'fuzzed',
        redirect_uris: ['https://example.com/cb'],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['client_credentials'],
      };
      await fuzz(
        harness(),
        apiRequests(
          [{ method: 'POST', template: '/auth0/oidc/register', body: metadata }],
          [''],
          [],
          ['redirect_uris', 'client_name'],
        ),
        async (g) => {
          await exchange(toReq(g), { error: oauthError('required') });
        },
        { numRuns: 100 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('Okta /oauth2/v1/clients under fuzzed requests', () => {
  it(
    'answers 2xx JSON, an Okta API error {errorCode, errorSummary, …} or an OAuth {error, error_description}; E0000005 without an Authorization header, E0000011 with another one',
    async () => {
      const created = await postJson(
        `${origin()}/okta/oauth2/v1/clients`,
        {
          client_name: 'fuzz fixture',
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
        },
        { authorization: OKTA_SSWS },
      );
      expect(created.status).toBe(201);
      const metadata = {
        client_name: 'fuzzed',
        application_type: 'service',
        grant_types: ['client_credentials'],
        response_types: ['token'],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        client_uri: 'https://example.com',
        logo_uri: 'https://example.com/logo.png',
      };
      const base = '/okta/oauth2/v1/clients';
      const ops: Operation[] = [
        { method: 'POST', template: base, body: metadata },
        { method: 'GET', template: base },
        { method: 'GET', template: `${base}/{}` },
        { method: 'PUT', template: `${base}/{}`, body: metadata },
        { method: 'DELETE', template: `${base}/{}` },
        { method: 'POST', template: `${base}/{}/lifecycle/newSecret` },
      ];
      const dialect = anyOf(oktaApi(), oauthError('required'));
      await fuzz(
        harness(),
        apiRequests(ops, [created.json.client_id], [OKTA_SSWS], ['client_name', 'redirect_uris']),
        async (g) => {
          await exchange(
            toReq(g),
            g.authorization === OKTA_SSWS
              ? { error: dialect }
              : // No header, or an empty one: 403 E0000005 (okta/okta-sdk-php DefaultDataStoreTest); else 401 E0000011.
                (g.authorization ?? '').trim() === ''
                ? { error: oktaApi('E0000005'), status: 403, success: false }
                : { error: oktaApi('E0000011'), status: 401, success: false },
          );
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('Curity RFC 7591/7592 registration under fuzzed requests', () => {
  it(
    'answers 2xx JSON or {error, error_description}, with fresh initial access tokens, the current registration access token, or garbage',
    async () => {
      const registered = await postJson(
        `${origin()}/curity/token-service/oauth-registration`,
        { client_name: 'fuzz fixture', grant_types: ['client_credentials'], scope: 'read' },
        { authorization: `Bearer ${await curityInitialAccessToken()}` },
      );
      expect(registered.status).toBe(201);
      const clientId = registered.json.client_id as string;
      // RFC 7592 tokens rotate on every GET and PUT (Curity): the latest one is kept as the model of the caller.
      let rat = registered.json.registration_access_token as string;
      const metadata = {
        client_name: 'fuzzed',
        grant_types: ['client_credentials'],
        scope: 'read',
        token_endpoint_auth_method: 'client_secret_basic',
      };
      const base = '/curity/token-service/oauth-registration';
      const ops: Operation[] = [
        { method: 'POST', template: base, body: metadata },
        { method: 'GET', template: `${base}/{}` },
        // RFC 7592 §2.2: an update carries the client_id.
        { method: 'PUT', template: `${base}/{}`, body: { client_id: clientId, ...metadata } },
        { method: 'DELETE', template: `${base}/{}` },
      ];
      const credential = fc.oneof(
        { arbitrary: fc.constant<'fresh' | 'current'>('fresh'), weight: 2 },
        { arbitrary: fc.constant<'fresh' | 'current'>('current'), weight: 2 },
        { arbitrary: authorizations(), weight: 1 },
      );
      await fuzz(
        harness(),
        fc.tuple(apiRequests(ops, [clientId], [], ['client_name', 'jwks', 'scope']), credential),
        async ([g, cred]) => {
          const authorization =
            cred === 'fresh' ? `Bearer ${await curityInitialAccessToken()}` : cred === 'current' ? `Bearer ${rat}` : cred;
          const res = await exchange(toReq(g, { authorization }), { error: oauthError() });
          const next = (res.json as Record<string, unknown> | undefined)?.registration_access_token;
          if (res.status < 300 && typeof next === 'string' && g.id === clientId) rat = next;
        },
        { numRuns: 100 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('Microsoft Graph under fuzzed requests', () => {
  it(
    'answers 2xx JSON or {"error":{code, message, innerError}}; 401 InvalidAuthenticationToken without a Graph token',
    async () => {
      const graph = `Bearer ${await entraToken(GRAPH_PROVIDER.clientId, GRAPH_PROVIDER.clientSecret, 'https://graph.microsoft.com/.default')}`;
      const apiToken = `Bearer ${await entraToken(AZURE.clientId, AZURE.clientSecret, `${AZURE.resource}/.default`)}`;
      const app = await postJson(
        `${origin()}/graph/v1.0/applications`,
        { displayName: 'fuzz fixture' },
        { authorization: graph },
      );
      expect(app.status).toBe(201);
      const password = await postJson(
        `${origin()}/graph/v1.0/applications/${app.json.id}/addPassword`,
        {},
        { authorization: graph },
      );
      const dates = fc.constantFrom(
        '2030-01-01T00:00:00Z',
        '+275760-09-13T00:00:00.000Z',
        '-271821-04-20T00:00:00.000Z',
        '1970-01-01T00:00:00Z',
        '0',
        '2030-02-30',
        'Tue',
        '9999-12-31T23:59:59.999Z',
      );
      const ops: Operation[] = [
        { method: 'POST', template: '/graph/v1.0/applications', body: { displayName: 'fuzzed' } },
        { method: 'GET', template: '/graph/v1.0/applications/{}' },
        { method: 'DELETE', template: '/graph/v1.0/applications/{}' },
        {
          method: 'POST',
          template: '/graph/v1.0/applications/{}/addPassword',
          body: { passwordCredential: { displayName: 'fuzzed', endDateTime: '2030-01-01T00:00:00Z' } },
        },
        { method: 'POST', template: '/graph/v1.0/applications/{}/removePassword', body: { keyId: password.json.keyId } },
        { method: 'POST', template: '/graph/v1.0/servicePrincipals', body: { appId: app.json.appId } },
      ];
      const requests = apiRequests(
        ops,
        [app.json.id, AZURE.clientId],
        [graph, graph, apiToken],
        ['displayName', 'passwordCredential'],
      );
      // Also odd expiry dates for addPassword (Date.parse accepts more than ISO 8601).
      const withDates = fc.tuple(requests, fc.option(fc.tuple(text, dates), { nil: undefined })).map(([g, dated]) =>
        dated && g.op.template.endsWith('/addPassword')
          ? {
              ...g,
              body: {
                kind: 'json-value' as const,
                value: { passwordCredential: { displayName: dated[0], endDateTime: dated[1] } },
              },
            }
          : g,
      );
      await fuzz(
        harness(),
        withDates,
        async (g) => {
          await exchange(
            toReq(g),
            g.authorization === graph
              ? { error: graphError }
              : { error: graphErrorCode('InvalidAuthenticationToken'), status: 401, success: false },
          );
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('the Konnect HTTP DCR bridge under fuzzed requests', () => {
  it(
    'answers 2xx JSON or {error, error_description}; 401 without the X-API-KEY',
    async () => {
      const created = await postJson(`${origin()}/dcr-bridge/`, KONNECT_BRIDGE_BODY, { 'x-api-key': BRIDGE_KEY });
      expect(created.status).toBe(201);
      const ops: Operation[] = [
        { method: 'POST', template: '/dcr-bridge/', body: KONNECT_BRIDGE_BODY },
        { method: 'DELETE', template: '/dcr-bridge/{}' },
        { method: 'POST', template: '/dcr-bridge/{}/new-secret' },
        { method: 'POST', template: '/dcr-bridge/{}/event-hook', body: { event_type: 'application.deleted', client_id: 'x' } },
      ];
      const apiKey = fc.oneof(
        { arbitrary: fc.constant<string | string[] | undefined>(BRIDGE_KEY), weight: 3 },
        {
          arbitrary: fc.constantFrom<string | string[] | undefined>(
            undefined,
            '',
            BRIDGE_KEY.toUpperCase(),
            [BRIDGE_KEY, BRIDGE_KEY],
            `${BRIDGE_KEY} `,
          ),
          weight: 1,
        },
        { arbitrary: headerText(), weight: 1 },
      );
      await fuzz(
        harness(),
        fc.tuple(apiRequests(ops, [created.json.client_id], [], ['client_name', 'redirect_uris', 'data']), apiKey),
        async ([g, key]) => {
          const req = toReq(g);
          req.headers['x-api-key'] = key;
          await exchange(
            req,
            key === BRIDGE_KEY || key === `${BRIDGE_KEY} ` // Node trims the trailing space of a header value.
              ? { error: oauthError('required') }
              : { error: oauthError('required'), status: 401, success: false },
          );
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** An operation that reads a JSON body, with valid credentials, its dialect and a valid body. */
interface BodyTarget {
  method: string;
  path: string;
  headers: () => Promise<Record<string, string>>;
  dialect: Check;
  body: Record<string, unknown>;
}

/**
 * Every registration operation that reads a body, with what a real caller has (tokens, a client or application to
 * act on). Curity's registration access token rotates on every successful PUT; `bodyTargets` keeps the latest.
 */
async function bodyTargets(): Promise<{
  targets: Record<string, BodyTarget>;
  sawAnswer: (name: string, res: { json: unknown }) => void;
}> {
  const auth0 = `Bearer ${await auth0ManagementToken()}`;
  const graph = `Bearer ${await entraToken(GRAPH_PROVIDER.clientId, GRAPH_PROVIDER.clientSecret, 'https://graph.microsoft.com/.default')}`;
  const auth0Client = (await postJson(`${origin()}/auth0/api/v2/clients`, { name: 'body fixture' }, { authorization: auth0 }))
    .json;
  const grant = (
    await postJson(
      `${origin()}/auth0/api/v2/client-grants`,
      { client_id: auth0Client.client_id, audience: 'https://api.dcr-kit.test/', scope: [] },
      { authorization: auth0 },
    )
  ).json;
  const oktaClient = (
    await postJson(
      `${origin()}/okta/oauth2/v1/clients`,
      { client_name: 'body fixture', application_type: 'service' },
      { authorization: OKTA_SSWS },
    )
  ).json;
  const curityClient = (
    await postJson(
      `${origin()}/curity/token-service/oauth-registration`,
      { client_name: 'body fixture', grant_types: ['client_credentials'], scope: 'read' },
      { authorization: `Bearer ${await curityInitialAccessToken()}` },
    )
  ).json;
  let curityRat = curityClient.registration_access_token as string;
  const graphApp = (
    await postJson(`${origin()}/graph/v1.0/applications`, { displayName: 'body fixture' }, { authorization: graph })
  ).json;
  const password = (
    await postJson(`${origin()}/graph/v1.0/applications/${graphApp.id}/addPassword`, {}, { authorization: graph })
  ).json;
  const bridgeClient = (await postJson(`${origin()}/dcr-bridge/`, KONNECT_BRIDGE_BODY, { 'x-api-key': BRIDGE_KEY })).json;

  const bearer = (value: string) => async () => ({ authorization: value });
  const auth0ClientBody = {
    name: 'fuzzed',
    description: 'd',
    logo_uri: 'https://example.com/logo.png',
    app_type: 'non_interactive',
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'],
    callbacks: ['https://example.com/cb'],
    client_metadata: { k: 'v' },
    is_first_party: true,
  };
  const oktaMetadata = {
    client_name: 'fuzzed',
    application_type: 'service',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: ['token'],
    redirect_uris: [],
    client_uri: 'https://example.com',
    logo_uri: 'https://example.com/logo.png',
  };
  const curityMetadata = {
    client_name: 'fuzzed',
    grant_types: ['client_credentials'],
    scope: 'read',
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [],
    jwks: { keys: [] },
  };
  const oktaDialect = anyOf(oktaApi(), oauthError('required'));
  const list: BodyTarget[] = [
    { method: 'POST', path: '/auth0/api/v2/clients', headers: bearer(auth0), dialect: auth0Api, body: auth0ClientBody },
    {
      method: 'PATCH',
      path: `/auth0/api/v2/clients/${auth0Client.client_id}`,
      headers: bearer(auth0),
      dialect: auth0Api,
      body: auth0ClientBody,
    },
    {
      method: 'POST',
      path: '/auth0/api/v2/client-grants',
      headers: bearer(auth0),
      dialect: auth0Api,
      body: { client_id: auth0Client.client_id, audience: AUTH0_API, scope: ['read:data'] },
    },
    {
      method: 'PATCH',
      path: `/auth0/api/v2/client-grants/${grant.id}`,
      headers: bearer(auth0),
      dialect: auth0Api,
      body: { scope: ['read:data'] },
    },
    {
      method: 'POST',
      path: '/auth0/oidc/register',
      headers: async () => ({}),
      dialect: oauthError('required'),
      body: {
        client_name: 'fuzzed',
        redirect_uris: ['https://example.com/cb'],
        token_endpoint_auth_method: 'none',
        grant_types: ['implicit'],
      },
    },
    { method: 'POST', path: '/okta/oauth2/v1/clients', headers: bearer(OKTA_SSWS), dialect: oktaDialect, body: oktaMetadata },
    {
      method: 'PUT',
      path: `/okta/oauth2/v1/clients/${oktaClient.client_id}`,
      headers: bearer(OKTA_SSWS),
      dialect: oktaDialect,
      body: oktaMetadata,
    },
    {
      method: 'POST',
      path: '/curity/token-service/oauth-registration',
      headers: async () => ({ authorization: `Bearer ${await curityInitialAccessToken()}` }),
      dialect: oauthError(),
      body: curityMetadata,
    },
    {
      method: 'PUT',
      path: `/curity/token-service/oauth-registration/${curityClient.client_id}`,
      headers: async () => ({ authorization: `Bearer ${curityRat}` }),
      dialect: oauthError(),
      body: { client_id: curityClient.client_id, ...curityMetadata },
    },
    {
      method: 'POST',
      path: '/graph/v1.0/applications',
      headers: bearer(graph),
      dialect: graphError,
      body: { displayName: 'fuzzed' },
    },
    {
      method: 'POST',
      path: `/graph/v1.0/applications/${graphApp.id}/addPassword`,
      headers: bearer(graph),
      dialect: graphError,
      body: { passwordCredential: { displayName: 'fuzzed', endDateTime: '2030-01-01T00:00:00Z' } },
    },
    {
      method: 'POST',
      path: `/graph/v1.0/applications/${graphApp.id}/removePassword`,
      headers: bearer(graph),
      dialect: graphError,
      body: { keyId: password.keyId },
    },
    {
      method: 'POST',
      path: '/graph/v1.0/servicePrincipals',
      headers: bearer(graph),
      dialect: graphError,
      body: { appId: graphApp.appId },
    },
    {
      method: 'POST',
      path: '/dcr-bridge/',
      headers: async () => ({ 'x-api-key': BRIDGE_KEY }),
      dialect: oauthError('required'),
      body: KONNECT_BRIDGE_BODY,
    },
    {
      method: 'POST',
      path: `/dcr-bridge/${bridgeClient.client_id}/event-hook`,
      headers: async () => ({ 'x-api-key': BRIDGE_KEY }),
      dialect: oauthError('required'),
      body: { event_type: 'application.deleted', client_id: bridgeClient.client_id, data: {} },
    },
  ];
  const targets = Object.fromEntries(list.map((t) => [`${t.method} ${t.path}`, t]));
  return {
    targets,
    sawAnswer: (name, res) => {
      const next = (res.json as Record<string, unknown> | undefined)?.registration_access_token;
      if (typeof next === 'string' && name.startsWith('PUT /curity/')) curityRat = next;
    },
  };
}

describe('registration APIs under hostile bodies', () => {
  it(
    'with valid credentials, every operation that reads a body answers over 64 KiB with 413, and malformed bodies with a 4xx, in its dialect',
    async () => {
      const { targets, sawAnswer } = await bodyTargets();
      await fuzz(
        harness(),
        fc.constantFrom(...Object.keys(targets)).chain((name) =>
          fc.record({
            target: fc.constant(name),
            // Curity's oversized bodies have a test of their own (below): oidc-provider reads those bodies itself.
            body: name.includes('/oauth-registration') ? hostileBodies() : fc.oneof(hostileBodies(), oversizeBodies),
            contentType: fc.oneof(
              { arbitrary: fc.constant<string | undefined>(JSON_TYPE), weight: 3 },
              { arbitrary: contentTypes, weight: 1 },
            ),
            chunked: fc.boolean(),
          }),
        ),
        async ({ target: name, body, contentType, chunked }) => {
          const target = targets[name] as BodyTarget;
          const req: Req = {
            method: target.method,
            path: target.path,
            headers: { ...(await target.headers()), 'content-type': contentType },
            body,
            chunked,
          };
          const res = await exchange(
            req,
            body.kind === 'oversize' ? { error: target.dialect, status: 413, success: false } : { error: target.dialect },
          );
          sawAnswer(name, res);
        },
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a 10k-deep array or object in any member an operation reads (the rest of the body valid) is answered in its dialect, never 5xx',
    async () => {
      const { targets, sawAnswer } = await bodyTargets();
      const deep = deepMembers(targets);
      await fuzz(
        harness(),
        deep.arbitrary,
        async ({ target: name, body }) => {
          const target = targets[name] as BodyTarget;
          const req: Req = {
            method: target.method,
            path: target.path,
            headers: { ...(await target.headers()), 'content-type': JSON_TYPE },
            body,
          };
          sawAnswer(name, await exchange(req, { error: target.dialect }));
        },
        { numRuns: 40, examples: deep.examples },
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('Curity RFC 7591/7592 registration under oversized bodies', () => {
  it(
    'answers a body over 64 KiB with 413 and {error, error_description}, like every other endpoint that reads a body',
    async () => {
      const registered = await postJson(
        `${origin()}/curity/token-service/oauth-registration`,
        { client_name: 'oversize fixture', grant_types: ['client_credentials'], scope: 'read' },
        { authorization: `Bearer ${await curityInitialAccessToken()}` },
      );
      expect(registered.status).toBe(201);
      let rat = registered.json.registration_access_token as string;
      await fuzz(
        harness(),
        fc.record({ method: fc.constantFrom('POST', 'PUT'), body: oversizeBodies, chunked: fc.boolean() }),
        async ({ method, body, chunked }) => {
          const req: Req = {
            method,
            path: `/curity/token-service/oauth-registration${method === 'PUT' ? `/${registered.json.client_id}` : ''}`,
            headers: {
              authorization: `Bearer ${method === 'PUT' ? rat : await curityInitialAccessToken()}`,
              'content-type': JSON_TYPE,
            },
            body,
            chunked,
          };
          const res = await exchange(req, { error: oauthError(), status: 413, success: false });
          const next = (res.json as Record<string, unknown> | undefined)?.registration_access_token;
          if (typeof next === 'string') rat = next;
        },
        { numRuns: 20 },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** Each registration API's paths, the methods it serves there, and its error dialect. */
const servedMethods: { api: string; dialect: Check; paths: [string, string[]][]; headers: () => Record<string, string> }[] = [
  {
    api: 'Auth0 Management API and /oidc/register',
    dialect: anyOf(auth0Api, oauthError('required')),
    headers: () => ({}),
    paths: [
      ['/auth0/api/v2/clients', ['POST', 'GET']],
      ['/auth0/api/v2/clients/{}', ['GET', 'PATCH', 'DELETE']],
      ['/auth0/api/v2/clients/{}/rotate-secret', ['POST']],
      ['/auth0/api/v2/client-grants', ['POST', 'GET']],
      ['/auth0/api/v2/client-grants/{}', ['PATCH', 'DELETE']],
      ['/auth0/oidc/register', ['POST']],
    ],
  },
  {
    api: 'Okta /oauth2/v1/clients',
    dialect: anyOf(oktaApi(), oauthError('required')),
    headers: () => ({ authorization: OKTA_SSWS }),
    paths: [
      ['/okta/oauth2/v1/clients', ['POST', 'GET']],
      ['/okta/oauth2/v1/clients/{}', ['GET', 'PUT', 'DELETE']],
      ['/okta/oauth2/v1/clients/{}/lifecycle/newSecret', ['POST']],
    ],
  },
  {
    api: 'Curity RFC 7591/7592 registration',
    dialect: oauthError(),
    headers: () => ({}),
    paths: [
      ['/curity/token-service/oauth-registration', ['POST']],
      ['/curity/token-service/oauth-registration/{}', ['GET', 'PUT', 'DELETE']],
    ],
  },
  {
    api: 'Microsoft Graph',
    dialect: graphError,
    headers: () => ({}),
    paths: [
      ['/graph/v1.0/applications', ['POST']],
      ['/graph/v1.0/applications/{}', ['GET', 'DELETE']],
      ['/graph/v1.0/applications/{}/addPassword', ['POST']],
      ['/graph/v1.0/applications/{}/removePassword', ['POST']],
      ['/graph/v1.0/servicePrincipals', ['POST']],
    ],
  },
  {
    api: 'the DCR bridge',
    dialect: oauthError('required'),
    headers: () => ({ 'x-api-key': BRIDGE_KEY }),
    paths: [
      ['/dcr-bridge/', ['POST']],
      ['/dcr-bridge/{}', ['DELETE']],
      ['/dcr-bridge/{}/new-secret', ['POST']],
      ['/dcr-bridge/{}/event-hook', ['POST']],
    ],
  },
];

describe('registration APIs under wrong methods', () => {
  for (const { api, dialect, paths, headers } of servedMethods) {
    it(
      `${api}: a method a path does not serve is answered in the API's own dialect, not the harness's {error, message}`,
      async () => {
        await fuzz(
          harness(),
          fc.constantFrom(...paths).chain(([template, served]) =>
            fc.record({
              template: fc.constant(template),
              id: segments,
              // HEAD is served wherever GET is (koa-router); its answer has no body to check anyway.
              method: methods.filter((m) => !served.includes(m) && !(m === 'HEAD' && served.includes('GET'))),
              body: paramBodies({ name: 'x' }),
            }),
          ),
          async ({ template, id, method, body }) => {
            const req: Req = {
              method,
              path: template.replace('{}', () => id),
              headers: { ...headers(), 'content-type': JSON_TYPE },
              body,
            };
            await exchange(req, { error: dialect, success: false });
          },
          { numRuns: 40 },
        );
      },
      FUZZ_TIMEOUT,
    );
  }
});
