/**
 * Secrets never reach a log, an error report or an export (issue 6, "Extension hardening"): the redaction helper's
 * own cases, then every export and every logging path of the extension, run against a fixture with a distinctive
 * secret in every place the extension keeps one, and searched for each of them afterwards.
 */
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { apiAnswer, type BrowserCookie, cookieView, formatCookies } from '../../../extension/core/api-console';
import { parseExport, validateProfileInput } from '../../../extension/core/profile-input';
import type { IdpProfile, RegistrationStyleId } from '../../../extension/core/profiles';
import {
  isSecretKey,
  maskValue,
  REDACTED,
  redactError,
  redactText,
  redactValue,
  secretValuesIn,
} from '../../../extension/core/redact';
import { callApi } from '../../../extension/core/service/console';
import { createService, type Service, type Store, UserError } from '../../../extension/core/service/context';
import { portalRegenerate } from '../../../extension/core/service/developer-portal';
import { exportProfiles, importProfiles } from '../../../extension/core/service/profile-admin';
import { registerClient, rotateSecret } from '../../../extension/core/service/registration';
import { errorMessage, knownSecrets, report } from '../../../extension/core/service/reporting';
import { listProfiles } from '../../../extension/core/service/stored';
import { getToken, refresh } from '../../../extension/core/service/tokens';
import { basicAuthorization } from '../../../extension/core/token-request';
import type { Token } from '../../../extension/core/token-response';
import type { RegisteredClient, RegistrationTarget } from '../../../shared/registration/providers';
import { oktaProfile } from './fixtures';
import { memoryStore } from './memory-store';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: Record<string, unknown>, signature: string) =>
  `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64url(payload)}.${signature}`;

/** One distinctive fake secret per place the extension keeps one. */
const SECRET = {
  clientSecret: 'okta-CLIENT-secret-7f3a9c21d4',
  // Characters that change under URL, form and JSON encoding.
  postSecret: 'p@ss/w0rd+AUTH0"secret=&x',
  remembered: 'remembered-SECRET-55aa77bb',
  accessToken: jwt({ iss: 'https://acme.okta.com', cid: '0oaOkta', scope: 'api:read' }, 'SIG-access-token-0c0ffee1'),
  opaqueToken: 'opaque-ACCESS-token-31337',
  auth0AdminSecret: 'auth0-MGMT-client-secret-9911',
  oktaApiToken: '00SSWS-okta-API-token-4242',
  curityAdminSecret: 'curity-DCR-client-secret-8080',
  graphAdminSecret: 'graph-ADMIN-client-secret-1234',
  bridgeApiKey: 'bridge-API-key-5150-abcdef',
  registeredSecret: 'registered-CLIENT-secret-2718',
  registrationAccessToken: 'registration-ACCESS-token-1618',
  portalSecret: 'portal-APP-secret-0707',
  capturedSecret: 'captured-CLIENT-secret-1414',
  sessionCookie: 'session-COOKIE-value-0123456789abcdef',
  portalCookie: 'portalaccesstoken-COOKIE-value-9876543210',
  manifestToken: 'manifest-QUERY-token-6060',
  managementToken: 'Mgmt0Token-issued-by-auth0-2024',
};
/** Each secret as the Basic credential of its client (base64 of `id:secret`, form-encoded first). */
const BASIC = [
  ['0oaOkta', SECRET.clientSecret],
  ['auth0Client', SECRET.postSecret],
  ['curity-client', SECRET.remembered],
  ['dyn-1', SECRET.registeredSecret],
  ['0oaPortal', SECRET.portalSecret],
].flatMap(([id, secret]) => [basicAuthorization(id as string, secret as string).slice(6), btoa(`${id}:${secret}`)]);
const SECRETS = [...Object.values(SECRET), ...BASIC];

