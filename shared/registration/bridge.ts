/** Konnect's HTTP DCR bridge as a RegistrationProvider (providers.ts picks it); § numbers are shared/reference/vendors.md's. */
import { call, expectStatus, required, str } from './calls';
import type { Fetch, RegistrationInput, RegistrationProvider, RegistrationTarget } from './types';

/** The Konnect HTTP DCR bridge contract, with its lifecycle event hook (vendors.md §5.3). */
export function bridge(t: Extract<RegistrationTarget, { style: 'konnect-http-bridge' }>, fetcher: Fetch): RegistrationProvider {
  const endpoint = t.endpoint.replace(/\/+$/, '');
  const headers = { 'x-api-key': t.apiKey };
  const ids = (input: RegistrationInput) => ({
    portal_id: input.konnect?.portalId ?? '00000000-0000-4000-8000-000000000000',
    organization_id: input.konnect?.organizationId ?? '00000000-0000-4000-8000-000000000000',
    developer_id: input.konnect?.developerId ?? '00000000-0000-4000-8000-000000000000',
    auth_strategy_id: input.konnect?.authStrategyId ?? '00000000-0000-4000-8000-000000000000',
    dcr_provider_id: input.konnect?.dcrProviderId ?? '00000000-0000-4000-8000-000000000000',
  });
  // add_registration / remove_registration carry the application and the API product version.
  const event = (type: string, clientId: string, input: RegistrationInput) => ({
    event_type: type,
    client_id: clientId,
    application_id: input.konnect?.applicationId ?? clientId,
    application_name: input.name,
    application_description: input.description ?? '',
    ...ids(input),
    ...(input.konnect && { api_product_version_id: input.konnect.apiProductVersionId }),
  });
  return {
    async create(input) {
      const reply = expectStatus(
        await call(fetcher, `${endpoint}/`, {
          method: 'POST',
          headers,
          json: {
            redirect_uris: input.redirectUri ? [input.redirectUri] : [],
            client_name: input.name,
            grant_types: ['client_credentials'],
            scopes: input.scopes ?? [],
            token_endpoint_auth_method: 'client_secret_post',
            application_description: input.description ?? '',
            ...ids(input),
          },
        }),
        201,
        'DCR bridge create',
      );
      const clientId = str(reply.json.client_id);
      if (input.konnect) {
        // Any non-2xx aborts the operation: the client is removed again.
        const hook = await call(fetcher, `${endpoint}/${clientId}/event-hook`, {
          method: 'POST',
          headers,
          json: event('add_registration', clientId, input),
        });
        if (hook.status !== 200) {
          await call(fetcher, `${endpoint}/${clientId}`, { method: 'DELETE', headers });
          expectStatus(hook, 200, 'DCR bridge event hook');
        }
      }
      return { clientId, clientSecret: required(reply, 'client_secret', 'DCR bridge create'), state: {} };
    },
    async rotate(client) {
      const reply = expectStatus(
        await call(fetcher, `${endpoint}/${client.clientId}/new-secret`, { method: 'POST', headers }),
        200,
        'DCR bridge new secret',
      );
      return { ...client, clientSecret: required(reply, 'client_secret', 'DCR bridge new secret') };
    },
    async remove(client, input) {
      if (input.konnect) {
        expectStatus(
          await call(fetcher, `${endpoint}/${client.clientId}/event-hook`, {
            method: 'POST',
            headers,
            json: event('remove_registration', client.clientId, input),
          }),
          200,
          'DCR bridge event hook',
        );
      }
      expectStatus(
        await call(fetcher, `${endpoint}/${client.clientId}`, { method: 'DELETE', headers }),
        204,
        'DCR bridge delete',
      );
    },
  };
}
