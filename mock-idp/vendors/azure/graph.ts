/**
 * Microsoft Graph, the subset Konnect's Azure DCR provider uses (shared/reference/vendors.md §4.3, from
 * microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0): applications, service principals, and
 * passwords. Served on its own base URL (standing in for https://graph.microsoft.com) for every Entra tenant of
 * the harness: the token's `tid` says which directory a request works in.
 */
import type { Context, Middleware, Next } from 'koa';
import { azure } from '../../../shared/vendors';
import { readJsonObject } from '../../core/http';
import { uuid } from '../../core/ids';
import { verifyWithRing } from '../../core/keys';
import type { Route } from '../../tenant';
import { pathUnder, sendJson } from '../kit';
import {
  denied,
  GRAPH_HEADERS,
  GraphError,
  graphErrorRenderer,
  invalidValue,
  notFound,
  readOnlyProperty,
  unknownProperty,
} from './errors';
import { isObject, validValue, WRITABLE } from './graph-patch';
import { parseApplicationQuery, type Resource, selected, skipToken } from './query';
import { type AzureClient, type AzureHost, GRAPH, newSecretText, type PasswordCredential, passwordCredential } from './store';

/** Where Graph is mounted on the harness origin (standing in for https://graph.microsoft.com). */
export const GRAPH_PREFIX = '/graph';
/** `/v1.0/applications`, from the vendor registry; service principals live beside it. */
const APPLICATIONS = pathUnder(azure.registration.endpointTemplate, '{graphUrl}');
const SERVICE_PRINCIPALS = APPLICATIONS.replace(/applications$/, 'servicePrincipals');
const WRITE_ROLES = ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'];
/**
 * The `@odata.context` of Graph's answers, as the docs' examples show it (application-list.md, application-post.md).
 * It stays graph.microsoft.com when the harness serves Graph: no client dereferences it (msgraph-sdk-javascript's
 * PageIterator reads only `value` and `@odata.nextLink`), while `@odata.nextLink`, which clients follow as given,
 * points at the host that served the page, as the real one does (learn.microsoft.com/graph/paging).
 */
const METADATA = 'https://graph.microsoft.com/v1.0/$metadata';

interface Caller {
  tenant: AzureHost;
  appId: string;
  all: boolean;
}

export class GraphService {
  readonly prefix = GRAPH_PREFIX;

  constructor(private readonly tenants: readonly AzureHost[]) {}

  routes(): Route[] {
    const guard = [this.renderErrors, this.authenticate];
    const app = `${APPLICATIONS}/:id`;
    return [
      { method: 'POST', path: APPLICATIONS, steps: [...guard, this.createApplication] },
      { method: 'GET', path: APPLICATIONS, steps: [...guard, this.listApplications] },
      { method: 'GET', path: app, steps: [...guard, this.readApplication] },
      { method: 'PATCH', path: app, steps: [...guard, this.updateApplication] },
      { method: 'DELETE', path: app, steps: [...guard, this.deleteApplication] },
      { method: 'POST', path: `${app}/addPassword`, steps: [...guard, this.addPassword] },
      { method: 'POST', path: `${app}/removePassword`, steps: [...guard, this.removePassword] },
      { method: 'POST', path: SERVICE_PRINCIPALS, steps: [...guard, this.createServicePrincipal] },
    ];
  }

  /** Graph's answer to a method a resource does not support (405 Request_BadRequest). */
  wrongMethod(): Middleware[] {
    return [
      this.renderErrors,
      () => {
        throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
      },
    ];
  }

  renderErrors = graphErrorRenderer(() => this.tenants[0]?.env.clock);