/** Every form a secret could take in text: as is, URL/form/JSON-encoded, base64 and as a Basic credential. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
  ];
}

/** The signature is what makes a JWT usable: neither it nor the whole token may appear. */
function expectNoSecret(output: unknown, secrets: readonly string[] = SECRETS): void {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  for (const secret of secrets) {
    for (const form of forms(secret)) expect(text, `leaks ${secret}`).not.toContain(form);
    if (secret.split('.').length === 3) expect(text, `leaks the JWT signature of ${secret}`).not.toContain(secret.split('.')[2]);
  }
}

const okta: IdpProfile = {
  ...oktaProfile,
  clientId: '0oaOkta',
  source: {
    kind: 'harness',
    manifestUrl: `http://127.0.0.1:4400/harness.json?access_token=${SECRET.manifestToken}`,
    tenant: 'okta',
  },
  registrationStyles: ['okta-clients', 'konnect-http-bridge'],
};
const auth0: IdpProfile = {
  id: 'auth0',
  name: 'Auth0',
  vendor: 'auth0',
  endpointId: 'default',
  baseUrl: 'https://acme.us.auth0.com',
  target: 'https://api.example.com',
  clientId: 'auth0Client',
  clientAuth: 'client_secret_post',
  source: { kind: 'manual' },
  registrationStyles: ['auth0-management'],
};
const curity: IdpProfile = {
  id: 'curity',
  name: 'Curity',
  vendor: 'curity',
  endpointId: 'default',
  baseUrl: 'https://idsvr.example.com',
  target: 'read',
  clientId: 'curity-client',
  clientAuth: 'client_secret_basic',
  source: { kind: 'manual' },
  registrationStyles: ['rfc7591'],
};
const registeredProfile: IdpProfile = {
  ...curity,
  id: 'curity/client/dyn-1',
  name: 'dyn (Curity)',
  clientId: 'dyn-1',
  source: { kind: 'registered', parentId: 'curity', style: 'rfc7591' },
  registrationStyles: [],
};
const portalProfile: IdpProfile = {
  ...okta,
  id: 'portal:127.0.0.1:4401:app-1',
  name: 'app (portal, Okta)',
  clientId: '0oaPortal',
  source: { kind: 'portal', portalUrl: 'http://127.0.0.1:4401', version: 'v3', applicationId: 'app-1', linkedTo: 'okta' },
  registrationStyles: [],
};

const token = (accessToken: string): Token => ({
  accessToken,
  tokenType: 'Bearer',
  expiresIn: 3600,
  obtainedAt: 1_700_000_000_000,
  expiresAt: 1_700_003_600_000,
});

const targets: Record<string, Partial<Record<RegistrationStyleId, RegistrationTarget>>> = {
  auth0: {
    'auth0-management': {
      style: 'auth0-management',
      baseUrl: 'https://acme.us.auth0.com',
      tokenEndpoint: 'https://acme.us.auth0.com/oauth/token',
      clientId: 'mgmt',
      clientSecret: SECRET.auth0AdminSecret,
      managementAudience: 'https://acme.us.auth0.com/api/v2/',
      apiAudience: 'https://api.example.com',
    },
  },
  okta: {
    'okta-clients': { style: 'okta-clients', endpoint: 'https://acme.okta.com/oauth2/v1/clients', apiToken: SECRET.oktaApiToken },
    'konnect-http-bridge': {
      style: 'konnect-http-bridge',
      endpoint: 'http://127.0.0.1:4400/dcr-bridge',
      apiKey: SECRET.bridgeApiKey,
    },
  },
  curity: {
    rfc7591: {
      style: 'rfc7591',
      endpoint: 'https://idsvr.example.com/token-service/oauth-registration',
      tokenEndpoint: 'https://idsvr.example.com/oauth/v2/oauth-token',
      clientId: 'dcr-client',
      clientSecret: SECRET.curityAdminSecret,
      defaultScopes: ['read'],
    },
  },
  azure: {
    'graph-applications': {
      style: 'graph-applications',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      tokenEndpoint: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      clientId: 'graph-admin',
      clientSecret: SECRET.graphAdminSecret,
      scope: 'https://graph.microsoft.com/.default',
    },
  },
};
const registered: Record<string, RegisteredClient> = {
  [registeredProfile.id]: {
    clientId: 'dyn-1',
    clientSecret: SECRET.registeredSecret,
    state: {
      registrationClientUri: 'https://idsvr.example.com/token-service/oauth-registration/dyn-1',
      registrationAccessToken: SECRET.registrationAccessToken,
      clientName: 'dyn',
      scope: 'read',
    },
  },
};

