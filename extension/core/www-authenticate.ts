/**
 * A 401/403 from an API, explained: the `WWW-Authenticate` challenges parsed, then said in words (what went wrong,
 * what to do). Pure.
 *
 * Grammar: RFC 9110 §11.6.1 (https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1): `challenge = auth-scheme
 * [ 1*SP ( token68 / #auth-param ) ]`, several challenges separated by commas. Bearer's parameters and error codes:
 * RFC 6750 §3 and §3.1 (https://www.rfc-editor.org/rfc/rfc6750#section-3): `realm`, `scope`, `error`
 * (`invalid_request` 400, `invalid_token` 401, `insufficient_scope` 403), `error_description`, `error_uri`; a request
 * without credentials gets a challenge without `error`. Basic: RFC 7617 §2 (`Basic realm="…"`).
 *
 * Leniency, from real gateways: Kong's oauth2 plugin separates parameters with spaces, not commas
 * (`Bearer realm="service" error="invalid_token" error_description="…"`, kong/plugins/oauth2/access.lua,
 * https://github.com/Kong/kong/blob/master/kong/plugins/oauth2/access.lua); scheme names are case-insensitive.
 */

export interface Challenge {
  /** Lower case (`bearer`, `basic`, `dpop`…). */
  scheme: string;
  /** Parameter names lower case; a repeated name keeps its first value. */
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/** Every challenge in a WWW-Authenticate value; what cannot be read is skipped, never thrown. */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = header;
  let current: Challenge | undefined;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  for (let guard = 0; rest.trim() !== '' && guard < 1000; guard++) {
    skip(/^[\s,]+/);
    const name = TOKEN.exec(rest)?.[0];
    if (!name) {
      // Not a token: drop one character and go on (a stray quote or bracket must not stop the rest being read).
      rest = rest.slice(1);
      continue;
    }
    const after = rest.slice(name.length);
    const isParam = current !== undefined && /^\s*=/.test(after) && !/^\s*=\s*(,|$)/.test(after);
    if (isParam && current) {
      rest = after.replace(/^\s*=\s*/, '');
      let value = '';
      if (rest.startsWith('"')) {
        // quoted-string (RFC 9110 §5.6.4): backslash escapes the next character.
        let i = 1;
        for (; i < rest.length && rest[i] !== '"'; i++) {
          if (rest[i] === '\\' && i + 1 < rest.length) i++;
          value += rest[i];
        }
        rest = rest.slice(i + 1);
      } else {
        value = TOKEN.exec(rest)?.[0] ?? '';
        rest = rest.slice(value.length);
      }
      const key = name.toLowerCase();
      if (!(key in current.params)) current.params[key] = value;
      continue;
    }
    // A new challenge: the scheme, then perhaps a token68 standing alone (up to a comma or the end).
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    rest = after;
    const spaced = /^\s+/.exec(rest);
    if (spaced) {
      const candidate = TOKEN68.exec(rest.slice(spaced[0].length))?.[0];
      const following = candidate ? rest.slice(spaced[0].length + candidate.length) : '';
      if (candidate && /^\s*(,|$)/.test(following)) {
        current.token68 = candidate;
        rest = following;
      }
    }
  }
  return challenges;
}

export type ConsoleAuth = 'none' | 'client_credentials' | 'bearer' | 'session';

export interface AuthExplanation {
  /** What went wrong, in one sentence. */
  problem: string;
  /** What to do about it. */
  action: string;
  /** The server's own words (error code and description), when it gave any. */
  detail?: string;
}

/**
 * A 401 or 403 (or a 400 with a Bearer `invalid_request` challenge, RFC 6750 §3.1) said in words, from the challenge
 * and from how the console authenticated (`auth`). Undefined for any other status.
 */
export function explainAuthFailure(status: number, header: string | undefined, auth: ConsoleAuth): AuthExplanation | undefined {
  const challenges = header ? parseWwwAuthenticate(header) : [];
  const bearer = challenges.find((c) => c.scheme === 'bearer');
  const badRequest = status === 400 && bearer?.params.error === 'invalid_request';
  if (status !== 401 && status !== 403 && !badRequest) return undefined;
  const basic = challenges.find((c) => c.scheme === 'basic');
  const error = bearer?.params.error;
  const description = bearer?.params.error_description;
  const realm = (bearer ?? basic ?? challenges[0])?.params.realm;
  const detailParts = [error, description && `“${description}”`, realm !== undefined && `realm “${realm}”`].filter(Boolean);
  const detail = detailParts.length > 0 ? detailParts.join(' · ') : undefined;
  const withDetail = (e: Omit<AuthExplanation, 'detail'>): AuthExplanation => ({ ...e, ...(detail && { detail }) });

  // RFC 6750 §3.1 error codes first: they say exactly what the server disliked.
  if (error === 'invalid_token') {
    return withDetail({
      problem: 'The API refused the token: it has expired, was revoked, or was issued by another IdP or for another API.',
      action: 'Get a new token in Profiles for the profile that belongs to this API, then send again.',
    });
  }
  if (error === 'insufficient_scope') {
    const scope = bearer?.params.scope;
    return withDetail({
      problem: `The token is valid but lacks the scope this resource requires${scope ? ` (${scope})` : ''}.`,
      action: 'Get a token with that scope (the profile’s target/scope), or call a resource the token is for.',
    });
  }
  if (error === 'invalid_request') {
    return withDetail({
      problem: 'The API could not read the credentials: malformed, or sent in more than one place at once.',
      action: 'Send the credentials once: remove any Authorization header or access_token parameter you added yourself.',
    });
  }
  if (status === 403) {
    return withDetail({
      problem:
        'The API knows who is calling but does not let this credential in: its application is not registered for this API.',
      action: 'Register an application for this API in the portal and use its profile, or choose the profile of one that is.',
    });
  }
  if (basic && !bearer) {
    return withDetail({
      problem: `The server asks for a user name and password (Basic${basic.params.realm ? `, realm “${basic.params.realm}”` : ''}).`,
      action: 'Choose “Client credentials (Basic, base64)” with a profile that has a client secret.',
    });
  }
  // A challenge without an error code: no credentials the API accepts were found (RFC 6750 §3.1).
  switch (auth) {
    case 'none':
      return withDetail({
        problem: 'No credentials were sent, and this API requires them.',
        action: 'Choose an auth method (client credentials, bearer token or session cookie) and a profile.',
      });
    case 'session':
      return withDetail({
        problem: 'No live session cookie for this API: it expired, was cleared, or was set for another API.',
        action: 'Send once with client credentials or a bearer token: the gateway then sets a new session cookie.',
      });
    case 'client_credentials':
      return withDetail({
        problem:
          'The API did not accept the client credentials: the IdP refused them (wrong or rotated secret) or the client belongs to another IdP.',
        action:
          'Check the profile’s secret (Get token in Profiles tells you what the IdP says), or choose the profile of this API’s IdP.',
      });
    case 'bearer':
      return withDetail({
        problem: 'The API refused the token: it has expired, or was issued by another IdP or for another audience.',
        action: 'Get a new token in Profiles for the profile of this API’s IdP, then send again.',
      });
  }
}
