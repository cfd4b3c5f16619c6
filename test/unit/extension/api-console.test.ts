import { describe, expect, it } from 'vitest';
import { apiAnswer, apiRequest, formatCookies, MAX_BODY_CHARS } from '../../../extension/core/api-console';

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
