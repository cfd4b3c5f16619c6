/**
 * @azure/msal-node against the Entra persona over TLS: a daemon app's client credentials flow, the token verified with
 * jose against the tenant's JWKS.
 */
import { describe, expect, it } from 'vitest';
import { AZURE } from '../helpers/demo';
import { caFileOf, originOf, runApp, tenantOf, useTlsHarness, verifyJwt } from './support';

const harness = useTlsHarness();

interface MsalResult {
  accessToken: string;
  tokenType: string;
  scopes: string[];
  authority: string;
  firstFromCache: boolean;
  secondFromCache: boolean;
  sameToken: boolean;
}

describe('@azure/msal-node', () => {
  it('ConfidentialClientApplication.acquireTokenByClientCredential gets a token from the Entra tenant, then from its cache', async () => {
    const entra = tenantOf(harness(), 'azure');
    const caFile = caFileOf(harness());
    const origin = originOf(entra);
    // Documented options: auth.authority and auth.knownAuthorities
    // (https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/docs/configuration.md;
    // apps/msal-node.mjs).
    const result = await runApp<MsalResult>('msal-node', caFile, {
      authority: `${origin}/${AZURE.tenantId}`,
      knownAuthorities: [new URL(origin).host],
      clientId: AZURE.clientId,
      clientSecret: AZURE.clientSecret,
      scopes: [`${AZURE.resource}/.default`],
    });
    expect(result).toMatchObject({ tokenType: 'Bearer', firstFromCache: false, secondFromCache: true });
    expect(result.sameToken).toBe(true);
    // The demo API asks for v1 tokens (requestedAccessTokenVersion null): issuer sts.windows.net, appid.
    const claims = await verifyJwt(result.accessToken, entra.jwksUri, caFile, {
      issuer: `https://sts.windows.net/${AZURE.tenantId}/`,
      audience: AZURE.resource,
    });
    expect(claims).toMatchObject({ appid: AZURE.clientId, tid: AZURE.tenantId, ver: '1.0' });
  });
});
