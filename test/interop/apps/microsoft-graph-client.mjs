/**
 * @microsoft/microsoft-graph-client: what Konnect's Azure DCR provider does through Graph — create an application,
 * add a password, create its service principal — then the new app gets a token with that password
 * (@azure/identity), and the application is deleted (a read afterwards is Graph's 404).
 *
 * Input: { authorityHost, tenantId, clientId, clientSecret, graphBaseUrl, customHost, displayName, apiScope }.
 */
import { createRequire } from 'node:module';
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { input, run } from './lib.mjs';

// The import path the Graph client's README gives (a CommonJS directory module, hence require).
const require = createRequire(import.meta.url);
const {
  TokenCredentialAuthenticationProvider,
} = require('@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials');

/** See azure-identity.mjs for these two documented options. */
function credential(clientId, clientSecret) {
  return new ClientSecretCredential(input.tenantId, clientId, clientSecret, {
    authorityHost: input.authorityHost,
    disableInstanceDiscovery: true,
  });
}

await run(async () => {
  const authProvider = new TokenCredentialAuthenticationProvider(credential(input.clientId, input.clientSecret), {
    scopes: ['https://graph.microsoft.com/.default'],
  });
  // https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/src/IClientOptions.ts (ClientOptions):
  //   baseUrl: "Base url that needs to be appended to every request" (how a national cloud's Graph is reached);
  //   customHosts: "A set of custom host names. Should contain hostnames only." The auth middleware adds the token
  //   only for graph.microsoft.com and these (GraphRequestUtil.isCustomHost compares the host name, port stripped).
  const client = Client.initWithMiddleware({
    authProvider,
    baseUrl: input.graphBaseUrl,
    customHosts: new Set([input.customHost]),
  });
  const application = await client.api('/applications').post({ displayName: input.displayName });
  const password = await client
    .api(`/applications/${application.id}/addPassword`)
    .post({ passwordCredential: { displayName: 'interop' } });
  const servicePrincipal = await client.api('/servicePrincipals').post({ appId: application.appId });
  const read = await client.api(`/applications/${application.id}`).get();
  const token = await credential(application.appId, password.secretText).getToken(input.apiScope);
  await client.api(`/applications/${application.id}`).delete();
  let afterDelete;
  try {
    await client.api(`/applications/${application.id}`).get();
    afterDelete = { statusCode: 200 };
  } catch (error) {
    afterDelete = { statusCode: error.statusCode, code: error.code };
  }
  return {
    application: { id: application.id, appId: application.appId, displayName: application.displayName },
    password: { keyId: password.keyId, hasSecretText: typeof password.secretText === 'string', hint: password.hint },
    servicePrincipal: { id: servicePrincipal.id, appId: servicePrincipal.appId },
    readPasswordKeyIds: read.passwordCredentials.map((p) => p.keyId),
    newAppToken: token.token,
    afterDelete,
  };
});
