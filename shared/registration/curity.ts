/** Curity's RFC 7591/7592 registration endpoint as a RegistrationProvider (providers.ts picks it); § numbers are shared/reference/vendors.md's. */
import { call, clientCredentialsToken, expectStatus, required, str } from './calls';
import type { Fetch, RegistrationProvider, RegistrationTarget } from './types';

/**
 * Curity: a `dcr` initial access token, RFC 7591 registration, RFC 7592 PUT (new secret and new registration access
 * token) and DELETE (§2.3).
 */
export function rfc7591(t: Extract<RegistrationTarget, { style: 'rfc7591' }>, fetcher: Fetch): RegistrationProvider {
  return {
    async create(input) {
      const iat = await clientCredentialsToken(fetcher, t.tokenEndpoint, t.clientId, t.clientSecret, { scope: 'dcr' }, true);
      const scope = (input.scopes?.length ? input.scopes : t.defaultScopes).join(' ');
      const reply = expectStatus(
        await call(fetcher, t.endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${iat}` },
          json: {
            client_name: input.name,
            grant_types: ['client_credentials'],
            ...(scope && { scope }),
            token_endpoint_auth_method: 'client_secret_basic',
          },
        }),
        201,
        'RFC 7591 registration',
      );
      return {
        clientId: str(reply.json.client_id),
        clientSecret: required(reply, 'client_secret', 'RFC 7591 registration'),
        state: {
          registrationClientUri: str(reply.json.registration_client_uri),
          registrationAccessToken: str(reply.json.registration_access_token),
          clientName: input.name,
          scope,
        },
      };
    },
    async rotate(client) {
      // RFC 7592 §2.2 update. Curity answers every GET and PUT with a new client_secret and a new registration access
      // token, and the old token stops working at once (vendors.md §2.3, curity.io "Dynamic Client Registration
      // Management"): the new token must be kept, or the client can no longer be managed. A PUT replaces the whole
      // registration ("omitted fields MUST be treated as null or empty values"), so it repeats what create sent.
      const reply = expectStatus(
        await call(fetcher, client.state.registrationClientUri ?? '', {
          method: 'PUT',
          headers: { authorization: `Bearer ${client.state.registrationAccessToken}` },
          json: {
            client_id: client.clientId,
            client_name: client.state.clientName,
            grant_types: ['client_credentials'],
            ...(client.state.scope && { scope: client.state.scope }),
            token_endpoint_auth_method: 'client_secret_basic',
          },
        }),
        200,
        'RFC 7592 update',
      );
      // RFC 7592 lets a server keep the registration access token: keep ours when none comes back.
      const token = reply.json.registration_access_token;
      return {
        ...client,
        clientSecret: required(reply, 'client_secret', 'RFC 7592 update'),
        state: {
          ...client.state,
          ...(typeof token === 'string' && token && { registrationAccessToken: token }),
        },
      };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, client.state.registrationClientUri ?? '', {
          method: 'DELETE',
          headers: { authorization: `Bearer ${client.state.registrationAccessToken}` },
        }),
        204,
        'RFC 7592 delete',
      );
    },
  };
}
