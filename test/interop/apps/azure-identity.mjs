/**
 * @azure/identity: ClientSecretCredential.getToken, the credential every Azure SDK client takes.
 *
 * Input: { authorityHost, tenantId, clientId, clientSecret, scope }.
 */
import { ClientSecretCredential } from '@azure/identity';
import { input, run } from './lib.mjs';

await run(async () => {
  // https://learn.microsoft.com/javascript/api/@azure/identity/clientsecretcredentialoptions
  //   authorityHost: "The authority host to use for authentication requests" (an Entra cloud other than the public one);
  //   disableInstanceDiscovery: "set to true to disable authority validation and instance discovery … for scenarios
  //   where the authority host is not a known Microsoft Entra host (private clouds, Azure Stack)".
  const credential = new ClientSecretCredential(input.tenantId, input.clientId, input.clientSecret, {
    authorityHost: input.authorityHost,
    disableInstanceDiscovery: true,
  });
  const token = await credential.getToken(input.scope);
  return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp, tokenType: token.tokenType };
});
