/**
 * Microsoft Graph: listing applications with OData query options, updating one with PATCH, and the request ids on
 * every answer. Each expectation names its source: microsoftgraph/microsoft-graph-docs-contrib
 * (api-reference/v1.0/api/application-list.md, application-update.md, concepts/paging.md, concepts/errors.md),
 * errors users pasted from the live service (GitHub issues named below), and msgraph-sdk-javascript
 * (src/middleware/ChaosHandler.ts, src/tasks/PageIterator.ts).
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from '../../../mock-idp/vitest';
import { AZURE } from '../../helpers/demo';
import { GUID, postForm, send } from '../../helpers/http';

const PROVIDER = { clientId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9', clientSecret: 'Gx7Q~demo.graph.provider.Lm2Np4Qr6St8Uv0W' };
const harness = useHarness();
const graph = () => `${harness().url}/graph/v1.0`;
// Graph's error body, date "2022-10-09T13:07:23" (docs-contrib#1726; msgraph-sdk-design ErrorContent.md).
const GRAPH_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

async function graphToken(): Promise<string> {
  const res = await postForm(`${harness().url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: PROVIDER.clientId,
    client_secret: PROVIDER.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  expect(res.status).toBe(200);
  return res.json.access_token;
}

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return send(url.startsWith('http') ? url : `${graph()}${url}`, {
    method,
    headers: { authorization: `Bearer ${await graphToken()}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createApp(displayName: string): Promise<{ id: string; appId: string }> {
  const res = await call('POST', '/applications', { displayName });
  expect(res.status).toBe(201);
  return res.json;
}

const list = (query: string, headers?: Record<string, string>) => call('GET', `/applications?${query}`, undefined, headers);

describe('Graph GET /v1.0/applications', () => {
  it("finds one application by appId: 200 {'@odata.context', value: [application]} (application-list.md example 1)", async () => {
    const wanted = await createApp('find me');
    await createApp('not me');
    const res = await list(`$filter=${encodeURIComponent(`appId eq '${wanted.appId}'`)}`);
    expect(res.status).toBe(200);
    // Graph's JSON media type with its OData parameters (as every Graph answer of this harness; docs show "application/json").
    expect(res.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal;/);
    // The collection's context URL and nothing but the collection when one page holds it (application-list.md).
    expect(Object.keys(res.json)).toEqual(['@odata.context', 'value']);
    expect(res.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#applications');
    expect(res.json.value).toHaveLength(1);
    // Each item is the application resource, without a context of its own (application-list.md example 1).
    expect(res.json.value[0]).toMatchObject({
      id: wanted.id,
      appId: wanted.appId,
      displayName: 'find me',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [],
      passwordCredentials: [],
    });
    expect(res.json.value[0]).not.toHaveProperty('@odata.context');
  });

  it("filters on displayName with eq (OData '' escapes a quote) and startswith (application-list.md example 3)", async () => {
    await createApp("Konnect's app");
    await createApp('Konnect other');
    await createApp('elsewhere');
    const exact = await list(`$filter=${encodeURIComponent("displayName eq 'Konnect''s app'")}`);
    expect(exact.status).toBe(200);
    expect(exact.json.value.map((a: { displayName: string }) => a.displayName)).toEqual(["Konnect's app"]);
    const prefix = await list(`$filter=${encodeURIComponent("startswith(displayName, 'Konnect')")}`);
    expect(prefix.json.value.map((a: { displayName: string }) => a.displayName).sort()).toEqual(
      ["Konnect's app", 'Konnect other'].sort(),
    );
  });

  it('answers $select with only those properties, in a context naming them (application-list.md example 4)', async () => {
    const app = await createApp('selected');
    const res = await list(`$select=appId,displayName&$filter=${encodeURIComponent(`id eq '${app.id}'`)}`);
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#applications(appId,displayName)');
    expect(res.json.value).toEqual([{ appId: app.appId, displayName: 'selected' }]);
  });

  it('pages with $top: @odata.nextLink carries the query and is followed as given until it is absent (paging.md)', async () => {
    for (const name of ['page a', 'page b', 'page c']) await createApp(name);
    const filter = encodeURIComponent("startswith(displayName,'page ')");
    const first = await list(`$top=2&$filter=${filter}`);
    expect(first.status).toBe(200);
    // Directory collections put the link between the context and the value (paging.md's example users page).
    expect(Object.keys(first.json)).toEqual(['@odata.context', '@odata.nextLink', 'value']);
    expect(first.json.value).toHaveLength(2);
    const next = new URL(first.json['@odata.nextLink']);
    // "The URL also contains all the other query parameters present in the original request" (paging.md), and it
    // points at the Graph that served the page: a client (msgraph-sdk-javascript PageIterator) requests it verbatim.
    expect(`${next.origin}${next.pathname}`).toBe(`${graph()}/applications`);
    expect(next.searchParams.get('$top')).toBe('2');
    expect(next.searchParams.get('$filter')).toBe("startswith(displayName,'page ')");
    expect(next.searchParams.get('$skiptoken')).toEqual(expect.any(String));
    const second = await call('GET', first.json['@odata.nextLink']);
    expect(second.status).toBe(200);
    expect(Object.keys(second.json)).toEqual(['@odata.context', 'value']);
    const names = [...first.json.value, ...second.json.value].map((a: { displayName: string }) => a.displayName);
    expect(names.sort()).toEqual(['page a', 'page b', 'page c']);
  });

  it('refuses a filter on a property it cannot filter: 400 Request_UnsupportedQuery (msgraph-sdk-dotnet#2552)', async () => {
    const res = await list(`$filter=${encodeURIComponent("description eq '1234'")}`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        code: 'Request_UnsupportedQuery',
        message: "Unsupported or invalid query filter clause specified for property 'description' of resource 'Application'.",
        innerError: {
          date: expect.stringMatching(GRAPH_DATE),
          'request-id': expect.stringMatching(GUID),
          'client-request-id': expect.stringMatching(GUID),
        },
      },
    });
  });

  it("refuses ne without advanced query parameters: 'NotEqualsMatch' (microsoft-graph-docs-contrib#1726)", async () => {
    const res = await list(`$filter=${encodeURIComponent("displayName ne 'x'")}`);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_UnsupportedQuery');
    expect(res.json.error.message).toBe("Unsupported property filter clause operator 'NotEqualsMatch'.");
  });
});

describe('Graph PATCH /v1.0/applications/{id}', () => {
  it('updates displayName and requiredResourceAccess: 204 with no body; a read shows them (application-update.md)', async () => {
    const app = await createApp('before');
    const requiredResourceAccess = [
      // requiredResourceAccess.md: resourceAppId plus resourceAccess [{id, type: Scope|Role}] (Graph's User.Read).
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }],
      },
    ];
    const res = await call('PATCH', `/applications/${app.id}`, { displayName: 'after', requiredResourceAccess });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const read = await call('GET', `/applications/${app.id}`);
    expect(read.json).toMatchObject({ id: app.id, appId: app.appId, displayName: 'after', requiredResourceAccess });
    // "Existing properties that are not included in the request body will maintain their previous values".
    expect(read.json.signInAudience).toBe('AzureADMyOrg');
  });

  it('refuses passwordCredentials, which PATCH cannot set (application-update.md), in the Graph envelope, changing nothing', async () => {
    const app = await createApp('kept');
    const res = await call('PATCH', `/applications/${app.id}`, { displayName: 'changed', passwordCredentials: [] });
    // Status and envelope per concepts/errors.md; the code and wording for this case are UNCONFIRMED, so not held here.
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error)).toEqual(['code', 'message', 'innerError']);
    expect((await call('GET', `/applications/${app.id}`)).json.displayName).toBe('kept');
  });

  it('answers an unknown object id with 404 Request_ResourceNotFound (the message users quote from Graph)', async () => {
    const id = '3f1d2b6c-0000-4000-8000-00000000abcd';
    const res = await call('PATCH', `/applications/${id}`, { displayName: 'x' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: {
        code: 'Request_ResourceNotFound',
        message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        innerError: {
          date: expect.stringMatching(GRAPH_DATE),
          'request-id': expect.stringMatching(GUID),
          'client-request-id': expect.stringMatching(GUID),
        },
      },
    });
  });
});

describe('Graph request ids', () => {
  it('puts request-id and client-request-id on every answer; client-request-id echoes the caller, else equals request-id (ChaosHandler.ts)', async () => {
    const created = await call('POST', '/applications', { displayName: 'ids' });
    expect(created.headers.get('request-id')).toMatch(GUID);
    expect(created.headers.get('client-request-id')).toBe(created.headers.get('request-id'));

    // msgraph-sdk-javascript's TelemetryHandler sends a client-request-id of its own on every Graph request.
    const mine = '6f1b9c1e-4e0a-4a57-9a8e-2a9a1a0b7c11';
    const listed = await list('$top=1', { 'client-request-id': mine });
    expect(listed.headers.get('client-request-id')).toBe(mine);
    expect(listed.headers.get('request-id')).toMatch(GUID);
    expect(listed.headers.get('request-id')).not.toBe(mine);

    const patched = await call('PATCH', `/applications/${created.json.id}`, { notes: 'n' }, { 'client-request-id': mine });
    expect(patched.status).toBe(204);
    expect(patched.headers.get('client-request-id')).toBe(mine);
  });

  it("carries the same ids in an error's innerError as in its headers", async () => {
    const mine = 'b1c2d3e4-0000-4000-8000-000000000001';
    const withId = await call('GET', '/applications/00000000-0000-4000-8000-000000000000', undefined, {
      'client-request-id': mine,
    });
    expect(withId.status).toBe(404);
    expect(withId.json.error.innerError['client-request-id']).toBe(mine);
    expect(withId.json.error.innerError['request-id']).toBe(withId.headers.get('request-id'));

    // Without one, client-request-id equals request-id (both ids are the same in docs-contrib#1726's pasted error).
    const without = await send(`${graph()}/applications`, { method: 'POST', body: '{}' });
    expect(without.status).toBe(401);
    const inner = without.json.error.innerError;
    expect(inner['request-id']).toMatch(GUID);
    expect(inner['client-request-id']).toBe(inner['request-id']);
    expect(without.headers.get('request-id')).toBe(inner['request-id']);
    expect(without.headers.get('client-request-id')).toBe(inner['request-id']);
  });
});
