/**
 * Auth0's open OIDC Dynamic Client Registration endpoint `/oidc/register` (shared/reference/vendors.md §1.3).
 */
import type { Context } from 'koa';
import { BodyError, readJsonObject } from '../../core/http';
import { OAuthError } from '../../errors';
import { sendJson } from '../kit';
import { MANAGEMENT_HEADERS } from './errors';
import { type Auth0Client, type Auth0Host, newClientId, newClientSecret } from './store';

/** Not in the vendor registry (Konnect registers through the Management API); the discovery document names it. */
export const OPEN_REGISTRATION_PATH = '/oidc/register';

/**
 * Open Dynamic Client Registration, `POST /oidc/register` (auth0/docs articles/api-auth/dynamic-client-registration.md):
 * no token; 201 with only client_name, client_id, client_secret, redirect_uris, client_secret_expires_at:0.
 * Clients made this way are third-party and get tokens only through client grants.
 */
export function openRegistration(host: Auth0Host) {
  return async function registerClient(ctx: Context): Promise<void> {
    if (!host.config.dynamicClientRegistration) {
      // Auth0's answer when the tenant flag is off is UNCONFIRMED (vendors.md §8.3).
      throw new OAuthError(403, 'access_denied', 'Dynamic client registration is disabled for this tenant');
    }
    let body: Record<string, unknown>;
    try {
      body = await readJsonObject(ctx);
    } catch (error) {
      if (error instanceof BodyError && error.problem === 'too_large') throw error;
      throw new OAuthError(400, 'invalid_client_metadata', 'The request body must be a JSON object');
    }
    const redirectUris = body.redirect_uris;
    if (!Array.isArray(redirectUris) || redirectUris.length === 0 || redirectUris.some((u) => typeof u !== 'string')) {
      throw new OAuthError(400, 'invalid_redirect_uri', 'redirect_uris is required and must be an array of URIs');
    }
    const method = body.token_endpoint_auth_method ?? 'client_secret_post';
    if (method !== 'none' && method !== 'client_secret_post') {
      throw new OAuthError(400, 'invalid_client_metadata', 'token_endpoint_auth_method must be none or client_secret_post');
    }
    if (body.client_name !== undefined && typeof body.client_name !== 'string') {
      throw new OAuthError(400, 'invalid_client_metadata', 'client_name must be a string');
    }
    // The default grant types of a dynamically registered client are UNCONFIRMED (Auth0's DCR article lists none).
    const grantTypes = body.grant_types === undefined ? ['authorization_code', 'implicit'] : body.grant_types;
    if (!Array.isArray(grantTypes) || grantTypes.some((g) => typeof g !== 'string')) {
      throw new OAuthError(400, 'invalid_client_metadata', 'grant_types must be an array of strings');
    }
    const client: Auth0Client = {
      clientId: newClientId(),
      clientSecret: newClientSecret(),
      name: (body.client_name as string | undefined) ?? 'My App',
      description: null,
      appType: null,
      grantTypes: grantTypes as string[],
      tokenEndpointAuthMethod: method as string,
      clientMetadata: {},
      callbacks: redirectUris as string[],
      isFirstParty: false,
    };
    host.store.clients.set(client.clientId, client);
    sendJson(
      ctx,
      201,
      {
        client_name: client.name,
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.callbacks,
        client_secret_expires_at: 0,
      },
      MANAGEMENT_HEADERS,
    );
  };
}
