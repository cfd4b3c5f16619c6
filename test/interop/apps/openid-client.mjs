/**
 * openid-client 6: discovery and the client credentials grant against a tenant (job `client-credentials`), and
 * RFC 7591 dynamic registration (job `register`: an initial access token from the DCR client, the registration, then
 * a token for the registered client). No `allowInsecureRequests`: every URL is https and the CA comes from
 * NODE_EXTRA_CA_CERTS.
 *
 * Input: { job: 'client-credentials', issuer, clientId, clientSecret, auth: 'basic' | 'post', params }
 *      | { job: 'register', issuer, dcrClientId, dcrClientSecret, dcrScope, metadata, params }.
 */
import * as oidc from 'openid-client';
import { input, run } from './lib.mjs';

/** https://github.com/panva/openid-client/blob/main/docs/functions/discovery.md (server, clientId, metadata, auth). */
function discover(clientId, secret, auth) {
  const clientAuth = auth === 'basic' ? oidc.ClientSecretBasic(secret) : oidc.ClientSecretPost(secret);
  return oidc.discovery(new URL(input.issuer), clientId, undefined, clientAuth);
}

function describeTokens(tokens) {
  return {
    access_token: tokens.access_token,
    token_type: tokens.token_type,
    expires_in: tokens.expires_in,
    scope: tokens.scope,
  };
}

await run(async () => {
  if (input.job === 'client-credentials') {
    const config = await discover(input.clientId, input.clientSecret, input.auth);
    const metadata = config.serverMetadata();
    const tokens = await oidc.clientCredentialsGrant(config, input.params);
    return { issuer: metadata.issuer, jwksUri: metadata.jwks_uri, tokens: describeTokens(tokens) };
  }
  if (input.job === 'register') {
    const dcrClient = await discover(input.dcrClientId, input.dcrClientSecret, 'basic');
    const initial = await oidc.clientCredentialsGrant(dcrClient, { scope: input.dcrScope });
    // https://github.com/panva/openid-client/blob/main/docs/functions/dynamicClientRegistration.md: metadata to
    // register, clientAuthentication (default ClientSecretPost with the issued secret), options.initialAccessToken.
    const registered = await oidc.dynamicClientRegistration(new URL(input.issuer), input.metadata, undefined, {
      initialAccessToken: initial.access_token,
    });
    const client = registered.clientMetadata();
    const tokens = await oidc.clientCredentialsGrant(registered, input.params);
    return {
      issuer: registered.serverMetadata().issuer,
      jwksUri: registered.serverMetadata().jwks_uri,
      client: {
        client_id: client.client_id,
        hasSecret: typeof client.client_secret === 'string',
        token_endpoint_auth_method: client.token_endpoint_auth_method,
        grant_types: client.grant_types,
        registration_client_uri: client.registration_client_uri,
        hasRegistrationAccessToken: typeof client.registration_access_token === 'string',
      },
      tokens: describeTokens(tokens),
    };
  }
  throw new Error(`unknown job ${input.job}`);
});
