/**
 * @okta/okta-sdk-nodejs: an OIDC service app's life cycle through the Apps API — create it (client credentials,
 * client_secret_basic), find it in the list, deactivate it, delete it (a read afterwards is Okta's 404 E0000007).
 * Between the steps the app's own credentials are tried at the default authorization server with openid-client: a
 * token while it is active, invalid_client once it is deactivated.
 *
 * Input: { orgUrl, token, label, issuer, scope }.
 */
import okta from '@okta/okta-sdk-nodejs';
import * as oidc from 'openid-client';
import { input, run } from './lib.mjs';

/** A client credentials grant with the app's credentials: the access token, or the OAuth error it met. */
async function tryToken(clientId, clientSecret) {
  // openid-client's documented discovery(server, clientId, metadata, clientAuthentication); see openid-client.mjs.
  const config = await oidc.discovery(new URL(input.issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret));
  try {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: input.scope });
    return { accessToken: tokens.access_token, scope: tokens.scope };
  } catch (error) {
    return { error: error.error, status: error.status };
  }
}

await run(async () => {
  // https://github.com/okta/okta-sdk-nodejs#usage-guide: orgUrl ("https://dev-1234.oktapreview.com/", the org's
  // base URL) and token (an API token, sent as `Authorization: SSWS <token>`).
  const client = new okta.Client({ orgUrl: input.orgUrl, token: input.token });
  // https://github.com/okta/okta-sdk-nodejs#create-an-application (applicationApi.createApplication({ application }));
  // the body is Okta's OIDC service app: https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Application/#tag/Application/operation/createApplication
  const created = await client.applicationApi.createApplication({
    application: {
      name: 'oidc_client',
      label: input.label,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: {
        oauthClient: { grant_types: ['client_credentials'], response_types: ['token'], application_type: 'service' },
      },
    },
  });
  const oauthClient = created.credentials?.oauthClient ?? {};
  const activeToken = await tryToken(oauthClient.client_id, oauthClient.client_secret);
  const listed = [];
  const collection = await client.applicationApi.listApplications({ q: input.label });
  for await (const app of collection) if (app) listed.push({ id: app.id, label: app.label, status: app.status });
  await client.applicationApi.deactivateApplication({ appId: created.id });
  const deactivated = await client.applicationApi.getApplication({ appId: created.id });
  const deactivatedToken = await tryToken(oauthClient.client_id, oauthClient.client_secret);
  await client.applicationApi.deleteApplication({ appId: created.id });
  let afterDelete;
  try {
    await client.applicationApi.getApplication({ appId: created.id });
    afterDelete = { status: 200 };
  } catch (error) {
    afterDelete = { status: error.status, errorCode: error.errorCode };
  }
  return {
    created: {
      id: created.id,
      name: created.name,
      label: created.label,
      status: created.status,
      signOnMode: created.signOnMode,
      clientId: created.credentials?.oauthClient?.client_id,
      hasSecret: typeof created.credentials?.oauthClient?.client_secret === 'string',
      tokenEndpointAuthMethod: created.credentials?.oauthClient?.token_endpoint_auth_method,
      grantTypes: created.settings?.oauthClient?.grant_types,
      applicationType: created.settings?.oauthClient?.application_type,
    },
    activeToken,
    listed,
    deactivatedStatus: deactivated.status,
    deactivatedToken,
    afterDelete,
  };
});
