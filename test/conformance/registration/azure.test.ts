/**
 * Microsoft Graph application management (shared/reference/vendors.md §4.3, microsoft-graph-docs-contrib):
 * the flow Konnect's Azure DCR provider runs — Graph token, create application, service principal, password —
 * and its effect on the Entra token endpoint (AADSTS7000229 without a service principal, rotation, deletion).
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { AZURE } from '../../helpers/demo';
import { GUID, postForm, postJson, send } from '../../helpers/http';

const PROVIDER = { clientId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9', clientSecret: 'Gx7Q~demo.graph.provider.Lm2Np4Qr6St8Uv0W' };
const harness = useHarness();
const graph = () => `${harness().url}/graph/v1.0`;
const tokenUrl = () => `${harness().url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`;

async function graphToken(clientId = PROVIDER.clientId, secret = PROVIDER.clientSecret): Promise<string> {
  const res = await postForm(tokenUrl(), {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: secret,
    scope: 'https://graph.microsoft.com/.default',
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}

async function call(method: string, path: string, body?: unknown, token?: string) {
  return send(`${graph()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token ?? (await graphToken())}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const appToken = (appId: string, secret: string) =>
  postForm(tokenUrl(), {
    grant_type: 'client_credentials',
    client_id: appId,
    client_secret: secret,
    scope: `${AZURE.resource}/.default`,
  });

describe('Graph POST /v1.0/applications', () => {
  it('creates an application (201) whose token requests fail with AADSTS7000229 until it has a service principal', async () => {
    const created = await call('POST', '/applications', { displayName: 'Konnect app' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity',
      id: expect.stringMatching(GUID),
      appId: expect.stringMatching(GUID),
      displayName: 'Konnect app',
      signInAudience: 'AzureADMyOrg',
      passwordCredentials: [],
    });
    const { id, appId } = created.json;

    const password = await call('POST', `/applications/${id}/addPassword`, { passwordCredential: { displayName: 'konnect' } });
    expect(password.status).toBe(200);
    expect(Object.keys(password.json)).toEqual([
      '@odata.context',
      'customKeyIdentifier',
      'displayName',
      'endDateTime',
      'hint',
      'keyId',
      'secretText',
      'startDateTime',
    ]);
    const { secretText, keyId, hint } = password.json;
    expect(secretText).toMatch(/^[A-Za-z0-9]{3}8Q~[A-Za-z0-9]{34}$/);
    expect(hint).toBe(secretText.slice(0, 3));
    expect(keyId).toMatch(GUID);

    const noSp = await appToken(appId, secretText);
    expect(noSp.status).toBe(401);
    expect(noSp.json.error_codes).toEqual([7000229]);

    const sp = await call('POST', '/servicePrincipals', { appId });
    expect(sp.status).toBe(201);
    expect(sp.json).toMatchObject({
      appId,
      accountEnabled: true,
      servicePrincipalNames: [appId],
      id: expect.stringMatching(GUID),
    });
    const ok = await appToken(appId, secretText);
    expect(ok.status).toBe(200);
  });

  it('never returns secretText again when the application is read', async () => {
    const { id } = (await call('POST', '/applications', { displayName: 'read back' })).json;
    await call('POST', `/applications/${id}/addPassword`, {});
    const read = await call('GET', `/applications/${id}`);
    expect(read.json.passwordCredentials).toHaveLength(1);
    expect(read.json.passwordCredentials[0].secretText).toBeNull();
  });

  it('rotates with addPassword + removePassword: the removed secret gets AADSTS7000215', async () => {
    const { id, appId } = (await call('POST', '/applications', { displayName: 'rotate me' })).json;
    await call('POST', '/servicePrincipals', { appId });
    const first = (await call('POST', `/applications/${id}/addPassword`, {})).json;
    const second = (await call('POST', `/applications/${id}/addPassword`, {})).json;
    const removed = await call('POST', `/applications/${id}/removePassword`, { keyId: first.keyId });
    expect(removed.status).toBe(204);
    expect((await appToken(appId, second.secretText)).status).toBe(200);
    const old = await appToken(appId, first.secretText);
    expect(old.status).toBe(401);
    expect(old.json.error_codes).toEqual([7000215]);
  });

  it('deletes with 204, after which the app is unknown to the token endpoint (AADSTS700016)', async () => {
    const { id, appId } = (await call('POST', '/applications', { displayName: 'delete me' })).json;
    await call('POST', '/servicePrincipals', { appId });
    const { secretText } = (await call('POST', `/applications/${id}/addPassword`, {})).json;
    expect((await call('DELETE', `/applications/${id}`)).status).toBe(204);
    expect((await appToken(appId, secretText)).json.error_codes).toEqual([700016]);
    const gone = await call('GET', `/applications/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error).toMatchObject({
      code: 'Request_ResourceNotFound',
      message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      innerError: {
        date: expect.any(String),
        'request-id': expect.stringMatching(GUID),
        'client-request-id': expect.any(String),
      },
    });
  });

  it('requires displayName, and creates nothing without it', async () => {
    const res = await call('POST', '/applications', { description: 'no name' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Invalid value specified for property 'displayName' of resource 'Application'.",
    });
  });
});

describe('Graph authorisation', () => {
  it('answers a missing token with 401 InvalidAuthenticationToken "Access token is empty."', async () => {
    const res = await postJson(`${graph()}/applications`, { displayName: 'x' });
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
  });

  it('answers a token for another audience with 401 "Invalid audience."', async () => {
    const apiToken = (await appToken(AZURE.clientId, AZURE.clientSecret)).json.access_token;
    const res = await call('POST', '/applications', { displayName: 'x' }, apiToken);
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe('Access token validation failure. Invalid audience.');
  });

  it('answers a Graph token without Application.ReadWrite with 403 Authorization_RequestDenied', async () => {
    const token = await graphToken(AZURE.clientId, AZURE.clientSecret);
    const res = await call('POST', '/applications', { displayName: 'x' }, token);
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
  });

  it('lets an OwnedBy caller manage only the applications it owns', async () => {
    const appObjectOfDemo = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const res = await call('POST', `/applications/${appObjectOfDemo}/addPassword`, {});
    expect(res.status).toBe(403);
  });
});
