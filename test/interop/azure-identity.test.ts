/**
 * @azure/identity against the Entra persona over TLS: ClientSecretCredential.getToken, the credential every Azure
 * SDK client takes, for the demo API and for Microsoft Graph; each token verified with jose against the tenant's JWKS.
 */
import { describe, expect, it } from 'vitest';
import { AZURE } from '../helpers/demo';
import { caFileOf, originOf, runApp, tenantOf, useTlsHarness, verifyJwt } from './support';

const harness = useTlsHarness();

interface IdentityResult {
  token: string;
  expiresOnTimestamp: number;
  tokenType?: string;
}

// Documented options: authorityHost and disableInstanceDiscovery
// (https://learn.microsoft.com/javascript/api/@azure/identity/clientsecretcredentialoptions; apps/azure-identity.mjs).
describe('@azure/identity', () => {
  it('ClientSecretCredential.getToken gets a token for the demo API', async () => {
    const entra = tenantOf(harness(), 'azure');
    const caFile = caFileOf(harness());
    const result = await runApp<IdentityResult>('azure-identity', caFile, {
      authorityHost: originOf(entra),
      tenantId: AZURE.tenantId,
      clientId: AZURE.clientId,
      clientSecret: AZURE.clientSecret,
      scope: `${AZURE.resource}/.default`,
    });
    expect(result.expiresOnTimestamp).toBeGreaterThan(Date.now());
    const claims = await verifyJwt(result.token, entra.jwksUri, caFile, {
      issuer: `https://sts.windows.net/${AZURE.tenantId}/`,
      audience: AZURE.resource,
    });
    expect(claims).toMatchObject({ appid: AZURE.clientId, tid: AZURE.tenantId });
  });

  it('ClientSecretCredential.getToken gets a Microsoft Graph token for the Graph app', async () => {
    const entra = tenantOf(harness(), 'azure');
    const caFile = caFileOf(harness());
    const graph = entra.registration.credentials;
    const result = await runApp<IdentityResult>('azure-identity', caFile, {
      authorityHost: originOf(entra),
      tenantId: AZURE.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      scope: graph.scope,
    });
    const claims = await verifyJwt(result.token, entra.jwksUri, caFile, {
      issuer: `https://sts.windows.net/${AZURE.tenantId}/`,
      audience: 'https://graph.microsoft.com',
    });
    expect(claims).toMatchObject({ appid: graph.clientId, tid: AZURE.tenantId });
    expect(claims.roles).toEqual(expect.arrayContaining([expect.stringMatching(/^Application\.ReadWrite\./)]));
  });
});
