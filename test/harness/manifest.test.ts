/** GET /harness.json: the contract the extension and other suites import. */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../mock-idp/vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { postForm, send } from '../helpers/http';

const harness = useHarness();

describe('GET /harness.json', () => {
  it('lists every tenant with the field names the manifest contract fixes', async () => {
    const url = harness().url;
    const res = await send(`${url}/harness.json`);
    expect(res.status).toBe(200);
    // No CORS: the manifest holds admin credentials, so no web page may read it.
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const m = res.json;
    expect(m).toMatchObject({ harness: 'dcr-kit', version: 1, url, controlUrl: `${url}/_control` });
    expect(m.tenants.map((t: { vendor: string }) => t.vendor)).toEqual(['auth0', 'okta', 'curity', 'azure']);
    const [auth0, okta, curity, azure] = m.tenants;
    expect(auth0).toMatchObject({
      vendor: 'auth0',
      baseUrl: `${url}/auth0`,
      issuer: `${url}/auth0/`,
      discoveryUrl: `${url}/auth0/.well-known/openid-configuration`,
      jwksUri: `${url}/auth0/.well-known/jwks.json`,
      tokenEndpoint: `${url}/auth0/oauth/token`,
      demoClient: { clientId: AUTH0.clientId, clientSecret: AUTH0.clientSecret, params: { audience: AUTH0.audience } },
      registration: {
        style: 'auth0-management',
        endpoint: `${url}/auth0/api/v2/clients`,
        credentials: { audience: `${url}/auth0/api/v2/` },
      },
    });
    expect(okta).toMatchObject({
      vendor: 'okta',
      tokenEndpoint: `${url}/okta/oauth2/default/v1/token`,
      demoClient: { clientId: OKTA.clientId, params: { scope: 'api:read' } },
      registration: {
        style: 'okta-clients',
        endpoint: `${url}/okta/oauth2/v1/clients`,
        credentials: { apiToken: expect.any(String) },
      },
    });
    expect(curity).toMatchObject({
      vendor: 'curity',
      tokenEndpoint: `${url}/curity/oauth/v2/oauth-token`,
      demoClient: { clientId: CURITY.clientId, clientSecret: CURITY.clientSecret },
      registration: { style: 'rfc7591', credentials: { scope: 'dcr' } },
    });
    expect(azure).toMatchObject({
      vendor: 'azure',
      tenantId: AZURE.tenantId,
      tokenEndpoint: `${url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`,
      tokenEndpointV1: `${url}/azure/${AZURE.tenantId}/oauth2/token`,
      demoClient: {
        clientId: AZURE.clientId,
        params: { scope: `${AZURE.resource}/.default` },
        paramsV1: { resource: AZURE.resource },
      },
      registration: { style: 'graph-applications', credentials: { scope: 'https://graph.microsoft.com/.default' } },
    });
    expect(m.portal).toMatchObject({
      url: expect.any(String),
      developer: { username: expect.any(String), password: expect.any(String) },
    });
    expect(m.gateway).toMatchObject({ url: expect.any(String) });
  });

  it('gives each tenant a demo client that gets a token with exactly the listed parameters', async () => {
    const { tenants } = (await send(`${harness().url}/harness.json`)).json;
    for (const tenant of tenants) {
      const { clientId, clientSecret, params } = tenant.demoClient;
      const res = await postForm(tenant.tokenEndpoint, {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        ...params,
      });
      expect(res.status, tenant.vendor).toBe(200);
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await send(`${harness().url}/nowhere`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'not_found', message: 'no route for GET /nowhere' });
  });
});