  /** A Graph access token from one of the harness's Entra tenants, with an Application.ReadWrite role. */
  authenticate = async (ctx: Context, next: Next): Promise<void> => {
    const match = /^Bearer (\S+)$/i.exec(ctx.get('authorization'));
    if (!match?.[1]) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    // The directory comes from the unverified `tid`; the signature is then checked with that tenant's key.
    let tid: unknown;
    try {
      tid = JSON.parse(Buffer.from(match[1].split('.')[1] ?? '', 'base64url').toString('utf8')).tid;
    } catch {
      tid = undefined;
    }
    const tenant = this.tenants.find((t) => t.tenantId === tid);
    // Graph is not one of the tenant's routes (those wait for its key in app.ts): wait here, once, for a key made on
    // first need (a Graph call before any request to the Entra tenant itself).
    if (tenant && !tenant.keys.isReady) await tenant.keys.ready();
    const claims = tenant ? verifyWithRing(tenant.keys, match[1]) : undefined;
    if (!tenant || !claims) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    if (claims.aud !== GRAPH.identifierUri && claims.aud !== GRAPH.appId) {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    }
    if (Number(claims.exp) <= tenant.env.clock.epoch()) {
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    }
    const roles = Array.isArray(claims.roles) ? (claims.roles as string[]) : [];
    if (!roles.some((r) => WRITE_ROLES.includes(r))) throw denied();
    ctx.state.caller = {
      tenant,
      appId: String(claims.appid ?? claims.azp),
      all: roles.includes('Application.ReadWrite.All'),
    } satisfies Caller;
    await next();
  };

  // POST /v1.0/applications: displayName is required; passwordCredentials cannot be set here.
  createApplication = async (ctx: Context): Promise<void> => {
    const { tenant, appId } = ctx.state.caller as Caller;
    const body = await readJsonObject(ctx, { empty: 'object' });
    if (typeof body.displayName !== 'string' || body.displayName.trim() === '') {
      throw new GraphError(
        400,
        'Request_BadRequest',
        "Invalid value specified for property 'displayName' of resource 'Application'.",
      );
    }
    const client: AzureClient = {
      clientId: uuid(),
      objectId: uuid(),
      name: body.displayName,
      servicePrincipalId: null,
      roles: {},
      secrets: [],
      // With Application.ReadWrite.OwnedBy the calling app becomes the owner (vendors.md §4.3).
      owners: [appId],
      createdDateTime: new Date(tenant.env.clock.now()).toISOString(),
    };
    tenant.store.clients.set(client.clientId, client);
    this.send(ctx, 201, this.applicationBody(tenant, client));
  };

  /**
   * GET /applications: `{"@odata.context":"…$metadata#applications","value":[…]}` (application-list.md example 1),
   * `$metadata#applications(a,b)` and only those properties with `$select` (example 4), `@odata.nextLink` while more
   * pages follow (learn.microsoft.com/graph/paging). A caller with only Application.ReadWrite.OwnedBy sees the
   * applications it owns (UNCONFIRMED: the permission reference says it manages only those).
   */
  listApplications = (ctx: Context): void => {
    const caller = ctx.state.caller as Caller;
    const query = parseApplicationQuery(ctx.querystring, Object.keys(this.applicationResource(caller.tenant, SAMPLE)));
    const matched = [...caller.tenant.store.clients.values()]
      .filter((client) => caller.all || client.owners.includes(caller.appId))
      .map((client) => this.applicationResource(caller.tenant, client))
      .filter(query.filter);
    const end = query.offset + query.top;
    const body: Record<string, unknown> = {
      '@odata.context': `${METADATA}#applications${query.select ? `(${query.select.join(',')})` : ''}`,
    };
    if (matched.length > end) {
      const carried = [...query.carried, ['$skiptoken', skipToken(end)]]
        .map(([name, value]) => `${name}=${encodeURIComponent(value ?? '')}`)
        .join('&');
      body['@odata.nextLink'] = `${caller.tenant.env.origin}${GRAPH_PREFIX}${APPLICATIONS}?${carried}`;
    }
    body.value = matched.slice(query.offset, end).map((resource) => selected(resource, query.select));
    this.send(ctx, 200, body);
  };

