/**
 * @azure/msal-node against the Entra persona over TLS: a daemon app's client credentials flow, the token verified with
 * jose against the tenant's JWKS — a v1 token (the default tenant's demo API: iss sts.windows.net, appid) and a v2
 * token (a second directory whose API sets requestedAccessTokenVersion 2: iss <authority>/v2.0, azp).
 */
import { describe, expect, it } from 'vitest';
import { AZURE } from '../helpers/demo';
import { caFileOf, originOf, runApp, tenantOf, useTlsHarness, verifyJwt } from './support';

/** A second Entra directory, given to the harness as configuration: one API that receives v2 tokens, one daemon app. */
const V2 = {
  id: 'entra-v2',
  tenantId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  apiAppId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
  apiUri: 'api://dcr-kit-interop-v2',
  clientId: 'a8b9c0d1-e2f3-4a4b-8c5d-6e7f8a9b0c1d',
  clientSecret: 'Qv2~interop.msal.v2.secret.Hn3Jk5Lm7Np9Q',
  servicePrincipalId: 'b9c0d1e2-f3a4-4b5c-9d6e-7f8a9b0c1d2e',
};

const harness = useTlsHarness({
  config: {
    tenants: [
      {
        id: V2.id,
        vendor: 'azure',
        tenantId: V2.tenantId,
        domain: 'dcrkitv2.onmicrosoft.com',
        displayName: 'dcr-kit v2',
        apis: [
          {
            appId: V2.apiAppId,
            identifierUri: V2.apiUri,
            displayName: 'Interop v2 API',
            accessTokenVersion: 2,
            appRoles: ['Data.Read'],
          },
        ],
        clients: [
          {
            clientId: V2.clientId,
            clientSecret: V2.clientSecret,
            name: 'interop daemon (v2)',
            objectId: 'c0d1e2f3-a4b5-4c6d-8e7f-8a9b0c1d2e3f',
            servicePrincipalId: V2.servicePrincipalId,
            roles: { [V2.apiAppId]: ['Data.Read'] },
          },
        ],
      },
    ],
  },
});

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

  it('gets a v2 token (iss <authority>/v2.0, aud the API appId, azp) from a directory whose API asks for v2', async () => {
    const entra = tenantOf(harness(), V2.id);
    const caFile = caFileOf(harness());
    const origin = originOf(entra);
    // The same documented options: auth.authority and auth.knownAuthorities.
    const result = await runApp<MsalResult>('msal-node', caFile, {
      authority: `${origin}/${V2.tenantId}`,
      knownAuthorities: [new URL(origin).host],
      clientId: V2.clientId,
      clientSecret: V2.clientSecret,
      scopes: [`${V2.apiUri}/.default`],
    });
    expect(result).toMatchObject({ tokenType: 'Bearer', firstFromCache: false, secondFromCache: true });
    const claims = await verifyJwt(result.accessToken, entra.jwksUri, caFile, { issuer: entra.issuer, audience: V2.apiAppId });
    expect(entra.issuer).toBe(`${origin}/${V2.tenantId}/v2.0`);
    expect(claims).toMatchObject({
      azp: V2.clientId,
      tid: V2.tenantId,
      ver: '2.0',
      roles: ['Data.Read'],
      oid: V2.servicePrincipalId,
    });
    expect(claims.appid).toBeUndefined();
  });
});
