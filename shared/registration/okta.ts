/** Okta's clients API as a RegistrationProvider (providers.ts picks it); § numbers are shared/reference/vendors.md's. */
import { call, expectStatus, required } from './calls';
import type { Fetch, RegistrationProvider, RegistrationTarget } from './types';

/** Okta: `/oauth2/v1/clients` with `SSWS <token>`, `…/lifecycle/newSecret`, DELETE (vendors.md §3.3, §5.2). */
export function okta(t: Extract<RegistrationTarget, { style: 'okta-clients' }>, fetcher: Fetch): RegistrationProvider {
  const headers = { authorization: `SSWS ${t.apiToken}` };
  return {
    async create(input) {
      const reply = expectStatus(
        await call(fetcher, t.endpoint, {
          method: 'POST',
          headers,
          json: {
            client_name: input.name,
            application_type: 'service',
            grant_types: ['client_credentials'],
            response_types: ['token'],
            token_endpoint_auth_method: 'client_secret_basic',
            redirect_uris: [],
          },
        }),
        201,
        'Okta create client',
      );
      return {
        clientId: required(reply, 'client_id', 'Okta create client'),
        clientSecret: required(reply, 'client_secret', 'Okta create client'),
        state: {},
      };
    },
    async rotate(client) {
      const reply = expectStatus(
        await call(fetcher, `${t.endpoint}/${client.clientId}/lifecycle/newSecret`, { method: 'POST', headers }),
        200,
        'Okta new secret',
      );
      return { ...client, clientSecret: required(reply, 'client_secret', 'Okta new secret') };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, `${t.endpoint}/${client.clientId}`, { method: 'DELETE', headers }),
        204,
        'Okta delete client',
      );
    },
  };
}
