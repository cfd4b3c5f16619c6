/** Token responses and errors as each vendor sends them (hand-built, from vendors.md's captured bodies). */
import { describe, expect, it } from 'vitest';
import { processTokenResponse, refreshAt } from '../../../extension/core/token-response';

const NOW = 1_700_000_000_000;
const respond = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  text: typeof body === 'string' ? body : JSON.stringify(body),
});
const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('processTokenResponse', () => {
  it('reads Entra v1 numbers sent as strings', () => {
    const result = processTokenResponse(
      'azure',
      respond(200, {
        token_type: 'Bearer',
        expires_in: '3599',
        ext_expires_in: '3599',
        expires_on: '1700003599',
        not_before: '1700000000',
        resource: 'r',
        access_token: jwt({ appid: 'x' }),
      }),
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      token: { tokenType: 'Bearer', expiresIn: 3599, expiresAt: NOW + 3_599_000, decoded: { payload: { appid: 'x' } } },
    });
  });

  it("keeps Curity's lower-case bearer and an opaque token undecoded", () => {
    const result = processTokenResponse(
      'curity',
      respond(200, { access_token: '_0XBPWQQ_abc', scope: 'read', token_type: 'bearer', expires_in: 300 }),
      NOW,
    );
    expect(result.ok && result.token.tokenType).toBe('bearer');
    expect(result.ok && result.token.decoded).toBeUndefined();
    expect(result.ok && result.token.scope).toBe('read');
  });

  it('explains AADSTS7000215 and keeps the raw body', () => {
    const body = {
      error: 'invalid_client',
      error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t',
      error_codes: [7000215],
    };
    const result = processTokenResponse('azure', respond(401, body), NOW);
    expect(result).toEqual({
      ok: false,
      error: {
        status: 401,
        error: 'invalid_client',
        description: body.error_description,
        explanation: 'AADSTS7000215: The client secret is wrong. Use the secret *value* shown when it was created, not its ID.',
        raw: JSON.stringify(body),
      },
    });
  });

  it("explains Auth0's missing client grant and Okta's missing scope", () => {
    const grant = processTokenResponse(
      'auth0',
      respond(403, {
        error: 'access_denied',
        error_description:
          'Client is not authorized to access "https://api/". You need to create a "client-grant" associated to this API.',
      }),
      NOW,
    );
    expect(!grant.ok && grant.error.explanation).toMatch(/no client grant/);
    const scope = processTokenResponse(
      'okta',
      respond(400, {
        error: 'invalid_scope',
        error_description:
          "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      }),
      NOW,
    );
    expect(!scope.ok && scope.error.explanation).toBe('Okta needs a scope: this authorization server has no default scopes.');
  });

  it('reports Retry-After on 429, in seconds or as a date', () => {
    const seconds = processTokenResponse('okta', respond(429, { error: 'too_many_requests' }, { 'retry-after': '30' }), NOW);
    expect(!seconds.ok && seconds.error.retryAfter).toBe(30);
    const date = processTokenResponse(
      'okta',
      respond(503, 'busy', { 'retry-after': new Date(NOW + 120_000).toUTCString() }),
      NOW,
    );
    expect(!date.ok && date.error.retryAfter).toBe(120);
  });

  it('refuses a 200 without a token or a usable expires_in, and a body that is not JSON', () => {
    expect(processTokenResponse('okta', respond(200, { token_type: 'Bearer' }), NOW).ok).toBe(false);
    expect(processTokenResponse('okta', respond(200, { access_token: 'x', expires_in: 'soon' }), NOW).ok).toBe(false);
    expect(processTokenResponse('okta', respond(200, '<html>'), NOW).ok).toBe(false);
  });
});

describe('refreshAt', () => {
  it('is a minute before expiry, or at 90% of a short lifetime', () => {
    const long = { accessToken: 'x', tokenType: 'Bearer', expiresIn: 3600, obtainedAt: NOW, expiresAt: NOW + 3_600_000 };
    expect(refreshAt(long)).toBe(NOW + 3_540_000);
    const short = { ...long, expiresIn: 300, expiresAt: NOW + 300_000 };
    expect(refreshAt(short)).toBe(NOW + 270_000);
  });
});
