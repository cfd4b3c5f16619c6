import { describe, expect, it } from 'vitest';
import { explainAuthFailure, parseWwwAuthenticate } from '../../../extension/core/www-authenticate';

describe('parseWwwAuthenticate', () => {
  it("reads the harness gateway's challenge, as Kong's openid-connect plugin sends it (vendors.md §6.3)", () => {
    expect(parseWwwAuthenticate('Bearer realm="kong"')).toEqual([{ scheme: 'bearer', params: { realm: 'kong' } }]);
  });

  it("reads RFC 6750 §3's own example: realm, error and error_description, comma-separated and folded", () => {
    // https://www.rfc-editor.org/rfc/rfc6750#section-3
    expect(
      parseWwwAuthenticate(
        'Bearer realm="example",\n                       error="invalid_token",\n  error_description="The access token expired"',
      ),
    ).toEqual([
      { scheme: 'bearer', params: { realm: 'example', error: 'invalid_token', error_description: 'The access token expired' } },
    ]);
  });

  it("reads Kong's oauth2 plugin, which separates parameters with spaces only", () => {
    // kong/plugins/oauth2/access.lua, do_authentication (https://github.com/Kong/kong/blob/master/kong/plugins/oauth2/access.lua)
    expect(
      parseWwwAuthenticate(
        'Bearer realm="service" error="invalid_token" error_description="The access token is invalid or has expired"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: { realm: 'service', error: 'invalid_token', error_description: 'The access token is invalid or has expired' },
      },
    ]);
    // The same file's token endpoint, for a wrong client secret sent in a Basic header.
    expect(parseWwwAuthenticate('Basic realm="OAuth2.0"')).toEqual([{ scheme: 'basic', params: { realm: 'OAuth2.0' } }]);
  });

  it('reads several challenges, unquoted values, escapes, a token68 and case-insensitive names', () => {
    expect(
      parseWwwAuthenticate(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic REALM="simple", Negotiate abc+/de==, DPoP algs="ES256"',
      ),
    ).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
      { scheme: 'negotiate', params: {}, token68: 'abc+/de==' },
      { scheme: 'dpop', params: { algs: 'ES256' } },
    ]);
  });

  it('reads an insufficient_scope challenge with its scope (Okta /userinfo, as Okta documented it)', () => {
    // https://github.com/oktadeveloper/okta-blog-archive/pull/1653 (Okta's OIDC reference, response example)
    expect(
      parseWwwAuthenticate(
        'Bearer error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - profile, email, address or phone"',
      )[0]?.params,
    ).toEqual({
      error: 'insufficient_scope',
      error_description:
        'The access token must provide access to at least one of these scopes - profile, email, address or phone',
    });
  });

  it('never throws on garbage and keeps what it can read', () => {
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('"unterminated')).toEqual([{ scheme: 'unterminated', params: {} }]);
    expect(parseWwwAuthenticate('Bearer realm="a", realm="b"')).toEqual([{ scheme: 'bearer', params: { realm: 'a' } }]);
  });
});

describe('explainAuthFailure', () => {
  it('says nothing for a status that is not 401 or 403', () => {
    expect(explainAuthFailure(200, 'Bearer realm="kong"', 'none')).toBeUndefined();
    expect(explainAuthFailure(404, undefined, 'bearer')).toBeUndefined();
  });

  it("invalid_token: expired or from another IdP, get a new token in Profiles; the server's words as detail", () => {
    expect(
      explainAuthFailure(
        401,
        'Bearer realm="service" error="invalid_token" error_description="The access token is invalid or has expired"',
        'bearer',
      ),
    ).toEqual({
      problem: 'The API refused the token: it has expired, was revoked, or was issued by another IdP or for another API.',
      action: 'Get a new token in Profiles for the profile that belongs to this API, then send again.',
      detail: 'invalid_token · “The access token is invalid or has expired” · realm “service”',
    });
  });

  it('a bare challenge (no error: no credentials found, RFC 6750 §3.1) is explained by the auth method used', () => {
    const kong = 'Bearer realm="kong"';
    expect(explainAuthFailure(401, kong, 'none')).toMatchObject({
      problem: 'No credentials were sent, and this API requires them.',
      action: expect.stringContaining('Choose an auth method'),
      detail: 'realm “kong”',
    });
    expect(explainAuthFailure(401, kong, 'session')?.problem).toContain('No live session cookie');
    expect(explainAuthFailure(401, kong, 'client_credentials')?.problem).toContain('did not accept the client credentials');
    expect(explainAuthFailure(401, kong, 'bearer')?.action).toContain('Get a new token in Profiles');
  });

  it('insufficient_scope names the scope; invalid_request says to send the credentials once', () => {
    expect(explainAuthFailure(403, 'Bearer error="insufficient_scope", scope="orders:write"', 'bearer')?.problem).toBe(
      'The token is valid but lacks the scope this resource requires (orders:write).',
    );
    expect(explainAuthFailure(400, 'Bearer error="invalid_request"', 'bearer')?.action).toContain('Send the credentials once');
    expect(explainAuthFailure(400, 'Bearer realm="kong"', 'bearer')).toBeUndefined();
  });

  it("a 403 without a challenge is Konnect's application check: register an application for this API", () => {
    expect(explainAuthFailure(403, undefined, 'client_credentials')).toEqual({
      problem:
        'The API knows who is calling but does not let this credential in: its application is not registered for this API.',
      action: 'Register an application for this API in the portal and use its profile, or choose the profile of one that is.',
    });
  });

  it('a Basic challenge asks for client credentials', () => {
    expect(explainAuthFailure(401, 'Basic realm="OAuth2.0"', 'none')).toMatchObject({
      problem: 'The server asks for a user name and password (Basic, realm “OAuth2.0”).',
      detail: 'realm “OAuth2.0”',
    });
  });
});
