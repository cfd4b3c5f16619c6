/**
 * auth0 (node-auth0 v7) and @auth0/auth0-auth-js: what an Auth0 DCR provider does through the Management API —
 * create a machine-to-machine client, find it in the list (with totals), rotate its secret, grant it an API — then the
 * new client gets a token with its rotated secret through the authentication clients (@auth0/auth0-auth-js, which
 * node-auth0 v7 points to, and the v4 AuthenticationClient v7 still ships as `auth0/legacy`), and is deleted (a read
 * afterwards is the Management API's 404).
 *
 * Input: { domain, clientId, clientSecret, audience, scope, name }.
 */
import { AuthClient } from '@auth0/auth0-auth-js';
import { ManagementClient } from 'auth0';
import { AuthenticationClient } from 'auth0/legacy';
import { input, run } from './lib.mjs';

await run(async () => {
  // https://github.com/auth0/node-auth0#management-api-client (ManagementClient({ domain, clientId, clientSecret })):
  //   domain: the tenant's domain ("tenant.auth0.com", a bare host; here host:port); the SDK reaches
  //   https://<domain>/oauth/token for its token (audience https://<domain>/api/v2/) and https://<domain>/api/v2/….
  const management = new ManagementClient({
    domain: input.domain,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
  });
  const created = await management.clients.create({
    name: input.name,
    app_type: 'non_interactive',
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'client_secret_post',
  });
  const page = await management.clients.list({ include_totals: true, per_page: 100 });
  const rotated = await management.clients.rotateSecret(created.client_id);
  const grant = await management.clientGrants.create({
    client_id: created.client_id,
    audience: input.audience,
    scope: [input.scope],
  });
  // https://github.com/auth0/auth0-auth-js/tree/main/packages/auth0-auth-js#2-create-the-auth0-sdk-client
  // (AuthClient options domain, clientId, clientSecret; getTokenByClientCredentials({ audience }) in its typings): node-auth0 v7's README names it for authentication.
  const auth = new AuthClient({ domain: input.domain, clientId: created.client_id, clientSecret: rotated.client_secret });
  const token = await auth.getTokenByClientCredentials({ audience: input.audience });
  // https://github.com/auth0/node-auth0#legacy-authentication-client (domain, clientId, clientSecret;
  // oauth.clientCredentialsGrant({ audience })).
  const legacy = new AuthenticationClient({
    domain: input.domain,
    clientId: created.client_id,
    clientSecret: rotated.client_secret,
  });
  const legacyToken = await legacy.oauth.clientCredentialsGrant({ audience: input.audience });
  await management.clients.delete(created.client_id);
  let afterDelete;
  try {
    await management.clients.get(created.client_id);
    afterDelete = { statusCode: 200 };
  } catch (error) {
    afterDelete = { statusCode: error.statusCode, errorCode: error.body?.errorCode };
  }
  return {
    created: {
      client_id: created.client_id,
      name: created.name,
      app_type: created.app_type,
      hasSecret: typeof created.client_secret === 'string',
    },
    list: {
      total: page.response.total,
      start: page.response.start,
      limit: page.response.limit,
      ids: page.data.map((c) => c.client_id),
    },
    rotated: { client_id: rotated.client_id, secretChanged: rotated.client_secret !== created.client_secret },
    grant: { id: grant.id, client_id: grant.client_id, audience: grant.audience, scope: grant.scope },
    token: { accessToken: token.accessToken, expiresAt: token.expiresAt, scope: token.scope },
    legacyToken: {
      accessToken: legacyToken.data.access_token,
      tokenType: legacyToken.data.token_type,
      expiresIn: legacyToken.data.expires_in,
    },
    afterDelete,
  };
});
