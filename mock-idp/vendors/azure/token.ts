/**
 * Entra's token endpoints, v2 `POST /{tenant}/oauth2/v2.0/token` and v1 `POST /{tenant}/oauth2/token`, as named
 * steps with the v1/v2 app-only claim sets (shared/reference/vendors.md §4.1).
 */
import type { Context, Middleware, Next } from 'koa';
import { azure } from '../../../shared/vendors';
import { mediaType, parseForm, readBody, secretMatches } from '../../core/http';
import { base64url, uuid } from '../../core/ids';
import { RingSigner } from '../../core/keys';
import { AadstsError } from '../../errors';
import { tokenState } from '../../tenant';
import { requestCredentials, sendJson, withExtraClaims } from '../kit';
import { expiredSecret, invalidSecret, missing, TOKEN_HEADERS, unknownApplication } from './errors';
import type { AzureClient, AzureHost, AzureResource } from './store';

export type Version = 'v1' | 'v2';

const EXPIRES_IN = 3599;
/** A v2 client-credentials scope is `<resource>/.default` (the registry's `dot-default` target format). */
export const DOT_DEFAULT = '/.default';
/** The v1 keys path after the tenant segment (`/discovery/keys`): the one document `common` also serves. */
const COMMON_KEYS = azure.tokenEndpoints[1].jwksPathTemplate.replace('/{tenantId}', '');

/** v1 tokens carry x5t and kid (equal in Entra); v2 tokens carry kid only. */
export function tokenSigners(host: AzureHost): Record<Version, RingSigner> {
  return {
    v1: new RingSigner(host.keys, (key) => ({ typ: 'JWT', alg: 'RS256', x5t: key.sha1Thumbprint, kid: key.kid })),
    v2: new RingSigner(host.keys, (key) => ({ typ: 'JWT', alg: 'RS256', kid: key.kid })),
  };
}

/** The steps after the recorder and the error boundary, for one endpoint version. */
export function tokenSteps(host: AzureHost, version: Version, signers: Record<Version, RingSigner>): Middleware[] {
  return [resolveTenant(host), readParams, authenticateClient(host), mintToken(host, version, signers)];
}

