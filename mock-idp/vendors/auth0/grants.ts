/**
 * Client grants in Auth0's Management API v2 (shared/reference/vendors.md §1.4): which API a client may get
 * tokens for, with which scopes. Mounted by management.ts, behind its token and scope checks.
 */
import type { Context } from 'koa';
import { readJsonObject } from '../../core/http';
import { alphanumeric } from '../../core/ids';
import { Auth0ApiError } from '../../errors';
import { sendJson } from '../kit';
import { invalidBody, MANAGEMENT_HEADERS, noSuchGrant } from './errors';
import { checkpointPage, offsetPage, wantsCheckpoint } from './paging';
import { stringArray } from './schema';
import type { Auth0ClientGrant, Auth0Host } from './store';

export class Auth0GrantsApi {
  constructor(private readonly host: Auth0Host) {}

  createGrant = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx);
    for (const property of ['client_id', 'audience', 'scope']) {
      if (body[property] === undefined) throw invalidBody(`'Missing required property: ${property}'.`);
    }
    const extra = Object.keys(body).find(
      (k) => !['client_id', 'audience', 'scope', 'organization_usage', 'allow_any_organization'].includes(k),
    );
    if (extra) throw invalidBody(`'Additional properties not allowed: ${extra}'.`);
    if (typeof body.client_id !== 'string' || typeof body.audience !== 'string') {
      throw invalidBody("'Expected type string' on property client_id or audience.");
    }
    const scope = stringArray(body.scope, 'scope');
    // Wording for an unknown client or API is UNCONFIRMED; the statuses follow Auth0's 404 convention.
    if (!this.host.store.clients.has(body.client_id)) throw new Auth0ApiError(404, 'Client not found', 'inexistent_client');
    const api = this.host.store.apis.get(body.audience);
    if (!api)
      throw new Auth0ApiError(404, `No resource server found for audience: ${body.audience}`, 'inexistent_resource_server');
    if (scope.some((s) => !api.scopes.includes(s))) throw invalidBody('scope must be a subset of resource server scopes');
    if (this.host.store.grantFor(body.client_id, api.identifier)) {
      // vendors.md §1.4: a duplicate grant is a 409 (body UNCONFIRMED).
      throw new Auth0ApiError(409, 'A client grant for this client and audience already exists', 'conflict');
    }
    const grant = { id: `cgr_${alphanumeric(16)}`, clientId: body.client_id, audience: api.identifier, scope };
    this.host.store.grants.set(grant.id, grant);
    send(ctx, 201, grantBody(grant));
  };

  listGrants = (ctx: Context): void => {
    const { client_id: clientId, audience } = ctx.query;
    const grants = [...this.host.store.grants.values()].filter(
      (g) =>
        (typeof clientId !== 'string' || g.clientId === clientId) && (typeof audience !== 'string' || g.audience === audience),
    );
    // GET /api/v2/client-grants: offset paging (page, per_page, include_totals) or checkpoint paging (from, take);
    // paging.ts has the sources.
    send(
      ctx,
      200,
      wantsCheckpoint(ctx)
        ? checkpointPage(ctx, 'client_grants', grants, grantBody)
        : offsetPage(ctx, 'client_grants', grants, grantBody),
    );
  };

  updateGrant = async (ctx: Context): Promise<void> => {
    const grant = this.host.store.grants.get(String(ctx.params.id));
    if (!grant) throw noSuchGrant();
    const body = await readJsonObject(ctx);
    const scope = body.scope === undefined ? grant.scope : stringArray(body.scope, 'scope');
    const api = this.host.store.apis.get(grant.audience);
    if (api && scope.some((s) => !api.scopes.includes(s))) throw invalidBody('scope must be a subset of resource server scopes');
    const updated = { ...grant, scope };
    this.host.store.grants.set(grant.id, updated);
    send(ctx, 200, grantBody(updated));
  };

  /**
   * Idempotent like DELETE /api/v2/clients/{id} (auth0/go-auth0 test/data/recordings/TestClient_Delete.yaml
   * shows a repeated delete answering 204). For client grants this is UNCONFIRMED: no recording of a repeated
   * client-grant delete was found (TestClientGrantManager_Delete.yaml deletes once).
   */
  deleteGrant = (ctx: Context): void => {
    this.host.store.grants.delete(String(ctx.params.id));
    ctx.status = 204;
  };
}

function grantBody(grant: Auth0ClientGrant) {
  return { id: grant.id, client_id: grant.clientId, audience: grant.audience, scope: grant.scope };
}

function send(ctx: Context, status: number, body: unknown): void {
  sendJson(ctx, status, body, MANAGEMENT_HEADERS);
}