/** A store with a secret in every place the extension keeps one. */
async function filledStore(): Promise<Store> {
  const store = memoryStore();
  await store.saveProfiles([okta, auth0, curity, registeredProfile, portalProfile]);
  await store.saveSecrets({
    okta: SECRET.clientSecret,
    auth0: SECRET.postSecret,
    [registeredProfile.id]: SECRET.registeredSecret,
    [portalProfile.id]: SECRET.portalSecret,
  });
  await store.saveRememberedSecrets({ curity: SECRET.remembered });
  await store.saveTokens({ okta: token(SECRET.accessToken), curity: token(SECRET.opaqueToken) });
  await store.saveRegistrations(targets);
  await store.saveRegistered(registered);
  await store.saveCaptures([
    {
      id: 'capture:1',
      origin: 'http://127.0.0.1:4401',
      clientId: 'captured',
      clientSecret: SECRET.capturedSecret,
      source: 'generic',
      at: 1,
    },
  ]);
  return store;
}

type Reply = (url: string, init: RequestInit) => Response | Promise<Response>;

async function setup(reply: Reply) {
  const store = await filledStore();
  const sent: { url: string; init: RequestInit }[] = [];
  const service = createService({
    fetch: async (input, init = {}) => {
      sent.push({ url: String(input), init });
      return reply(String(input), init);
    },
    store,
    clock: () => 1_700_000_000_000,
    scheduler: { schedule: async () => {}, cancel: async () => {} },
  });
  return { service, store, sent };
}

/** An API that echoes what it received, headers and body, with secrets of its own in its headers and body. */
const echo: Reply = (url, init) => {
  const headers = new Headers(init.headers);
  return new Response(
    JSON.stringify({
      url,
      headers: Object.fromEntries(headers.entries()),
      body: init.body ?? null,
      consumer: { authMethod: 'client_credentials', credential: '0oaOkta' },
      issued: { access_token: SECRET.accessToken, refresh_token: SECRET.opaqueToken, token_type: 'Bearer' },
      note: `forwarded upstream with Authorization: Bearer ${SECRET.managementToken}`,
    }),
    {
      status: 200,
      headers: [
        ['content-type', 'application/json'],
        ['x-echo-authorization', headers.get('authorization') ?? ''],
        ['set-cookie', `session=${SECRET.sessionCookie}; Path=/; HttpOnly`],
        ['x-api-key', SECRET.bridgeApiKey],
      ],
    },
  );
};

