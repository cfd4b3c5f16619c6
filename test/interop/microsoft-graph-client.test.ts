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

interface QueryResult {
  firstPage: { size: number; keys: string[]; hasNextLink: boolean };
  walked: string[];
  byAppId: string[];
  patched: unknown;
  renamed: string;
  ids: string[];
  afterDelete: number;
}

/**
 * Documented options: the Graph client's baseUrl and customHosts
 * (https://github.com/microsoftgraph/msgraph-sdk-javascript/blob/dev/src/IClientOptions.ts), and @azure/identity's
 * authorityHost and disableInstanceDiscovery
 * (https://learn.microsoft.com/javascript/api/@azure/identity/clientsecretcredentialoptions); apps/microsoft-graph-client.mjs.
 */
function graphJob(job: 'lifecycle' | 'query', displayName: string) {
  const entra = tenantOf(harness(), 'azure');
  const graph = entra.registration.credentials;
  const graphBaseUrl = new URL(entra.registration.endpoint.replace(/\/v1\.0\/applications$/, ''));
  return {
    job,
    authorityHost: originOf(entra),
    tenantId: AZURE.tenantId,
    clientId: graph.clientId,
    clientSecret: graph.clientSecret,
    graphBaseUrl: graphBaseUrl.href,
    customHost: graphBaseUrl.hostname,
    displayName,
    apiScope: `${AZURE.resource}/.default`,
  };
}

describe('@microsoft/microsoft-graph-client', () => {
  it('creates an application, adds a password, creates its service principal and deletes it', async () => {
    const entra = tenantOf(harness(), 'azure');
    const caFile = caFileOf(harness());
    const displayName = uniqueName('interop-graph');
    const result = await runApp<GraphResult>('microsoft-graph-client', caFile, graphJob('lifecycle', displayName));
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

  // Exercises GET /v1.0/applications ($filter, $select, $top, @odata.nextLink; mock-idp/vendors/azure/query.ts) and
  // PATCH /v1.0/applications/{id}.
  it('finds applications with $filter/$select/$top, walks the pages with PageIterator, renames one with PATCH', async () => {
    const prefix = uniqueName('interop-graph-query');
    const result = await runApp<QueryResult>('microsoft-graph-client', caFileOf(harness()), graphJob('query', prefix));
    expect(result.firstPage).toEqual({ size: 1, keys: ['appId', 'displayName', 'id'], hasNextLink: true });
    expect(result.walked.sort()).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(result.byAppId).toEqual([result.ids[0]]);
    expect(result.patched).toBeNull(); // 204 No Content
    expect(result.renamed).toBe(`${prefix}-renamed`);
    expect(result.afterDelete).toBe(0);
  });
});
