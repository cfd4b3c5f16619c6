/**
 * auth0 (node-auth0 v7, ManagementClient) and @auth0/auth0-auth-js (AuthClient) against the Auth0 persona over TLS:
 * what an Auth0 DCR provider does through the Management API, then a token for the new client with its rotated
 * secret, verified with jose against the tenant's JWKS.
 */
import { describe, expect, it } from 'vitest';
import { AUTH0 } from '../helpers/demo';
import { caFileOf, runApp, tenantOf, uniqueName, useTlsHarness, verifyJwt } from './support';

const harness = useTlsHarness();

interface Auth0Result {
  created: { client_id: string; name: string; app_type: string; hasSecret: boolean };
  list: { total: number; start: number; limit: number; ids: string[] };
  rotated: { client_id: string; secretChanged: boolean };
  grant: { id: string; client_id: string; audience: string; scope: string[] };
  token: { accessToken: string; expiresAt: number; scope?: string };
  legacyToken: { accessToken: string; tokenType: string; expiresIn: number };
  afterDelete: { statusCode: number; errorCode?: string };
}

describe('auth0 ManagementClient and @auth0/auth0-auth-js AuthClient', () => {
  it('creates a client, lists it with totals, rotates its secret, grants it an API, gets it a token, deletes it', async () => {
    const tenant = tenantOf(harness(), 'auth0');
    const caFile = caFileOf(harness());
    const management = tenant.registration.credentials;
    const name = uniqueName('interop-auth0');
    // Documented option: `domain`, a bare host (here 127.0.0.1:<port>), for every client
    // (https://github.com/auth0/node-auth0#management-api-client,
    // https://github.com/auth0/auth0-auth-js/tree/main/packages/auth0-auth-js#2-create-the-auth0-sdk-client,
    // https://github.com/auth0/node-auth0#legacy-authentication-client); apps/auth0.mjs.
    const domain = new URL(tenant.baseUrl).host;
    const result = await runApp<Auth0Result>('auth0', caFile, {
      domain,
      clientId: management.clientId,
      clientSecret: management.clientSecret,
      audience: AUTH0.audience,
      scope: 'read:data',
      name,
    });
    expect(result.created).toMatchObject({ name, app_type: 'non_interactive', hasSecret: true });
    const id = result.created.client_id;
    expect(result.list).toMatchObject({ start: 0, limit: 100 });
    expect(result.list.ids).toContain(id);
    expect(result.list.total).toBe(result.list.ids.length);
    expect(result.rotated).toEqual({ client_id: id, secretChanged: true });
    expect(result.grant).toMatchObject({ client_id: id, audience: AUTH0.audience, scope: ['read:data'] });
    const claims = await verifyJwt(result.token.accessToken, tenant.jwksUri, caFile, {
      issuer: tenant.issuer,
      audience: AUTH0.audience,
    });
    expect(claims).toMatchObject({ azp: id, sub: `${id}@clients`, scope: 'read:data', gty: 'client-credentials' });
    expect(result.legacyToken).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
    const legacyClaims = await verifyJwt(result.legacyToken.accessToken, tenant.jwksUri, caFile, {
      issuer: tenant.issuer,
      audience: AUTH0.audience,
    });
    expect(legacyClaims).toMatchObject({ azp: id, scope: 'read:data' });
    expect(result.afterDelete).toEqual({ statusCode: 404, errorCode: 'inexistent_client' });
  });
});
