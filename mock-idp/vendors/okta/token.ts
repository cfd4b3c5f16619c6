/**
 * Okta's token endpoints, `POST /oauth2/{authServerId}/v1/token` and the org server's `POST /oauth2/v1/token`, as
 * named steps (shared/reference/vendors.md §3.1).
 */
import type { Context, Middleware, Next } from 'koa';
import { mediaType, parseForm, readBody, secretMatches } from '../../core/http';
import { base64url } from '../../core/ids';
import { RingSigner } from '../../core/keys';
import { OAuthError } from '../../errors';
import { tokenState } from '../../tenant';
import { requestCredentials, sendJson, splitScope, withExtraClaims } from '../kit';
import {
  CUSTOM_SCOPES_ON_ORG,
  MULTIPLE_CREDENTIALS,
  NO_DEFAULT_SCOPES,
  TOKEN_HEADERS,
  UNKNOWN_CLIENT,
  UNKNOWN_SCOPE,
  WRONG_SECRET,
} from './errors';
import { authServer, findAuthServer } from './servers';
import type { AuthServerConfig, OktaClient, OktaHost } from './store';

/** Scopes Okta defines on every authorization server that a client_credentials token may not carry. */
const USER_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'device_sso']);

/** The steps after the recorder and the error boundary, for a custom server or the org server. */
export function tokenSteps(host: OktaHost, org: boolean, signer: RingSigner): Middleware[] {
  return [
    findAuthServer(org),
    readParams(host),
    requireClientCredentialsGrant,
    authenticateClient(host, org),
    mintToken(host, signer),
  ];
}

/** Okta access-token headers carry only kid and alg (okta-developer-docs, "Validate access tokens"). */
export function tokenSigner(host: OktaHost): RingSigner {
  return new RingSigner(host.keys, (key) => ({ kid: key.kid, alg: 'RS256' }));
}

// Okta's token endpoint takes form bodies only; a JSON body is refused (the wording is UNCONFIRMED, §8.5).
function readParams(host: OktaHost) {
  return async function readParams(ctx: Context, next: Next): Promise<void> {
    authServer(host, ctx);
    const type = mediaType(ctx);
    if (type !== 'form' && type !== 'none') {
      throw new OAuthError(400, 'invalid_request', 'The request body must be application/x-www-form-urlencoded.');
    }
    const state = tokenState(ctx);
    state.params = parseForm(await readBody(ctx));
    const repeated = state.params.repeated[0];
    if (repeated) throw new OAuthError(400, 'invalid_request', `The '${repeated}' parameter was provided more than once.`);
    await next();
  };
}

async function requireClientCredentialsGrant(ctx: Context, next: Next): Promise<void> {
  const grantType = tokenState(ctx).params?.values.grant_type;
  if (!grantType) throw new OAuthError(400, 'invalid_request', "The 'grant_type' parameter is required.");
  if (grantType !== 'client_credentials') {
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      `The authorization grant type is not supported by the authorization server. '${grantType}'`,
    );
  }
  await next();
}