describe('the redaction helper', () => {
  it('knows secret key names in every spelling, and leaves the others alone', () => {
    for (const name of [
      'client_secret',
      'clientSecret',
      'access_token',
      'accessToken',
      'refresh_token',
      'id_token',
      'registration_access_token',
      'registrationAccessToken',
      'password',
      'api_key',
      'apiKey',
      'apiToken',
      'Authorization',
      'Proxy-Authorization',
      'Cookie',
      'Set-Cookie',
      'X-API-Key',
      'secretText',
      'client_assertion',
      'portalaccesstoken',
    ])
      expect(isSecretKey(name), name).toBe(true);
    for (const name of ['client_id', 'token_type', 'token_endpoint', 'expires_in', 'credential', 'scope', 'error', 'keyId'])
      expect(isSecretKey(name), name).toBe(false);
  });

  it('redacts values under secret keys at any depth, strings in arrays included, and keeps the rest', () => {
    const value = {
      client_id: 'abc',
      client_secret: 'not-this-one',
      nested: { accessToken: 'nor-this', list: [{ refresh_token: 'or-this' }], expires_in: 3600 },
      'set-cookie': ['a=1', 'b=2'],
      hasSecret: true,
      token: { accessToken: 'inner-token', tokenType: 'Bearer' },
    };
    expect(redactValue(value)).toEqual({
      client_id: 'abc',
      client_secret: REDACTED,
      nested: { accessToken: REDACTED, list: [{ refresh_token: REDACTED }], expires_in: 3600 },
      'set-cookie': [REDACTED, REDACTED],
      hasSecret: true,
      token: { accessToken: REDACTED, tokenType: 'Bearer' },
    });
    expect(value.client_secret).toBe('not-this-one');
  });

  it('redacts the credential after Basic, Bearer, SSWS and DPoP, and not prose that uses those words', () => {
    expect(redactText('Authorization: Basic MG9hMTpzM2NyZXQ=')).toBe(`Authorization: ${REDACTED}`);
    expect(redactText('sent with authorization: bearer abc123.def and more')).toBe(
      `sent with authorization: bearer ${REDACTED} and more`,
    );
    expect(redactText(`header SSWS ${SECRET.oktaApiToken}`)).toBe(`header SSWS ${REDACTED}`);
    expect(redactText('DPoP Zm9vYmFyMTIz')).toBe(`DPoP ${REDACTED}`);
    expect(redactText('Use Basic authentication or a Bearer token.')).toBe('Use Basic authentication or a Bearer token.');
    expect(redactText('Bearer realm="kong"')).toBe('Bearer realm="kong"');
  });

  it('redacts JWT-shaped strings, passwords in URLs, and secret parameters in forms and query strings', () => {
    expect(redactText(`token ${SECRET.accessToken} expired`)).toBe(`token ${REDACTED} expired`);
    expect(redactText('https://admin:hunter2-pw@idp.example.com/x')).toBe(`https://admin:${REDACTED}@idp.example.com/x`);
    expect(redactText('grant_type=client_credentials&client_id=a&client_secret=s3cr3t%2B&scope=x')).toBe(
      `grant_type=client_credentials&client_id=a&client_secret=${REDACTED}&scope=x`,
    );
    expect(redactText('GET https://api.example.com/cb?code_verifier=abc&access_token=xyz&state=1')).toBe(
      `GET https://api.example.com/cb?code_verifier=${REDACTED}&access_token=${REDACTED}&state=1`,
    );
    expect(redactText("the 'client_secret': 'abc' and password=\"p w\"")).toBe(
      `the 'client_secret': '${REDACTED}' and password="${REDACTED}"`,
    );
  });

  it('redacts whole header lines that carry credentials (every cookie of a Cookie header)', () => {
    expect(redactText('accept: */*\nCookie: session=abc; other=def\nset-cookie: a=b; HttpOnly\nX-Api-Key: k-123')).toBe(
      `accept: */*\nCookie: ${REDACTED}\nset-cookie: ${REDACTED}\nX-Api-Key: ${REDACTED}`,
    );
  });

  it('redacts JSON text structurally, and returns JSON text unchanged (layout and all) when it holds no secret', () => {
    const clean = '{\n  "error": "invalid_client",\n  "error_description": "Invalid client"\n}';
    expect(redactText(clean)).toBe(clean);
    const body = JSON.stringify({ error: 'x', request: { headers: { Authorization: 'Bearer abc123' }, client_secret: 's' } });
    expect(JSON.parse(redactText(body))).toEqual({
      error: 'x',
      request: { headers: { Authorization: REDACTED }, client_secret: REDACTED },
    });
  });

  it('redacts known secret values wherever they are, in any encoding, but not values too short to be told apart', () => {
    const known = [SECRET.postSecret, 'abc'];
    const text = `raw ${SECRET.postSecret} url ${encodeURIComponent(SECRET.postSecret)} json ${JSON.stringify(SECRET.postSecret)} abc`;
    const redacted = redactText(text, known);
    expectNoSecret(redacted, [SECRET.postSecret]);
    expect(redacted).toBe(`raw ${REDACTED} url ${REDACTED} json "${REDACTED}" abc`);
  });

  it("redacts an error's message and nothing else of it (no stack, no body)", () => {
    const error = Object.assign(new Error(`refused client_secret=${SECRET.clientSecret}`), { body: SECRET.opaqueToken });
    expect(redactError(error)).toBe(`refused client_secret=${REDACTED}`);
    expect(redactError(`plain ${SECRET.opaqueToken}`, [SECRET.opaqueToken])).toBe(`plain ${REDACTED}`);
  });

  it('collects the values stored under secret keys (what to redact elsewhere)', () => {
    expect(secretValuesIn(targets).sort()).toEqual(
      [
        SECRET.auth0AdminSecret,
        SECRET.oktaApiToken,
        SECRET.bridgeApiKey,
        SECRET.curityAdminSecret,
        SECRET.graphAdminSecret,
      ].sort(),
    );
    expect(secretValuesIn(registered).sort()).toEqual([SECRET.registeredSecret, SECRET.registrationAccessToken].sort());
  });

  it('masks a value to its length (and the first four characters of a long one)', () => {
    expect(maskValue(SECRET.sessionCookie)).toBe(`sess… (${SECRET.sessionCookie.length} characters)`);
    expect(maskValue('short-val')).toBe('… (9 characters)');
  });
});

