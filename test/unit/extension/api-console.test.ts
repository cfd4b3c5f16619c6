import { describe, expect, it } from 'vitest';
import {
  apiAnswer,
  apiRequest,
  formatCookies,
  isJsonType,
  MAX_BODY_CHARS,
  userHeaderSecrets,
} from '../../../extension/core/api-console';

describe('apiRequest', () => {
  it('sends client credentials as base64 Basic, with cookies included (the gateway may set a session)', () => {
    const request = apiRequest(
      { url: 'http://127.0.0.1:4402/okta/anything', method: 'get', auth: 'client_credentials' },
      { clientId: 'id', clientSecret: 's:x' },
    );
    expect(request).toEqual({
      url: 'http://127.0.0.1:4402/okta/anything',
      init: {
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Basic ${Buffer.from('id:s%3Ax').toString('base64')}` },
        credentials: 'include',
        redirect: 'manual',
      },
    });
  });

  it('sends a bearer token, nothing for "session" but the cookies, and omits cookies for "none"', () => {
    expect(
      apiRequest({ url: 'https://api.example/x', method: 'POST', auth: 'bearer', body: '{}' }, { accessToken: 't' }).init,
    ).toEqual({
      method: 'POST',
      headers: { accept: 'application/json', authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{}',
      credentials: 'include',
      redirect: 'manual',
    });
    expect(apiRequest({ url: 'https://api.example/x', method: 'GET', auth: 'session' }, {}).init.headers).toEqual({
      accept: 'application/json',
    });
    expect(apiRequest({ url: 'https://api.example/x', method: 'GET', auth: 'none' }, {}).init.credentials).toBe('omit');
  });

  it('names the bad field', () => {
    expect(() => apiRequest({ url: 'nope', method: 'GET', auth: 'none' }, {})).toThrow('url: enter an absolute http(s) URL');
    expect(() => apiRequest({ url: 'ftp://x/y', method: 'GET', auth: 'none' }, {})).toThrow('url: only http and https');
    expect(() => apiRequest({ url: 'https://x/y', method: 'FETCH', auth: 'none' }, {})).toThrow(
      'method: FETCH is not an HTTP method',
    );
    expect(() => apiRequest({ url: 'https://x/y', method: 'GET', auth: 'bearer' }, {})).toThrow(
      'auth: get a token for this profile first',
    );
  });
});

describe('apiAnswer', () => {
  it('keeps status, headers and time, and cuts very long bodies', () => {
    const answer = apiAnswer(200, new Headers({ 'content-type': 'text/plain' }), 'x'.repeat(MAX_BODY_CHARS + 5), 12.4);
    expect(answer).toMatchObject({ status: 200, headers: [['content-type', 'text/plain']], truncated: true, timeMs: 12 });
    expect(answer.body).toHaveLength(MAX_BODY_CHARS);
  });
});

describe('formatCookies', () => {
  const session = {
    name: 'session',
    value: 'abc',
    domain: '127.0.0.1',
    path: '/',
    httpOnly: true,
    secure: false,
    sameSite: 'lax',
  };
  const remember = {
    name: 'remember',
    value: 'r',
    domain: '.example.com',
    path: '/',
    httpOnly: false,
    secure: true,
    sameSite: 'lax',
    expirationDate: 1800000000.5,
  };

  it('writes Netscape cookies.txt with the #HttpOnly_ prefix and expiry 0 for a session cookie', () => {
    expect(formatCookies([session, remember], 'netscape')).toBe(
      '# Netscape HTTP Cookie File\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc\n.example.com\tTRUE\t/\tTRUE\t1800000000\tremember\tr',
    );
  });

  it('writes a Cookie header value and JSON', () => {
    expect(formatCookies([session, remember], 'header')).toBe('session=abc; remember=r');
    expect(JSON.parse(formatCookies([session], 'json'))).toEqual([session]);
  });
});

describe('apiRequest: the user’s headers and body', () => {
  const base = { url: 'https://api.example/x', method: 'POST', auth: 'none' } as const;

  it('sends the user’s headers (lower-cased names, trimmed, blank rows ignored) and a JSON body with its type', () => {
    expect(
      apiRequest(
        {
          ...base,
          headers: [
            [' X-Request-Id ', ' 42 '],
            ['', ''],
            ['Accept', 'text/plain'],
          ],
          body: '{"a":1}',
          contentType: 'application/merge-patch+json',
        },
        {},
      ).init,
    ).toEqual({
      method: 'POST',
      headers: { accept: 'text/plain', 'x-request-id': '42', 'content-type': 'application/merge-patch+json' },
      body: '{"a":1}',
      credentials: 'omit',
      redirect: 'manual',
    });
    expect(apiRequest({ ...base, body: 'a=1', contentType: 'application/x-www-form-urlencoded' }, {}).init).toMatchObject({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
  });

  it('refuses ill-formed and forbidden header names, naming the field and the header', () => {
    const refused =
      (name: string, value = 'v', auth: 'none' | 'bearer' = 'none') =>
      () =>
        apiRequest({ ...base, auth, headers: [[name, value]] }, { accessToken: 't' });
    expect(refused('X Bad')).toThrow(/^headers: "X Bad" is not a header name/);
    expect(refused('X-Id:')).toThrow(/^headers: "X-Id:" is not a header name/);
    expect(refused('Cookie')).toThrow('headers: Cookie is set by the browser, not by a page; choose "Session cookie only"');
    expect(refused('Host')).toThrow('headers: Host is set by the browser itself; a page may not set it (Fetch standard)');
    expect(refused('Sec-Fetch-Mode')).toThrow('headers: Sec-Fetch-Mode is set by the browser itself');
    expect(refused('Proxy-Authorization')).toThrow('headers: Proxy-Authorization is set by the browser itself');
    expect(refused('X-Id', 'a\r\nInjected: 1')).toThrow('headers: the value of X-Id has a line break or NUL');
    expect(refused('', 'orphan')).toThrow('headers: a header with the value "orphan" has no name');
    expect(() =>
      apiRequest(
        {
          ...base,
          headers: [
            ['X-A', '1'],
            ['x-a', '2'],
          ],
        },
        {},
      ),
    ).toThrow('headers: x-a is given twice');
  });

  it('refuses an Authorization header the auth method would overwrite, and sends it with "No credentials"', () => {
    expect(() =>
      apiRequest({ ...base, auth: 'bearer', headers: [['Authorization', 'Bearer mine']] }, { accessToken: 't' }),
    ).toThrow('headers: Authorization is set by the auth method (Bearer token); choose "No credentials" to send your own');
    expect(() =>
      apiRequest(
        { ...base, auth: 'client_credentials', headers: [['authorization', 'x']] },
        { clientId: 'i', clientSecret: 's' },
      ),
    ).toThrow('headers: Authorization is set by the auth method (Client credentials (Basic, base64))');
    expect(apiRequest({ ...base, headers: [['Authorization', 'Bearer mine']] }, {}).init.headers.authorization).toBe(
      'Bearer mine',
    );
  });

  it('checks a JSON body before sending and names the problem; refuses a body on GET and a bad content type', () => {
    expect(() => apiRequest({ ...base, body: '{"a":1,}' }, {})).toThrow(/^body: not valid JSON: .*position 7/);
    expect(() => apiRequest({ ...base, body: '{', contentType: 'application/json; charset=utf-8' }, {})).toThrow(
      /^body: not valid JSON: /,
    );
    expect(() => apiRequest({ ...base, method: 'GET', body: '{}' }, {})).toThrow(
      'body: a GET request cannot carry a body; choose POST, PUT, PATCH or DELETE, or empty the body',
    );
    expect(() => apiRequest({ ...base, body: 'x', contentType: 'json' }, {})).toThrow(
      'body: "json" is not a content type (type/subtype, e.g. application/json)',
    );
    expect(() => apiRequest({ ...base, body: '{}', headers: [['Content-Type', 'text/plain']] }, {})).toThrow(
      "headers: Content-Type is set by the body's content type field",
    );
  });
});

describe('userHeaderSecrets', () => {
  it('lists the values of secret-named headers (and the credential after a scheme) so the answer redacts them', () => {
    expect(
      userHeaderSecrets({
        ...{ url: 'https://a/', method: 'GET', auth: 'none' },
        headers: [
          ['Authorization', 'Bearer abc.def'],
          ['X-API-Key', 'k-123456'],
          ['X-Trace', 'not-secret'],
        ],
      }),
    ).toEqual(['Bearer abc.def', 'abc.def', 'k-123456']);
  });
});

describe('isJsonType', () => {
  it('knows application/json and the +json types (RFC 6839 §3.1), parameters ignored', () => {
    expect(['application/json', 'Application/JSON; charset=utf-8', 'application/problem+json'].map(isJsonType)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['text/plain', 'application/jsonp', 'application/x-www-form-urlencoded'].map(isJsonType)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
