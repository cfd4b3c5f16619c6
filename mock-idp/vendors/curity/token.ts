/**
 * Curity's token endpoint `POST /oauth/v2/oauth-token` and RFC 7662 introspection, as named steps
 * (shared/reference/vendors.md §2.1). Tokens are JWTs or opaque reference tokens per client.
 */
import type { Context, Middleware, Next } from 'koa';
import { mediaType, parseForm, readBody, secretMatches } from '../../core/http';
import { uuid } from '../../core/ids';
import { RingSigner, verifyWithRing } from '../../core/keys';
import { tokenState } from '../../tenant';
import { requestCredentials, sendJson, splitScope, withExtraClaims } from '../kit';
import { bare, TOKEN_HEADERS } from './errors';
import { DCR_SCOPE } from './registration';
import type { CurityClient, CurityHost } from './store';

/** The token endpoint's steps after the recorder and the error boundary. */
export function tokenSteps(host: CurityHost): Middleware[] {
  return [readParams, requireClientCredentialsGrant, authenticateClient(host), mintToken(host)];
}

/** The introspection endpoint's steps after the recorder and the error boundary. */
export function introspectionSteps(host: CurityHost): Middleware[] {
  return [readParams, authenticateClient(host), introspect(host)];
}

async function readParams(ctx: Context, next: Next): Promise<void> {
  const type = mediaType(ctx);
  if (type !== 'form' && type !== 'none') throw bare(400, 'invalid_request');
  const state = tokenState(ctx);
  state.params = parseForm(await readBody(ctx));
  if (state.params.repeated.length > 0) throw bare(400, 'invalid_request');
  await next();
}

async function requireClientCredentialsGrant(ctx: Context, next: Next): Promise<void> {
  const grantType = tokenState(ctx).params?.values.grant_type;
  if (!grantType) throw bare(400, 'invalid_request');
  if (grantType !== 'client_credentials') throw bare(400, 'unsupported_grant_type');
  await next();
}

function authenticateClient(host: CurityHost) {
  return async function authenticateClient(ctx: Context, next: Next): Promise<void> {
    const credentials = requestCredentials(ctx);
    if (credentials.method === 'multiple') throw bare(400, 'invalid_request');
    const client = credentials.clientId === undefined ? undefined : host.store.clients.get(credentials.clientId);
    if (!client || !secretMatches(client.clientSecret, credentials)) throw bare(401, 'invalid_client');
    ctx.state.client = client;
    await next();
  };
}

function mintToken(host: CurityHost) {
  // Curity's JWT header as seen in its examples: kid and alg (x5t when a certificate is configured).
  const signer = new RingSigner(host.keys, (key) => ({ kid: key.kid, alg: 'RS256' }));
  return async function mintToken(ctx: Context): Promise<void> {
    const client = ctx.state.client as CurityClient;
    if (!client.grantTypes.includes('client_credentials')) throw bare(400, 'unauthorized_client');
    const requested = splitScope(tokenState(ctx).params?.values.scope);
    if (requested.some((s) => !client.scopes.includes(s))) throw bare(400, 'invalid_scope');
    const ttl = host.config.tokenLifetime;
    if (requested.includes(DCR_SCOPE)) {
      // A `dcr` token is a single-use initial access token for the registration endpoint (vendors.md §2.3).
      const engine = await host.registrationEngine();
      const accessToken = await engine.mintInitialAccessToken(ttl);
      sendJson(
        ctx,
        200,
        { access_token: accessToken, scope: requested.join(' '), token_type: 'bearer', expires_in: ttl },
        TOKEN_HEADERS,
      );
      return;
    }
    // No scope requested: the client's configured scopes apply (vendors.md §0.1, "client defaults apply"), except
    // `dcr`, which a token carries only when asked for ("If dcr is not requested, the token lacks it").
    const scope = (requested.length > 0 ? requested : client.scopes.filter((s) => s !== DCR_SCOPE)).join(' ');
    const now = host.env.clock.epoch();
    // Claim set and order of Curity's example payloads (vendors.md §2.1, CONFIRMED).
    const claims = withExtraClaims(
      ctx,
      {
        jti: uuid(),
        delegationId: uuid(),
        exp: now + ttl,
        nbf: now,
        scope,
        iss: host.issuer,
        sub: client.clientId,
        aud: client.audience ?? client.clientId,
        iat: now,
        purpose: 'access_token',
      },
      await host.nextClaims.take(client.clientId),
    );
    let accessToken: string;
    if (client.tokenFormat === 'opaque') {
      // Curity reference tokens look like `_0XBPWQQ_<uuid>` in its examples.
      accessToken = `_0XBPWQQ_${uuid()}`;
      host.store.storeOpaque(accessToken, { claims, clientId: client.clientId, exp: Number(claims.exp) });
    } else {
      accessToken = signer.sign(claims);
    }
    sendJson(ctx, 200, { access_token: accessToken, scope, token_type: 'bearer', expires_in: ttl }, TOKEN_HEADERS);
  };
}

/** RFC 7662: `{"active":false}` for anything unknown, expired, or not issued here. */
function introspect(host: CurityHost) {
  return function introspect(ctx: Context): void {
    const token = tokenState(ctx).params?.values.token;
    if (!token) throw bare(400, 'invalid_request');
    const claims = host.store.opaque(token)?.claims ?? verifyWithRing(host.keys, token);
    const now = host.env.clock.epoch();
    if (!claims || Number(claims.exp) <= now || Number(claims.nbf ?? 0) > now) {
      sendJson(ctx, 200, { active: false }, TOKEN_HEADERS);
      return;
    }
    // Curity's introspection output (vendors.md §2.1): the token's claims plus active, token_type, client_id.
    sendJson(ctx, 200, { active: true, token_type: 'bearer', client_id: claims.sub, ...claims }, TOKEN_HEADERS);
  };
}