describe('every export carries no secret', () => {
  it('profile export: no secret from any store, no token in a URL, no registration data', async () => {
    const { service } = await setup(echo);
    const text = await exportProfiles(service);
    expectNoSecret(text);
    const exported = JSON.parse(text);
    expect(exported.profiles.map((p: IdpProfile) => p.id)).toEqual([
      'okta',
      'auth0',
      'curity',
      registeredProfile.id,
      portalProfile.id,
    ]);
    expect(exported.profiles[0].source.manifestUrl).toBe(`http://127.0.0.1:4400/harness.json?access_token=${REDACTED}`);
    expect(text).not.toContain('registrationStyles');
  });

  it('profile import keeps nothing a file smuggles in, so a later export cannot carry it', async () => {
    const { service, store } = await setup(echo);
    const smuggled = JSON.stringify({
      format: 'dcr-kit-profiles',
      version: 1,
      profiles: [
        {
          ...okta,
          id: 'imported',
          clientSecret: SECRET.clientSecret,
          source: {
            kind: 'harness',
            manifestUrl: 'http://127.0.0.1:4400/harness.json',
            tenant: 'okta',
            apiToken: SECRET.oktaApiToken,
          },
        },
      ],
    });
    const [profile] = parseExport(smuggled);
    expect(profile?.source).toEqual({ kind: 'harness', manifestUrl: 'http://127.0.0.1:4400/harness.json', tenant: 'okta' });
    await importProfiles(service, smuggled);
    expectNoSecret(await store.profiles(), [SECRET.clientSecret, SECRET.oktaApiToken]);
    expectNoSecret(await exportProfiles(service));
  });

  it('a profile cannot keep a password in its URL (it would be stored and exported)', () => {
    const result = validateProfileInput(
      { ...okta, baseUrl: `https://admin:${SECRET.clientSecret}@acme.okta.com`, clientSecret: '' },
      () => 'x',
    );
    expect(result).toEqual({ errors: { baseUrl: 'no user name or password in the URL: the secret has its own field' } });
  });

  describe('cookies', () => {
    const cookies: BrowserCookie[] = [
      {
        name: 'session',
        value: SECRET.sessionCookie,
        domain: '127.0.0.1',
        path: '/',
        httpOnly: true,
        secure: false,
        sameSite: 'lax',
      },
      {
        name: 'portalaccesstoken',
        value: SECRET.portalCookie,
        domain: '.example.com',
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        expirationDate: 1_800_000_000,
      },
    ];

    it.each(['json', 'header', 'netscape'] as const)('%s export without "Include values" holds no cookie value', (format) => {
      const text = formatCookies(
        cookies.map((c) => cookieView(c, false)),
        format,
      );
      expectNoSecret(text, [SECRET.sessionCookie, SECRET.portalCookie]);
      expect(text).toContain('session');
      expect(text).toContain(`(${SECRET.sessionCookie.length} characters)`);
    });

    it('includes the values only when the user asks for them', () => {
      expect(formatCookies([cookieView(cookies[0] as BrowserCookie, true)], 'header')).toBe(`session=${SECRET.sessionCookie}`);
    });
  });

  describe('the API console answer', () => {
    it.each(['client_credentials', 'bearer', 'session', 'none'] as const)(
      '%s: an echoed Authorization header, tokens in the body and secret response headers are redacted',
      async (auth) => {
        const { service, sent } = await setup(echo);
        const answer = await callApi(service, {
          url: 'http://127.0.0.1:4402/okta/anything',
          method: 'GET',
          auth,
          profileId: 'okta',
        });
        expect(answer.status).toBe(200);
        expectNoSecret(answer);
        // What is not secret stays readable.
        const body = JSON.parse(answer.body);
        expect(body.consumer).toEqual({ authMethod: 'client_credentials', credential: '0oaOkta' });
        expect(body.issued.token_type).toBe('Bearer');
        expect(Object.fromEntries(answer.headers)).toMatchObject({ 'content-type': 'application/json', 'set-cookie': REDACTED });
        // …while the request itself carried the credential.
        const authorization = new Headers(sent[0]?.init.headers).get('authorization');
        if (auth === 'client_credentials') expect(authorization).toBe(basicAuthorization('0oaOkta', SECRET.clientSecret));
        if (auth === 'bearer') expect(authorization).toBe(`Bearer ${SECRET.accessToken}`);
      },
    );

    it('redacts a secret in a non-JSON body and in a body longer than the display limit', async () => {
      const text = `plain text with ${SECRET.clientSecret} and ${'x'.repeat(70_000)} and ${SECRET.accessToken}`;
      const { service } = await setup(() => new Response(text, { status: 200 }));
      const answer = await callApi(service, { url: 'http://127.0.0.1:4402/x', method: 'GET', auth: 'none' });
      expect(answer.truncated).toBe(true);
      expectNoSecret(answer);
      expect(answer.body.startsWith(`plain text with ${REDACTED} and xxx`)).toBe(true);
    });
  });

  it('a failed token request: the raw body, the description and the kept error carry no secret', async () => {
    const { service } = await setup((_url, init) => {
      const authorization = new Headers(init.headers).get('authorization');
      return new Response(
        JSON.stringify({
          error: 'invalid_client',
          error_description: `client authentication failed for ${authorization} (secret ${SECRET.clientSecret})`,
          echo: { body: String(init.body), authorization },
        }),
        { status: 401 },
      );
    });
    const result = await getToken(service, 'okta');
    expect(result.ok).toBe(false);
    expectNoSecret(result);
    expectNoSecret((await listProfiles(service)).map((p) => p.lastError));
    if (!result.ok) {
      expect(result.error).toMatchObject({ status: 401, error: 'invalid_client' });
      expect(result.error.description).toBe(`client authentication failed for Basic ${REDACTED} (secret ${REDACTED})`);
    }
  });

  it('a failed token request with the secret in the body (client_secret_post, encoded) echoed back', async () => {
    const { service } = await setup(
      (_url, init) => new Response(`bad request: ${String(init.body)} / ${SECRET.postSecret}`, { status: 400 }),
    );
    const result = await getToken(service, 'auth0');
    expect(result.ok).toBe(false);
    expectNoSecret(result);
  });
});