function authenticateClient(host: OktaHost, org: boolean) {
  return async function authenticateClient(ctx: Context, next: Next): Promise<void> {
    const state = tokenState(ctx);
    const credentials = requestCredentials(ctx);
    // Credentials sent twice (a Basic header and client_secret in the body): 401 invalid_request. Okta's docs do
    // not show this answer; the description is quoted verbatim from real Okta responses in third-party client code
    // found by GitHub code search (a Go relying party: `oauth2: "invalid_request" "Cannot supply multiple client
    // credentials. Use one of the following: …"`), and the 401 status in another (an Elixir SSO client: "Okta …
    // answers `401 Cannot supply multiple client credentials`"). Status and text are UNCONFIRMED by an Okta source.
    if (credentials.method === 'multiple') throw new OAuthError(401, 'invalid_request', MULTIPLE_CREDENTIALS);
    const client = credentials.clientId === undefined ? undefined : host.store.clients.get(credentials.clientId);
    // A deactivated app (POST /api/v1/apps/{id}/lifecycle/deactivate, apps.ts) is refused like an unknown one: the
    // answer Okta gives a deactivated client is UNCONFIRMED; that it gets no token is the Apps API's "Deactivates
    // an active application" (okta-developer-docs, Apps API reference).
    if (credentials.clientId !== undefined && (!client || client.status === 'INACTIVE'))
      throw new OAuthError(401, 'invalid_client', UNKNOWN_CLIENT);
    if (!client || credentials.method === 'none' || credentials.method === 'malformed_basic') {
      throw new OAuthError(
        401,
        'invalid_client',
        'Client authentication failed. Either the client or the client credentials are invalid.',
      );
    }
    if (!secretMatches(client.clientSecret, credentials)) throw new OAuthError(401, 'invalid_client', WRONG_SECRET);
    if (!client.grantTypes.includes('client_credentials')) {
      // vendors.md §3.1 (PARTIAL: the "Configured grant types: [..]" tail is confirmed).
      throw new OAuthError(
        400,
        'unauthorized_client',
        `The client is not authorized to use the provided grant type. Configured grant types: [${client.grantTypes.join(', ')}].`,
      );
    }
    if (org) {
      // The org server needs private_key_jwt for client credentials ("Implement OAuth for Okta with a service
      // app"); the harness does not verify client assertions, so a secret is refused (wording UNCONFIRMED).
      const scopes = splitScope(state.params?.values.scope);
      if (scopes.some((s) => !s.startsWith('okta.'))) throw new OAuthError(400, 'invalid_scope', CUSTOM_SCOPES_ON_ORG);
      throw new OAuthError(
        401,
        'invalid_client',
        'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
      );
    }
    ctx.state.client = client;
    await next();
  };
}

function mintToken(host: OktaHost, signer: RingSigner) {
  return async function mintToken(ctx: Context): Promise<void> {
    const server = authServer(host, ctx) as AuthServerConfig;
    const client = ctx.state.client as OktaClient;
    const requested = splitScope(tokenState(ctx).params?.values.scope);
    let scopes = requested;
    if (scopes.length === 0) {
      scopes = server.scopes.filter((s) => s.default).map((s) => s.name);
      if (scopes.length === 0) throw new OAuthError(400, 'invalid_scope', NO_DEFAULT_SCOPES);
    }
    // Konnect's docs warn that `openid` blocks client credentials; Okta answers invalid_scope (text UNCONFIRMED).
    const userScopes = scopes.filter((s) => USER_SCOPES.has(s));
    if (userScopes.length > 0) {
      throw new OAuthError(
        400,
        'invalid_scope',
        `The following scopes are not allowed for the client_credentials grant type: ${userScopes.join(', ')}`,
      );
    }
    if (scopes.some((s) => !server.scopes.some((known) => known.name === s)))
      throw new OAuthError(400, 'invalid_scope', UNKNOWN_SCOPE);

    const iat = host.env.clock.epoch();
    // Claim set and order from Okta's documented access token (okta-developer-docs, "Access token" reference).
    const claims: Record<string, unknown> = {
      ver: 1,
      jti: `AT.${base64url(32)}`,
      iss: host.issuerOf(server.id),
      aud: server.audience,
      iat,
      exp: iat + server.tokenLifetime,
      cid: client.clientId,
      scp: scopes,
      sub: client.clientId,
    };
    for (const [name, expression] of Object.entries(server.claims))
      if (expression === 'app.clientId') claims[name] = client.clientId;
    const accessToken = signer.sign(withExtraClaims(ctx, claims, await host.nextClaims.take(client.clientId)));
    sendJson(
      ctx,
      200,
      { token_type: 'Bearer', expires_in: server.tokenLifetime, access_token: accessToken, scope: scopes.join(' ') },
      TOKEN_HEADERS,
    );
  };
}
