/**
 * @microsoft/microsoft-graph-client with TokenCredentialAuthenticationProvider over an @azure/identity
 * ClientSecretCredential, against the harness's Microsoft Graph over TLS: what Konnect's Azure DCR provider does
 * (create an application, add a password, create its service principal, delete it). The new application then gets a
 * token with its new password, verified with jose.
 */
import { describe, expect, it } from 'vitest';
import { AZURE } from '../helpers/demo';
import { caFileOf, originOf, runApp, tenantOf, uniqueName, useTlsHarness, verifyJwt } from './support';

const harness = useTlsHarness();

interface GraphResult {
  application: { id: string; appId: string; displayName: string };
  password: { keyId: string; hasSecretText: boolean; hint: string };
  servicePrincipal: { id: string; appId: string };
  readPasswordKeyIds: string[];
  newAppToken: string;
  afterDelete: { statusCode: number; code?: string };
}

describe('@microsoft/microsoft-graph-client', () => {
  it('creates an application, adds a password, creates its service principal and deletes it', async () => {
    const entra = tenantOf(harness(), 'azure');
    const caFile = caFileOf(harness());
    const graph = entra.registration.credentials;
    const displayName = uniqueName('interop-graph');
    // Documented options: the Graph client's baseUrl and customHosts
    // (https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/src/IClientOptions.ts), and @azure/identity's
    // authorityHost and disableInstanceDiscovery
    // (https://learn.microsoft.com/javascript/api/@azure/identity/clientsecretcredentialoptions); apps/microsoft-graph-client.mjs.
    const graphBaseUrl = new URL(entra.registration.endpoint.replace(/\/v1\.0\/applications$/, ''));
    const result = await runApp<GraphResult>('microsoft-graph-client', caFile, {
      authorityHost: originOf(entra),
      tenantId: AZURE.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      graphBaseUrl: graphBaseUrl.href,
      customHost: graphBaseUrl.hostname,
      displayName,
      apiScope: `${AZURE.resource}/.default`,
    });
    expect(result.application).toMatchObject({ displayName, id: expect.any(String), appId: expect.any(String) });
    expect(result.password).toMatchObject({ keyId: expect.any(String), hasSecretText: true });
    expect(result.servicePrincipal.appId).toBe(result.application.appId);
    expect(result.readPasswordKeyIds).toEqual([result.password.keyId]);
    const claims = await verifyJwt(result.newAppToken, entra.jwksUri, caFile, {
      issuer: `https://sts.windows.net/${AZURE.tenantId}/`,
      audience: AZURE.resource,
    });
    expect(claims).toMatchObject({ appid: result.application.appId, oid: result.servicePrincipal.id });
    expect(result.afterDelete).toEqual({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});
