/**
 * @azure/identity: ClientSecretCredential.getToken, the credential every Azure SDK client takes.
 *
 * Input: { authorityHost, tenantId, clientId, clientSecret, scope }.
 */
import { ClientSecretCredential } from '@azure/identity';
import { input, run } from './lib.mjs';

await run(async () => {
  // https://learn.microsoft.com/javascript/api/@azure/identity/clientsecretcredentialoptions
  //   authorityHost: "The authority host to use for authentication requests." (default https://login.microsoftonline.com);
  //   disableInstanceDiscovery: "Setting this to `true` will completely disable both instance discovery and authority
  //   validation. … intended for use in scenarios where the metadata endpoint cannot be reached, such as in private
  //   clouds or Azure Stack." Without it the credential asks login.microsoft.com about the authority and fails
  //   (endpoints_resolution_error) on a host Entra does not know.
  const credential = new ClientSecretCredential(input.tenantId, input.clientId, input.clientSecret, {
    authorityHost: input.authorityHost,
    disableInstanceDiscovery: true,
  });
  const token = await credential.getToken(input.scope);
  return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp, tokenType: token.tokenType };
});
