/**
 * Okta's authorization servers: custom ones under /oauth2/{authServerId} and the org server under /oauth2/v1
 * (shared/reference/vendors.md §3); which one a request names, and their URLs from the vendor registry.
 */
import type { Context, Next } from 'koa';
import { okta } from '../../../shared/vendors';
import { OktaApiError } from '../../errors';
import { type EndpointUrls, endpointUrls } from '../kit';
import type { AuthServerConfig, OktaHost } from './store';

const [customEndpoint, orgEndpoint] = okta.tokenEndpoints;

/** Token, issuer, discovery and keys URLs of a custom server (by id) or of the org server (null). */
export function serverUrls(baseUrl: string, authServerId: string | null): EndpointUrls {
  return authServerId === null ? endpointUrls(baseUrl, orgEndpoint) : endpointUrls(baseUrl, customEndpoint, { authServerId });
}

/** Which server the route serves: the org server, or the custom one its path names (checked by `authServer`). */
export function findAuthServer(org: boolean) {
  return async function findAuthServer(ctx: Context, next: Next): Promise<void> {
    ctx.state.authServerId = org ? null : ctx.params.authServerId;
    await next();
  };
}

export function requireAuthServer(host: OktaHost) {
  return async function requireAuthServer(ctx: Context, next: Next): Promise<void> {
    authServer(host, ctx);
    await next();
  };
}

/** An unknown authorization server is an unknown resource (E0000007, as for clients in vendors.md §3.3). */
export function authServer(host: OktaHost, ctx: Context): AuthServerConfig | null {
  const id = ctx.state.authServerId as string | null;
  if (id === null) return null;
  const server = host.authServers.get(id);
  if (!server) throw new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (AuthorizationServer)`);
  return server;
}
