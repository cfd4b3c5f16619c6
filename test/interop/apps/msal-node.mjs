/**
 * @azure/msal-node: a daemon app's client credentials flow (ConfidentialClientApplication.acquireTokenByClientCredential),
 * twice, the second answered from MSAL's token cache.
 *
 * Input: { authority, knownAuthorities, clientId, clientSecret, scopes }.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { input, run } from './lib.mjs';

await run(async () => {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      // auth.authority and auth.knownAuthorities
      // (https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/dev/lib/msal-node/docs/configuration.md,
      // https://learn.microsoft.com/entra/msal/javascript/node/initialize-confidential-client-application): an
      // OIDC-compliant authority other than Entra's own hosts is listed in knownAuthorities, which also skips instance
      // discovery at login.microsoftonline.com (without it: endpoints_resolution_error). MSAL then reads
      // <authority>/v2.0/.well-known/openid-configuration and checks its issuer against the authority.
      authority: input.authority,
      knownAuthorities: input.knownAuthorities,
    },
  });
  const first = await app.acquireTokenByClientCredential({ scopes: input.scopes });
  const second = await app.acquireTokenByClientCredential({ scopes: input.scopes });
  return {
    accessToken: first?.accessToken,
    tokenType: first?.tokenType,
    expiresOn: first?.expiresOn,
    scopes: first?.scopes,
    authority: first?.authority,
    firstFromCache: first?.fromCache,
    secondFromCache: second?.fromCache,
    sameToken: second?.accessToken === first?.accessToken,
  };
});