describe('every error reported to an extension page carries no secret', () => {
  const failures: [string, Reply, (service: Service) => Promise<unknown>][] = [
    [
      'Okta clients API echoing the SSWS token',
      (_url, init) =>
        new Response(
          JSON.stringify({ errorSummary: `Invalid token provided: ${new Headers(init.headers).get('authorization')}` }),
          {
            status: 401,
          },
        ),
      (s) => registerClient(s, 'okta', 'new', 'okta-clients'),
    ],
    [
      'the Konnect bridge echoing its API key',
      (_url, init) =>
        new Response(JSON.stringify({ message: `api key ${JSON.stringify(init.headers)} is not allowed` }), { status: 403 }),
      (s) => registerClient(s, 'okta', 'new', 'konnect-http-bridge'),
    ],
    [
      "Auth0's Management API echoing its (unknown to the extension) bearer token",
      (url) =>
        url.endsWith('/oauth/token')
          ? new Response(JSON.stringify({ access_token: SECRET.managementToken, expires_in: 60 }), { status: 200 })
          : new Response(JSON.stringify({ message: `Bad token: Bearer ${SECRET.managementToken}` }), { status: 401 }),
      (s) => registerClient(s, 'auth0', 'new', 'auth0-management'),
    ],
    [
      'RFC 7592 echoing the registration access token',
      (_url, init) =>
        new Response(JSON.stringify({ error_description: `token ${new Headers(init.headers).get('authorization')} revoked` }), {
          status: 401,
        }),
      (s) => rotateSecret(s, registeredProfile.id),
    ],
    [
      'a portal echoing the application secret',
      () => new Response(JSON.stringify({ detail: `cannot regenerate ${SECRET.portalSecret}` }), { status: 400 }),
      (s) => portalRegenerate(s, portalProfile.id),
    ],
  ];

  it.each(failures)('%s', async (_name, reply, operation) => {
    const { service } = await setup(reply);
    const error = await operation(service).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    const message = await errorMessage(service, error);
    expect(message.length).toBeGreaterThan(0);
    expect(message).toContain(REDACTED);
    expectNoSecret(message);
  });
});