/** The tenant segment may be the directory id or its verified domain; `common` serves the shared keys. */
export function resolveTenant(host: AzureHost) {
  return async function resolveTenant(ctx: Context, next: Next): Promise<void> {
    const segment = String(ctx.params.tenantId ?? '').toLowerCase();
    const known = segment === host.tenantId || segment === host.config.domain.toLowerCase();
    const commonKeys = segment === 'common' && ctx.path.endsWith(COMMON_KEYS);
    if (!known && !commonKeys) {
      // AADSTS90002 (vendors.md §4.1, PARTIAL: the code and first sentence are confirmed).
      throw new AadstsError(
        400,
        'invalid_request',
        90002,
        `Tenant '${ctx.params.tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
    }
    await next();
  };
}

async function readParams(ctx: Context, next: Next): Promise<void> {
  const state = tokenState(ctx);
  const body = await readBody(ctx);
  // Entra parses form bodies only: a JSON body reads as no parameters, hence "must contain 'grant_type'".
  state.params = mediaType(ctx) === 'form' ? parseForm(body) : { values: Object.create(null), repeated: [] };
  const repeated = state.params.repeated[0];
  if (repeated) {
    // AADSTS90100 is Entra's "parameter is empty or not valid"; its use for a repeated parameter is our choice.
    throw new AadstsError(400, 'invalid_request', 90100, `${repeated} parameter is empty or not valid.`);
  }
  const values = state.params.values;
  if (!values.grant_type) throw missing('grant_type');
  if (values.grant_type !== 'client_credentials') {
    throw new AadstsError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${values.grant_type}'.`,
    );
  }
  await next();
}

function authenticateClient(host: AzureHost) {
  return async function authenticateClient(ctx: Context, next: Next): Promise<void> {
    const credentials = requestCredentials(ctx);
    if (credentials.clientId === undefined) throw missing('client_id');
    const client = host.store.clients.get(credentials.clientId.toLowerCase());
    // AADSTS700016 (vendors.md §4.1, CONFIRMED).
    if (!client) throw unknownApplication(host.config.displayName, credentials.clientId);
    if (credentials.method === 'none') {
      // AADSTS7000218: no secret or assertion at all.
      throw new AadstsError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const matching =
      credentials.method === 'multiple' ? undefined : client.secrets.find((s) => secretMatches(s.secretText, credentials));
    // AADSTS7000222 "The provided client secret keys for app '…' are expired." (Entra's error code reference,
    // learn.microsoft.com/entra/identity-platform/reference-error-codes; not in vendors.md).
    if (matching && Date.parse(matching.endDateTime) <= host.env.clock.now()) throw expiredSecret(client.clientId);
    // AADSTS7000215 (vendors.md §4.1, CONFIRMED from captured bodies).
    if (!matching) throw invalidSecret(client.clientId);
    if (client.servicePrincipalId === null) {
      // AADSTS7000229 (vendors.md §4.3): an app registration without a service principal cannot get tokens.
      throw new AadstsError(
        401,
        'invalid_client',
        7000229,
        `The client application ${client.clientId} is missing service principal in the tenant ${host.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
      );
    }
    ctx.state.client = client;
    await next();
  };
}

function mintToken(host: AzureHost, version: Version, signers: Record<Version, RingSigner>) {
  return async function mintToken(ctx: Context): Promise<void> {
    const values = tokenState(ctx).params?.values ?? {};
    const client = ctx.state.client as AzureClient;
    const requested = version === 'v2' ? resourceFromScope(values.scope) : resourceFromParam(values.resource);
    const resource = findResource(host.resources, requested);
    if (!resource) {
      // AADSTS500011 (vendors.md §4.1, PARTIAL: status and code confirmed, text from captured messages).
      throw new AadstsError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${requested} was not found in the tenant named ${host.config.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    // The token version follows the resource's manifest; the v1 endpoint always issues v1 (vendors.md §4.1).
    const tokenVersion: Version = version === 'v1' || resource.accessTokenVersion === 1 ? 'v1' : 'v2';
    const now = host.env.clock.epoch();
    const exp = now + EXPIRES_IN;
    const roles = client.roles[resource.appId] ?? [];
    const common = {
      aio: base64url(48),
      ...(tokenVersion === 'v1'
        ? { app_displayname: client.name, appid: client.clientId, appidacr: '1', idp: host.issuerV1 }
        : { azp: client.clientId, azpacr: '1' }),
      idtyp: 'app',
      oid: client.servicePrincipalId,
      rh: `0.A${base64url(40)}.`,
      ...(roles.length > 0 ? { roles } : {}),
      sub: client.servicePrincipalId,
      tid: host.tenantId,
      uti: base64url(16),
      ver: tokenVersion === 'v1' ? '1.0' : '2.0',
      ...(tokenVersion === 'v1' ? { xms_tcdt: host.createdAt } : {}),
    };
    // v1: aud is the resource as requested (App ID URI or appId); v2: the resource's appId (vendors.md §4.1).
    const claims = {
      aud: tokenVersion === 'v1' ? requested : resource.appId,
      iss: tokenVersion === 'v1' ? host.issuerV1 : host.issuerV2,
      iat: now,
      nbf: now,
      exp,
      ...common,
    };
    const accessToken = signers[tokenVersion].sign(withExtraClaims(ctx, claims, await host.nextClaims.take(client.clientId)));
    const body =
      version === 'v1'
        ? // v1 serialises every number as a string and echoes the resource (vendors.md §4.1, CONFIRMED).
          {
            token_type: 'Bearer',
            expires_in: String(EXPIRES_IN),
            ext_expires_in: String(EXPIRES_IN),
            expires_on: String(exp),
            not_before: String(now),
            resource: requested,
            access_token: accessToken,
          }
        : // v2: integers, no scope (Azure SDK recording, CONFIRMED).
          { token_type: 'Bearer', expires_in: EXPIRES_IN, ext_expires_in: EXPIRES_IN, access_token: accessToken };
    sendJson(ctx, 200, body, { ...TOKEN_HEADERS, 'x-ms-request-id': uuid() });
  };
}

/** v2: exactly one `<resource>/.default` value (AADSTS1002012 otherwise). */
function resourceFromScope(scope: string | undefined): string {
  if (!scope) throw missing('scope');
  const values = scope.split(' ').filter(Boolean);
  const value = values[0] ?? '';
  if (values.length !== 1 || !value.endsWith(DOT_DEFAULT) || value.length === DOT_DEFAULT.length) {
    throw new AadstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  return value.slice(0, -DOT_DEFAULT.length);
}

function resourceFromParam(resource: string | undefined): string {
  if (!resource) throw missing('resource');
  return resource;
}

function findResource(resources: readonly AzureResource[], requested: string): AzureResource | undefined {
  const wanted = requested.replace(/\/+$/, '').toLowerCase();
  return resources.find((r) => r.appId === wanted || r.identifierUri.replace(/\/+$/, '').toLowerCase() === wanted);
}
