import { describe, expect, it } from 'vitest';
import { BodyError, clientCredentials, parseForm, parseJsonParams, secretMatches } from '../../../../mock-idp/core/http';

const b64 = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
const bytes = (s: string) => Buffer.from(s);

describe('clientCredentials', () => {
  it('reads RFC 6749 Basic credentials, URL-decoding the id', () => {
    expect(clientCredentials(b64('my%20app:s%3Acret'), {})).toEqual({
      method: 'client_secret_basic',
      clientId: 'my app',
      clientSecret: 's%3Acret',
    });
  });

  it('splits at the first colon only', () => {
    expect(clientCredentials(b64('id:se:cr:et'), {})).toMatchObject({ clientId: 'id', clientSecret: 'se:cr:et' });
  });

  it('reads body credentials (client_secret_post)', () => {
    expect(clientCredentials(undefined, { client_id: 'a', client_secret: 'b' })).toEqual({
      method: 'client_secret_post',
      clientId: 'a',
      clientSecret: 'b',
    });
  });

  it('flags a Basic header that is not base64 (as Kong docs show: "Basic id:secret")', () => {
    expect(clientCredentials('Basic id:secret', {})).toEqual({ method: 'malformed_basic', clientId: undefined });
  });

  it('flags credentials sent both ways, and reports a bare client_id as none', () => {
    expect(clientCredentials(b64('a:b'), { client_secret: 'b' })).toMatchObject({ method: 'multiple' });
    expect(clientCredentials(undefined, { client_id: 'a' })).toEqual({ method: 'none', clientId: 'a' });
  });
});

describe('secretMatches', () => {
  it('accepts a Basic secret raw or URL-encoded, and only the exact secret', () => {
    const raw = clientCredentials(b64('id:a+b/c'), {});
    const encoded = clientCredentials(b64('id:a%2Bb%2Fc'), {});
    expect(secretMatches('a+b/c', raw)).toBe(true);
    expect(secretMatches('a+b/c', encoded)).toBe(true);
    expect(secretMatches('a+b/cd', raw)).toBe(false);
    expect(secretMatches('x', clientCredentials(undefined, { client_id: 'id' }))).toBe(false);
  });

  it('never matches a client without a secret, even against an empty one', () => {
    expect(secretMatches('', clientCredentials(undefined, { client_id: 'public', client_secret: '' }))).toBe(false);
  });
});

describe('parseForm', () => {
  it('decodes parameters and lists repeated names', () => {
    const params = parseForm(bytes('grant_type=client_credentials&scope=a+b&scope=c&x=%C3%A9'));
    expect(params.values).toEqual({ grant_type: 'client_credentials', scope: 'a b', x: 'é' });
    expect(params.repeated).toEqual(['scope']);
  });

  it('refuses invalid UTF-8, raw or percent-encoded', () => {
    expect(() => parseForm(Buffer.from([0x61, 0x3d, 0xff]))).toThrow(BodyError);
    expect(() => parseForm(bytes('a=%FF'))).toThrowError(expect.objectContaining({ problem: 'invalid_utf8' }));
  });
});

describe('parseJsonParams', () => {
  it('takes string values and skips nulls', () => {
    expect(parseJsonParams(bytes('{"a":"1","b":null}')).values).toEqual({ a: '1' });
  });

  it('names the problem with malformed JSON, arrays and non-string values', () => {
    expect(() => parseJsonParams(bytes('{'))).toThrowError(expect.objectContaining({ problem: 'malformed_json' }));
    expect(() => parseJsonParams(bytes('[1]'))).toThrowError(expect.objectContaining({ problem: 'not_an_object' }));
    expect(() => parseJsonParams(bytes('{"a":{"b":1}}'))).toThrowError(expect.objectContaining({ problem: 'non_string_value' }));
  });
});