describe('an unreachable token endpoint whose error names the request', () => {
  it('is a failed request (shown, kept for the popup) whose words carry no secret', async () => {
    const { service } = await setup(() => {
      throw new TypeError(`fetch failed: POST client_secret=${encodeURIComponent(SECRET.postSecret)}`);
    });
    const result = await getToken(service, 'auth0');
    expect(result.ok).toBe(false);
    const explanation = result.ok ? '' : result.error.explanation;
    expect(explanation).toMatch(/^Cannot reach https:\/\/[^:]+: fetch failed: POST client_secret=/);
    expect(explanation).toContain(REDACTED);
    expectNoSecret(explanation);
    expectNoSecret((await listProfiles(service)).map((p) => p.lastError));
  });
});

describe('every logging path redacts', () => {
  const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  let spies: MockInstance[] = [];
  beforeEach(() => {
    spies = METHODS.map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });
  const logged = () =>
    spies.flatMap((spy) => spy.mock.calls.map((args) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')));

  it('a failed re-fetch whose error body holds the secret, the token and the Authorization header', async () => {
    const { service } = await setup((_url, init) => {
      const authorization = new Headers(init.headers).get('authorization');
      return new Response(
        JSON.stringify({
          error: 'invalid_client',
          error_description: `no such client: ${authorization}, secret ${SECRET.clientSecret}, old token ${SECRET.accessToken}`,
        }),
        { status: 401 },
      );
    });
    await refresh(service, 'okta');
    const lines = logged();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dcr-kit: re-fetch for "okta" failed: HTTP 401 invalid_client: no such client: Basic \[redacted\]/);
    expectNoSecret(lines);
    expectNoSecret((await listProfiles(service)).map((p) => p.lastError));
  });

  it('a re-fetch that cannot reach the IdP, with the request in the network error', async () => {
    const { service } = await setup(() => {
      throw new TypeError(`connect ECONNREFUSED; request Authorization: Basic ${btoa(`0oaOkta:${SECRET.clientSecret}`)}`);
    });
    await refresh(service, 'okta');
    const lines = logged();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('dcr-kit: re-fetch for "okta" failed: Cannot reach https://acme.okta.com: connect ECONNREFUSED');
    expectNoSecret(lines);
    expectNoSecret((await listProfiles(service)).map((p) => p.lastError));
  });

  it('an unexpected error (header injection failing with the token in its message) is logged redacted, and not reported', async () => {
    const store = await filledStore();
    const service = createService({
      fetch: async () =>
        new Response(JSON.stringify({ access_token: SECRET.opaqueToken, token_type: 'Bearer', expires_in: 3600 }), {
          status: 200,
        }),
      store,
      clock: () => 1_700_000_000_000,
      scheduler: { schedule: async () => {}, cancel: async () => {} },
      tokens: {
        tokenChanged: async (_id, t) => {
          throw new Error(`updateSessionRules: rule 1 {"header":"authorization","value":"Bearer ${t.accessToken}"} invalid`);
        },
        tokenRemoved: async () => {},
      },
    });
    const error = await getToken(service, 'okta').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(await errorMessage(service, error)).toBe('unexpected error in the background');
    const lines = logged();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('dcr-kit: a background operation failed: updateSessionRules: rule 1');
    expectNoSecret(lines);
  });

  it('report(): the one logging helper redacts its subject and the error', async () => {
    const { service } = await setup(echo);
    await report(
      service,
      `call with ${SECRET.bridgeApiKey}`,
      new Error(`bridge refused x-api-key=${SECRET.bridgeApiKey} and ${SECRET.registrationAccessToken}`),
    );
    expect(logged()).toEqual([`dcr-kit: call with ${REDACTED} failed: bridge refused x-api-key=${REDACTED} and ${REDACTED}`]);
    await report(service, 'sync', new Error(`x-api-key: ${SECRET.bridgeApiKey}; more`));
    expect(logged().at(-1)).toBe(`dcr-kit: sync failed: x-api-key: ${REDACTED}`);
  });

  it('knows every secret the extension holds, so it can redact them by value', async () => {
    const { service } = await setup(echo);
    const known = await knownSecrets(service);
    // The browser keeps the cookies, a profile URL is not a secret store, and the management token is never stored.
    const elsewhere = new Set([SECRET.sessionCookie, SECRET.portalCookie, SECRET.manifestToken, SECRET.managementToken]);
    for (const secret of Object.values(SECRET).filter((s) => !elsewhere.has(s))) expect(known, secret).toContain(secret);
    expect(known).toContain(basicAuthorization('0oaOkta', SECRET.clientSecret).slice('Basic '.length));
  });
});

describe('redaction on large bodies', () => {
  it('shows the first 64 KiB of a 1 MB dotted, hyphenated answer, with a secret in it redacted', () => {
    // Such bodies made an earlier pattern quadratic (tens of seconds); speed is the bench's business, this pins
    // that the answer is cut and still redacted.
    const body = `client_secret=${'S'.repeat(40)} ${'ab-cd.'.repeat(170_000)}`;
    const answer = apiAnswer(200, new Headers(), body, 1, []);
    expect(answer.truncated).toBe(true);
    expect(answer.body).toHaveLength(64 * 1024);
    expect(answer.body.startsWith('client_secret=[redacted] ab-cd.')).toBe(true);
  });

  it('redacts a whole megabyte when asked to (a secret at the very end is found)', () => {
    const text = `${'ab-cd.'.repeat(170_000)} api_key=${'K'.repeat(32)}`;
    expect(redactText(text, []).endsWith('api_key=[redacted]')).toBe(true);
  });
});
