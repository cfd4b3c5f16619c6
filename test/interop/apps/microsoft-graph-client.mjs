/**
 * @microsoft/microsoft-graph-client.
 *
 * Job `lifecycle`: what Konnect's Azure DCR provider does through Graph — create an application, add a password,
 * create its service principal — then the new app gets a token with that password (@azure/identity), and the
 * application is deleted (a read afterwards is Graph's 404).
 *
 * Job `query`: two applications found with $filter/$select/$top, the pages walked with the client's PageIterator
 * (which follows @odata.nextLink), one found by appId and renamed with PATCH, both deleted.
 *
 * Input: { job, authorityHost, tenantId, clientId, clientSecret, graphBaseUrl, customHost, displayName, apiScope }.
 */
import { createRequire } from 'node:module';
import { ClientSecretCredential } from '@azure/identity';
import { Client, PageIterator } from '@microsoft/microsoft-graph-client';
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

function graphClient() {
  const authProvider = new TokenCredentialAuthenticationProvider(credential(input.clientId, input.clientSecret), {
    scopes: ['https://graph.microsoft.com/.default'],
  });
  // https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/src/IClientOptions.ts (ClientOptions):
  //   baseUrl: "Base url that needs to be appended to every request" (how a national cloud's Graph is reached);
  //   customHosts: "A set of custom host names. Should contain hostnames only." The auth middleware adds the token
  //   only for graph.microsoft.com and these (GraphRequestUtil.isCustomHost compares the host name, port stripped).
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: input.graphBaseUrl,
    customHosts: new Set([input.customHost]),
  });
}

async function lifecycle(client) {
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
}

async function query(client) {
  const prefix = input.displayName;
  const first = await client.api('/applications').post({ displayName: `${prefix}-a` });
  const second = await client.api('/applications').post({ displayName: `${prefix}-b` });
  // https://learn.microsoft.com/graph/sdks/paging?tabs=typescript (PageIterator) and the request builder's
  // filter/select/top (https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/docs/OtherAPIs.md).
  const page = await client
    .api('/applications')
    .filter(`startswith(displayName,'${prefix}')`)
    .select('id,appId,displayName')
    .top(1)
    .get();
  const walked = [];
  await new PageIterator(client, page, (app) => {
    walked.push(app.displayName);
    return true;
  }).iterate();
  const byAppId = await client.api('/applications').filter(`appId eq '${first.appId}'`).select('id,displayName').get();
  const patched = await client.api(`/applications/${first.id}`).patch({ displayName: `${prefix}-renamed` });
  const renamed = await client.api(`/applications/${first.id}`).select('displayName').get();
  await client.api(`/applications/${first.id}`).delete();
  await client.api(`/applications/${second.id}`).delete();
  const afterDelete = await client.api('/applications').filter(`startswith(displayName,'${prefix}')`).get();
  return {
    firstPage: { size: page.value.length, keys: Object.keys(page.value[0] ?? {}).sort(), hasNextLink: '@odata.nextLink' in page },
    walked,
    byAppId: byAppId.value.map((a) => a.id),
    patched: patched ?? null,
    renamed: renamed.displayName,
    ids: [first.id, second.id],
    afterDelete: afterDelete.value.length,
  };
}

await run(() => (input.job === 'query' ? query(graphClient()) : lifecycle(graphClient())));
