/** Microsoft Graph's applications API (Entra) as a RegistrationProvider (providers.ts picks it); § numbers are shared/reference/vendors.md's. */
import { call, clientCredentialsToken, expectStatus, required, str } from './calls';
import type { Fetch, RegistrationProvider, RegistrationTarget } from './types';

/** Entra: a Graph token, `POST /applications`, a service principal, `addPassword`; rotation adds then removes (§4.3). */
export function graph(t: Extract<RegistrationTarget, { style: 'graph-applications' }>, fetcher: Fetch): RegistrationProvider {
  const base = t.graphBaseUrl.replace(/\/+$/, '');
  const bearer = async () => ({
    authorization: `Bearer ${await clientCredentialsToken(fetcher, t.tokenEndpoint, t.clientId, t.clientSecret, { scope: t.scope }, false)}`,
  });
  const addPassword = async (headers: Record<string, string>, objectId: string) =>
    expectStatus(
      await call(fetcher, `${base}/applications/${objectId}/addPassword`, {
        method: 'POST',
        headers,
        json: { passwordCredential: { displayName: 'dcr-kit' } },
      }),
      200,
      'Graph addPassword',
    );
  return {
    async create(input) {
      const headers = await bearer();
      const app = expectStatus(
        await call(fetcher, `${base}/applications`, { method: 'POST', headers, json: { displayName: input.name } }),
        201,
        'Graph create application',
      );
      const objectId = str(app.json.id);
      const appId = str(app.json.appId);
      try {
        // Without a service principal the new app's token requests fail with AADSTS7000229. Whether Konnect
        // creates one is UNCONFIRMED (vendors.md §5.2); it is needed, so it is created.
        expectStatus(
          await call(fetcher, `${base}/servicePrincipals`, { method: 'POST', headers, json: { appId } }),
          201,
          'Graph create service principal',
        );
        const password = await addPassword(headers, objectId);
        return {
          clientId: appId,
          clientSecret: str(password.json.secretText),
          state: { objectId, keyId: str(password.json.keyId) },
        };
      } catch (error) {
        await call(fetcher, `${base}/applications/${objectId}`, { method: 'DELETE', headers });
        throw error;
      }
    },
    async rotate(client) {
      const headers = await bearer();
      const password = await addPassword(headers, client.state.objectId ?? '');
      const secretText = required(password, 'secretText', 'Graph addPassword');
      // The new password works from here on; if removing the old one fails, the error says so and the old one stays.
      expectStatus(
        await call(fetcher, `${base}/applications/${client.state.objectId}/removePassword`, {
          method: 'POST',
          headers,
          json: { keyId: client.state.keyId },
        }),
        204,
        'Graph removePassword',
      );
      return { ...client, clientSecret: secretText, state: { ...client.state, keyId: str(password.json.keyId) } };
    },
    async remove(client) {
      expectStatus(
        await call(fetcher, `${base}/applications/${client.state.objectId}`, { method: 'DELETE', headers: await bearer() }),
        204,
        'Graph delete application',
      );
    },
  };
}
