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
      // https://learn.microsoft.com/entra/msal/javascript/node/configuration (auth.authority, auth.knownAuthorities):
      // an authority MSAL does not know from Entra's instance discovery must be listed as known, which also skips
      // the discovery call to login.microsoftonline.com.
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
