/** Auth0's Management API as a RegistrationProvider (providers.ts picks it); § numbers are shared/reference/vendors.md's. */
import { call, clientCredentialsToken, expectStatus, required, str } from './calls';
import type { Fetch, RegistrationProvider, RegistrationTarget } from './types';

/** Auth0: Management API token, `POST /api/v2/clients`, then a client grant for the API (vendors.md §1.4, §5.2). */
export function auth0(t: Extract<RegistrationTarget, { style: 'auth0-management' }>, fetcher: Fetch): RegistrationProvider {
  const bearer = async () => ({
    authorization: `Bearer ${await clientCredentialsToken(fetcher, t.tokenEndpoint, t.clientId, t.clientSecret, { audience: t.managementAudience }, false)}`,
  });
  const api = t.baseUrl.replace(/\/+$/, '');
  return {
    async create(input) {
      const headers = await bearer();
      const created = expectStatus(
        await call(fetcher, `${api}/api/v2/clients`, {
          method: 'POST',
          headers,
          json: {
            name: input.name,
            ...(input.description && { description: input.description }),
            app_type: 'non_interactive',
            grant_types: ['client_credentials'],
            token_endpoint_auth_method: 'client_secret_post',
            // The client_metadata keys Konnect sets (Kong's Auth0 DCR how-to, vendors.md §5.2).
            ...(input.konnect && {
              client_metadata: {
                konnect_portal_id: input.konnect.portalId,
                konnect_developer_id: input.konnect.developerId,
                konnect_org_id: input.konnect.organizationId,
                konnect_application_id: input.konnect.applicationId,
              },
            }),
          },
        }),
        201,
        'Auth0 create client',
      );
      const id = str(created.json.client_id);
      const grant = await call(fetcher, `${api}/api/v2/client-grants`, {
        method: 'POST',
        headers,
        json: { client_id: id, audience: t.apiAudience, scope: input.scopes ?? [] },
      });
      if (grant.status !== 201) {
        // Nothing half-created: the client goes when its grant cannot be made.
        await call(fetcher, `${api}/api/v2/clients/${id}`, { method: 'DELETE', headers });
        expectStatus(grant, 201, 'Auth0 create client grant');
      }
      return { clientId: id, clientSecret: required(created, 'client_secret', 'Auth0 create client'), state: {} };
    },
    async rotate(client) {
      const reply = expectStatus(
        await call(fetcher, `${api}/api/v2/clients/${client.clientId}/rotate-secret`, {
          method: 'POST',
          headers: await bearer(),
        }),
        200,
        'Auth0 rotate secret',
      );
      return { ...client, clientSecret: required(reply, 'client_secret', 'Auth0 rotate secret') };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, `${api}/api/v2/clients/${client.clientId}`, { method: 'DELETE', headers: await bearer() }),
        204,
        'Auth0 delete client',
      );
    },
  };
}
