/**
 * Auth0's token endpoint, `POST /oauth/token`, as named steps (shared/reference/vendors.md §1.1).
 */
import type { Context, Middleware, Next } from 'koa';
import { mediaType, parseForm, parseJsonParams, readBody, secretMatches } from '../../core/http';
import { RingSigner } from '../../core/keys';
import { OAuthError } from '../../errors';
import { tokenState } from '../../tenant';
import { requestCredentials, sendJson, splitScope, withExtraClaims } from '../kit';
import { grantNotAllowed, TOKEN_HEADERS, unauthorized } from './errors';
import type { Auth0Client, Auth0Host } from './store';

/** The steps after the recorder and the error boundary. */
export function tokenSteps(host: Auth0Host): Middleware[] {
  return [readParams, requireClientCredentialsGrant, authenticateClient(host), mintToken(host)];
}

// Both `application/json` and form bodies are accepted (auth0.com/docs "Call Your API Using the Client
// Credentials Flow" shows both). Anything else is refused: the wording is ours (UNCONFIRMED).
async function readParams(ctx: Context, next: Next): Promise<void> {
  const type = mediaType(ctx);
  const state = tokenState(ctx);
  if (type === 'other') {
    throw new OAuthError(400, 'invalid_request', 'Content-Type must be application/json or application/x-www-form-urlencoded');
  }
  const body = await readBody(ctx);
  state.params = type === 'json' ? parseJsonParams(body) : parseForm(body);
  const repeated = state.params.repeated[0];
  if (repeated) throw new OAuthError(400, 'invalid_request', `Duplicate parameter: ${repeated}`);
  await next();
}

async function requireClientCredentialsGrant(ctx: Context, next: Next): Promise<void> {
  const grantType = tokenState(ctx).params?.values.grant_type;
  // "Missing required parameter: grant_type" is Auth0's phrasing for missing parameters (UNCONFIRMED here).
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type');
  if (grantType !== 'client_credentials') {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }
  await next();
}

function authenticateClient(host: Auth0Host) {
  return async function authenticateClient(ctx: Context, next: Next): Promise<void> {
    const credentials = requestCredentials(ctx);
    if (credentials.method === 'none' && credentials.clientId === undefined) {
      throw new OAuthError(400, 'invalid_request', 'Missing required parameter: client_id');
    }
    const client = credentials.clientId === undefined ? undefined : host.store.clients.get(credentials.clientId);
    if (!client || !secretMatches(client.clientSecret, credentials)) throw unauthorized();
    // auth0/ruby-auth0#190: 403 unauthorized_client when the application does not have the grant enabled.
    if (!client.grantTypes.includes('client_credentials')) {
      throw grantNotAllowed();
    }
    ctx.state.client = client;
    await next();
  };
}

function mintToken(host: Auth0Host) {
  // Header of captured Auth0 access tokens: {"alg":"RS256","typ":"JWT","kid":…}.
  const signer = new RingSigner(host.keys, (key) => ({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  return async function mintToken(ctx: Context): Promise<void> {
    const params = tokenState(ctx).params?.values ?? {};
    const client = ctx.state.client as Auth0Client;
    const audience = params.audience || host.config.defaultAudience;
    if (!audience) {
      // Wording quoted in UsefulSoftwareCo/executor#1277 and two third-party READMEs; status 403 is PARTIAL.
      throw new OAuthError(
        403,
        'access_denied',
        'No audience parameter was provided, and no default audience has been configured',
      );
    }
    // The Management API is a resource server of every tenant (`<domain>/api/v2/`).
    const api = host.store.apis.get(audience);
    // "Service not found: <audience>" (vendors.md §1.1, PARTIAL: one source shows the suffix).
    if (!api) throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`);
    const grant = host.store.grantFor(client.clientId, api.identifier);
    if (!grant) {
      // auth0/ruby-auth0#610 (current wording).
      throw new OAuthError(
        403,
        'access_denied',
        `Client is not authorized to access "${api.identifier}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
      );
    }
    const requested = splitScope(params.scope);
    const missing = requested.filter((s) => !grant.scope.includes(s));
    if (missing.length > 0) {
      // Auth0 refuses scopes outside the client grant; exact text UNCONFIRMED.
      throw new OAuthError(403, 'access_denied', `Client has not been granted scopes: ${missing.join(', ')}`);
    }
    const scopes = requested.length > 0 ? requested : grant.scope;
    const iat = host.env.clock.epoch();
    const claims: Record<string, unknown> = {
      // Auth0 issuers always end with "/" and equal the domain the token was requested from (vendors.md §1.1).
      iss: host.issuer,
      sub: `${client.clientId}@clients`,
      aud: api.identifier,
      iat,
      exp: iat + api.tokenLifetime,
      gty: 'client-credentials',
      azp: client.clientId,
    };
    if (scopes.length > 0) claims.scope = scopes.join(' ');
    if (api.permissionsClaim) claims.permissions = scopes;
    const accessToken = signer.sign(withExtraClaims(ctx, claims, await host.nextClaims.take(client.clientId)));
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: api.tokenLifetime };
    // Real responses carry `scope` when the grant has scopes (vendors.md §1.1, PARTIAL).
    if (scopes.length > 0) body.scope = scopes.join(' ');
    sendJson(ctx, 200, body, TOKEN_HEADERS);
  };
}