  /**
   * PATCH /applications/{id}: 204 No Content and no body (application-update.md, CONFIRMED); properties left out
   * keep their values. A complex property (web, api, …) is merged one level deep (UNCONFIRMED: the docs do not say).
   */
  updateApplication = async (ctx: Context): Promise<void> => {
    this.ownedApplication(ctx);
    const body = await readJsonObject(ctx, { empty: 'object' });
    const { tenant, client } = this.ownedApplication(ctx);
    const current = this.applicationResource(tenant, client);
    let name = client.name;
    const properties = { ...client.properties };
    for (const [property, value] of Object.entries(body)) {
      if (property.startsWith('@odata.')) continue;
      const kind = Object.hasOwn(WRITABLE, property) ? WRITABLE[property] : undefined;
      if (!kind) {
        throw Object.hasOwn(current, property) || property === 'passwordCredentials'
          ? readOnlyProperty(property)
          : unknownProperty(property);
      }
      if (!validValue(kind, property, value)) throw invalidValue(property);
      if (kind === 'name') {
        name = value as string;
        continue;
      }
      const before = current[property];
      properties[property] = kind === 'complex' && isObject(before) && isObject(value) ? { ...before, ...value } : value;
    }
    tenant.store.clients.set(client.clientId, { ...client, name, properties });
    ctx.status = 204;
  };

  readApplication = (ctx: Context): void => {
    const { tenant, client } = this.ownedApplication(ctx);
    this.send(ctx, 200, this.applicationBody(tenant, client));
  };

  deleteApplication = (ctx: Context): void => {
    const { tenant, client } = this.ownedApplication(ctx);
    tenant.store.clients.delete(client.clientId);
    ctx.status = 204;
  };

  // POST /applications/{id}/addPassword: 200 with secretText, returned this once only.
  addPassword = async (ctx: Context): Promise<void> => {
    this.ownedApplication(ctx);
    const body = await readJsonObject(ctx, { empty: 'object' });
    // Looked up again after the body arrived: the application may have changed or gone meanwhile.
    const { tenant, client } = this.ownedApplication(ctx);
    const requested = (body.passwordCredential ?? {}) as Record<string, unknown>;
    const endDateTime =
      typeof requested.endDateTime === 'string' && !Number.isNaN(Date.parse(requested.endDateTime))
        ? new Date(requested.endDateTime).toISOString()
        : undefined;
    const credential = passwordCredential(
      newSecretText(),
      typeof requested.displayName === 'string' ? requested.displayName : null,
      tenant.env.clock.now(),
      endDateTime,
    );
    tenant.store.clients.set(client.clientId, { ...client, secrets: [...client.secrets, credential] });
    this.send(ctx, 200, {
      '@odata.context': `${METADATA}#microsoft.graph.passwordCredential`,
      customKeyIdentifier: null,
      displayName: credential.displayName,
      endDateTime: credential.endDateTime,
      hint: credential.hint,
      keyId: credential.keyId,
      secretText: credential.secretText,
      startDateTime: credential.startDateTime,
    });
  };

  // POST /applications/{id}/removePassword {keyId}: 204; that secret stops working at once.
  removePassword = async (ctx: Context): Promise<void> => {
    this.ownedApplication(ctx);
    const body = await readJsonObject(ctx, { empty: 'object' });
    const { tenant, client } = this.ownedApplication(ctx);
    const index = client.secrets.findIndex((s) => s.keyId === body.keyId);
    if (index < 0) {
      // Graph's wording for an unknown keyId is UNCONFIRMED.
      throw new GraphError(400, 'Request_BadRequest', `No password credential found with keyId ${String(body.keyId)}.`);
    }
    tenant.store.clients.set(client.clientId, { ...client, secrets: client.secrets.filter((_, i) => i !== index) });
    ctx.status = 204;
  };

