/** Tokens: fetched with the vendor's exact request, kept, re-fetched before they expire, checked against the JWKS. */
import { unreachable } from '../explain';
import { isLoopback } from '../profile-moves';
import { redactError, redactText, redactValue } from '../redact';
import { checkSignature, jwksUrl, type SignatureCheck } from '../signature';
import { tokenEndpointUrl, tokenRequest } from '../token-request';
import { processTokenResponse, refreshAt, type Token, type TokenError, type TokenResult } from '../token-response';
import { type Service, UserError } from './context';
import { knownSecrets, report } from './reporting';
import { allSecrets, profile } from './stored';

/** How long to wait before trying again after a re-fetch failed without a Retry-After. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/** Client credentials with the vendor's exact request; the token is kept and its re-fetch scheduled. */
export async function getToken(service: Service, profileId: string): Promise<TokenResult> {
  const { env } = service;
  const idp = await profile(service, profileId);
  const secret = (await allSecrets(service))[profileId];
  if (!secret) throw new UserError(`no client secret for "${idp.name}": enter it first`);
  const request = tokenRequest(idp, secret);
  let response: Response;
  try {
    response = await env.fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  } catch (error) {
    // No answer is a failed request like any other: kept for the popup (the old token is no longer the latest word).
    const explanation = unreachable(request.url, redactError(error, [secret]), isLoopback(request.url));
    return failed(service, profileId, request.url, { status: 0, explanation, raw: '' });
  }
  const processed = processTokenResponse(
    idp.vendor,
    { status: response.status, headers: response.headers, text: await response.text() },
    env.clock(),
  );
  // An error body is shown and may be logged: an IdP that echoes the request (or a token) must not put it there.
  // The secret and the Basic credential built from it (the scheme name stays readable).
  const sent = [secret, (request.headers.authorization ?? '').replace(/^Basic /, '')];
  const result: TokenResult = processed.ok
    ? processed
    : { ok: false, error: { ...redactValue(processed.error, sent), raw: redactText(processed.error.raw, sent) } };
  if (result.ok) {
    service.lastErrors.delete(profileId);
    const tokens = await env.store.tokens();
    await env.store.saveTokens({ ...tokens, [profileId]: result.token });
    await env.scheduler.schedule(profileId, refreshAt(result.token));
    await env.tokens?.tokenChanged(profileId, result.token);
    return result;
  }
  return failed(service, profileId, request.url, result.error);
}

function failed(service: Service, profileId: string, endpoint: string, error: TokenError): TokenResult {
  service.lastErrors.set(profileId, { ...error, at: service.env.clock(), endpoint });
  return { ok: false, error };
}

/**
 * Called by the scheduler: fetch again with the same request (every extra parameter kept). A failure is recorded
 * for the popup, logged (redacted) and retried (after Retry-After when given).
 */
export function refresh(service: Service, profileId: string): Promise<void> {
  return service.exclusive(async () => {
    const profiles = await service.env.store.profiles();
    const tokens = await service.env.store.tokens();
    if (!tokens[profileId] || !profiles.some((p) => p.id === profileId)) return;
    let retryIn: number | undefined;
    try {
      const result = await getToken(service, profileId);
      if (!result.ok) {
        retryIn = result.error.retryAfter !== undefined ? result.error.retryAfter * 1000 : RETRY_AFTER_FAILURE_MS;
        const { status, error, description, explanation } = result.error;
        await report(
          service,
          `re-fetch for "${profileId}"`,
          status === 0 ? explanation : `HTTP ${status}${error ? ` ${error}` : ''}: ${description ?? explanation}`,
        );
      }
    } catch (error) {
      const explanation = redactError(error, await knownSecrets(service).catch(() => []));
      const idp = profiles.find((p) => p.id === profileId);
      let endpoint = '';
      try {
        endpoint = idp ? tokenEndpointUrl(idp) : '';
      } catch {
        // A profile missing a field its URL needs: the explanation says which.
      }
      service.lastErrors.set(profileId, { status: 0, explanation, raw: '', at: service.env.clock(), endpoint });
      await report(service, `re-fetch for "${profileId}"`, error);
      retryIn = RETRY_AFTER_FAILURE_MS;
    }
    if (retryIn !== undefined) {
      const retryAt = service.env.clock() + retryIn;
      await service.env.scheduler.schedule(profileId, retryAt);
      // The popup says when it tries again.
      const last = service.lastErrors.get(profileId);
      if (last) service.lastErrors.set(profileId, { ...last, retryAt });
    }
  });
}

export async function currentToken(service: Service, profileId: string): Promise<Token | undefined> {
  return (await service.env.store.tokens())[profileId];
}

/** The current token's signature against the IdP's JWKS now (after a key rotation, this is what changes). */
export async function checkTokenSignature(service: Service, profileId: string): Promise<SignatureCheck> {
  const idp = await profile(service, profileId);
  const token = await currentToken(service, profileId);
  if (!token) throw new UserError(`no token for "${idp.name}": get one first`);
  const url = jwksUrl(idp);
  if (!token.decoded) {
    return {
      status: 'opaque',
      published: [],
      jwksUrl: url,
      message: 'An opaque token has no signature to check: introspect it at the IdP.',
    };
  }
  let response: Response;
  try {
    // Key sets are served with long cache lifetimes (Okta: max-age=86400); the point here is the keys as of now.
    response = await service.env.fetch(url, { headers: { accept: 'application/json' }, cache: 'no-cache' });
  } catch (error) {
    throw new UserError(`Cannot reach ${new URL(url).origin}: ${redactError(error, [token.accessToken])}`);
  }
  if (!response.ok) throw new UserError(`${url} answered HTTP ${response.status}`);
  const kid = typeof token.decoded.header.kid === 'string' ? token.decoded.header.kid : undefined;
  return checkSignature(token.accessToken, kid, await response.json().catch(() => undefined), url, {
    // The harness lists its signing key first; for other IdPs the order says nothing.
    newestFirst: idp.source.kind === 'harness',
  });
}
