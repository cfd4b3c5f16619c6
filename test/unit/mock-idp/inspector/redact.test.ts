/** What the inspector's traffic feed keeps of headers and bodies (mock-idp/inspector/redact.ts). */
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT, redactHeader, redactHeaders, redactJsonText } from '../../../../mock-idp/inspector/redact';

describe('headers', () => {
  it('keeps the scheme of a credential and nothing else', () => {
    expect(redactHeader('authorization', 'Basic MG9hOnNlY3JldA==')).toBe('Basic [redacted]');
    expect(redactHeader('authorization', 'SSWS 00abcDEF')).toBe('SSWS [redacted]');
    expect(redactHeader('authorization', 'opaque')).toBe('[redacted]');
    expect(redactHeader('x-api-key', 'dcr_kit_demo_bridge_api_key')).toBe('[redacted]');
  });

  it('keeps cookie names, not their values', () => {
    expect(redactHeader('cookie', 'portalaccesstoken=abc; session=x=y')).toBe('portalaccesstoken=[redacted]; session=[redacted]');
    expect(redactHeader('set-cookie', ['a=1; Path=/; HttpOnly', 'b=2'])).toBe('a=[redacted]; Path=/; HttpOnly, b=[redacted]');
  });

  it('leaves other headers as they are', () => {
    expect(redactHeaders({ 'content-type': 'application/json', 'content-length': 42 })).toEqual({
      'content-type': 'application/json',
      'content-length': '42',
    });
  });
});

describe('JSON bodies', () => {
  it('redacts secrets wherever they sit, escaped quotes included', () => {
    const body = JSON.stringify({
      client_id: 'abc',
      client_secret: 'se"cr\\et',
      credentials: { oauthClient: { client_secret: 'nested' } },
      passwordCredentials: [{ secretText: 'azR~8Q~x' }],
      registration_access_token: 'rat',
      refresh_token: 'rt',
    });
    const out = JSON.parse(redactJsonText(body));
    expect(out).toEqual({
      client_id: 'abc',
      client_secret: '[redacted]',
      credentials: { oauthClient: { client_secret: '[redacted]' } },
      passwordCredentials: [{ secretText: '[redacted]' }],
      registration_access_token: '[redacted]',
      refresh_token: '[redacted]',
    });
  });

  it('keeps a JWT’s header and claims but not its signature; an opaque token goes entirely', () => {
    expect(JSON.parse(redactJsonText('{"access_token":"eyJh.eyJj.c2ln","token_type":"Bearer"}'))).toEqual({
      access_token: 'eyJh.eyJj.[redacted]',
      token_type: 'Bearer',
    });
    expect(JSON.parse(redactJsonText('{"access_token":"_0XBPWQQ_opaque"}')).access_token).toBe('[redacted]');
  });

  it('cuts a long body after redacting it', () => {
    const long = `{"client_secret":"s","pad":"${'x'.repeat(BODY_LIMIT)}"}`;
    const out = redactJsonText(long);
    expect(out.startsWith('{"client_secret":"[redacted]","pad":"xxx')).toBe(true);
    expect(out).toMatch(/… \[\d+ more characters\]$/);
    expect(out.length).toBeLessThan(BODY_LIMIT + 40);
  });
});