  // POST /servicePrincipals {appId}: the app can get tokens only once it has one (AADSTS7000229 before).
  createServicePrincipal = async (ctx: Context): Promise<void> => {
    const { tenant } = ctx.state.caller as Caller;
    const body = await readJsonObject(ctx, { empty: 'object' });
    const client = typeof body.appId === 'string' ? tenant.store.clients.get(body.appId) : undefined;
    if (!client) {
      throw new GraphError(
        400,
        'Request_BadRequest',
        `The appId '${String(body.appId)}' of the service principal does not reference a valid application object.`,
      );
    }
    this.assertOwner(ctx.state.caller as Caller, client);
    if (client.servicePrincipalId !== null) {
      throw new GraphError(
        409,
        'Request_MultipleObjectsWithSameKeyValue',
        'Another object with the same value for property servicePrincipalNames already exists.',
      );
    }
    const servicePrincipalId = uuid();
    tenant.store.clients.set(client.clientId, { ...client, servicePrincipalId });
    this.send(ctx, 201, {
      '@odata.context': `${METADATA}#servicePrincipals/$entity`,
      id: servicePrincipalId,
      deletedDateTime: null,
      accountEnabled: true,
      appDisplayName: client.name,
      appId: client.clientId,
      appOwnerOrganizationId: tenant.tenantId,
      appRoleAssignmentRequired: false,
      displayName: client.name,
      servicePrincipalNames: [client.clientId],
      servicePrincipalType: 'Application',
      signInAudience: 'AzureADMyOrg',
      tags: [],
      appRoles: [],
      keyCredentials: [],
      passwordCredentials: [],
    });
  };

  /** `/applications/{object id}`, owned by the caller unless it has Application.ReadWrite.All. */
  ownedApplication(ctx: Context): { tenant: AzureHost; client: AzureClient } {
    const caller = ctx.state.caller as Caller;
    const id = String(ctx.params.id);
    const client = [...caller.tenant.store.clients.values()].find((c) => c.objectId === id);
    if (!client) throw notFound(id);
    this.assertOwner(caller, client);
    return { tenant: caller.tenant, client };
  }

  assertOwner(caller: Caller, client: AzureClient): void {
    if (!caller.all && !client.owners.includes(caller.appId)) throw denied();
  }

  /** One application, as POST and GET /applications/{id} answer it. */
  applicationBody(tenant: AzureHost, client: AzureClient): Record<string, unknown> {
    return { '@odata.context': `${METADATA}#applications/$entity`, ...this.applicationResource(tenant, client) };
  }

  /**
   * The application resource (Graph docs example, with single-tenant defaults a backend-created app gets), with what
   * PATCH changed.
   */
  applicationResource(tenant: AzureHost, client: AzureClient): Resource {
    const resource: Resource = {
      id: client.objectId,
      deletedDateTime: null,
      appId: client.clientId,
      applicationTemplateId: null,
      createdDateTime: client.createdDateTime,
      displayName: client.name,
      description: null,
      groupMembershipClaims: null,
      identifierUris: [],
      isDeviceOnlyAuthSupported: null,
      isFallbackPublicClient: null,
      notes: null,
      publisherDomain: tenant.config.domain,
      signInAudience: 'AzureADMyOrg',
      tags: [],
      tokenEncryptionKeyId: null,
      api: {
        acceptMappedClaims: null,
        knownClientApplications: [],
        requestedAccessTokenVersion: null,
        oauth2PermissionScopes: [],
        preAuthorizedApplications: [],
      },
      appRoles: [],
      keyCredentials: [],
      passwordCredentials: client.secrets.map((s: PasswordCredential) => ({
        customKeyIdentifier: null,
        displayName: s.displayName,
        endDateTime: s.endDateTime,
        hint: s.hint,
        keyId: s.keyId,
        secretText: null,
        startDateTime: s.startDateTime,
      })),
      publicClient: { redirectUris: [] },
      requiredResourceAccess: [],
      web: {
        homePageUrl: null,
        logoutUrl: null,
        redirectUris: [],
        implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      },
      spa: { redirectUris: [] },
    };
    return { ...resource, ...client.properties };
  }

  send(ctx: Context, status: number, body: unknown): void {
    sendJson(ctx, status, body, GRAPH_HEADERS);
  }
}

/** An application with no changes, for the resource's property names. */
const SAMPLE: AzureClient = {
  clientId: '',
  objectId: '',
  name: '',
  servicePrincipalId: null,
  roles: {},
  secrets: [],
  owners: [],
  createdDateTime: '',
};
