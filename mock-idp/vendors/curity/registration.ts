/**
 * Curity's RFC 7591 registration and RFC 7592 management (shared/reference/vendors.md §2.3), served by
 * oidc-provider and sharing the tenant's client store; and the in-process registry the HTTP DCR bridge uses.
 */
import type { Context, Middleware, Next } from 'koa';
import { curity } from '../../../shared/vendors';
import { BodyError, readBody } from '../../core/http';
import { alphanumeric, base64url } from '../../core/ids';
import type { ClientStoreBridge } from '../../oidc/adapter';
import { createRegistrationEngine, type ManagementResponse, type RegistrationEngine } from '../../oidc/registration';
import { type ClientRegistry, RegistryError, type Route } from '../../tenant';
import { mountPath, pathUnder, splitScope } from '../kit';
import { bare } from './errors';
import type { CurityClient, CurityHost } from './store';

/** `/token-service/oauth-registration`, from the vendor registry. */
export const REGISTRATION_PATH = pathUnder(curity.registration.endpointTemplate);
/** oidc-provider's own limit for the bodies it parses (lib/shared/selective_body.js). */
const REGISTRATION_BODY_LIMIT = 56 * 1024;
/** The scope that makes a client_credentials token an initial access token for registration (curity.io). */
export const DCR_SCOPE = curity.registration.adminTokenParams.scope;
/**
 * A registration access token lives 365 days, and every answer that carries one says so in
 * `registration_access_token_expires_in` (seconds, a JSON number). CONFIRMED for the registration response:
 * https://curity.io/resources/learn/dynamic-client-registration-management/ ("the default access token has a Time To
 * Live (TTL) of 365 days"; its example has `"registration_access_token_expires_in": 31536000`). That the GET and PUT
 * answers carry it too is PARTIAL (the page shows one response, and says they return the new token "in the response
 * metadata").
 */
export const REGISTRATION_ACCESS_TOKEN_TTL = 31_536_000;

export class CurityRegistration {
  #engine: Promise<RegistrationEngine> | undefined;

  constructor(private readonly host: CurityHost) {}

  routes(boundary: Middleware): Route[] {
    const steps = [boundary, limitRegistrationBody, this.handOverToRegistration];
    // RFC 7591 registers with POST; RFC 7592 reads, updates and deletes the client's own URL.
    return [
      { method: 'POST', path: REGISTRATION_PATH, steps },
      ...(['GET', 'PUT', 'DELETE'] as const).map((method) => ({ method, path: `${REGISTRATION_PATH}/:clientId`, steps })),
    ];
  }

  /** Registration and initial access tokens live in the engine: a reset starts a fresh one when next needed. */
  reset(): void {
    this.#engine = undefined;
  }

  engine(): Promise<RegistrationEngine> {
    this.#engine ??= createRegistrationEngine({
      issuer: this.host.issuer,
      key: this.host.keys.current,
      clients: this.clientBridge(),
      models: this.host.store.registrationTokens,
      changes: this.host.env.store.changes,
      scopes: [...this.host.config.scopes, DCR_SCOPE],
      registrationPath: REGISTRATION_PATH,
      // "A GET or PUT request would automatically rotate the registration_access_token, invalidate the current token,
      // and provide a new one in the response metadata" (curity.io, dynamic-client-registration-management, CONFIRMED).
      rotateOnRead: true,
      registrationAccessTokenTtl: REGISTRATION_ACCESS_TOKEN_TTL,
      amendResponse: this.amendResponse,
    });
    return this.#engine;
  }

  /**
   * Curity's answers where oidc-provider's differ:
   * - `registration_client_uri` is built from the advertised base URL (the one discovery's registration_endpoint
   *   uses), not from the Host and scheme the request arrived with (oidc-provider's urlFor), which differ behind a
   *   public URL. Its form `<registration_endpoint>/<client_id>` is CONFIRMED by curity.io's example
   *   (`https://idsvr.example.com/token-service/oauth-registration/c2736523-…`).
   * - `registration_access_token_expires_in` beside the token (see REGISTRATION_ACCESS_TOKEN_TTL), in the example's
   *   order: registration_client_uri, registration_access_token_expires_in, registration_access_token.
   * - GET and PUT rotate the client secret: "In addition to rotating the token, a request automatically rotates the
   *   client_secret, and just like with the token, provides a new secret in the metadata response" (curity.io,
   *   dynamic-client-registration-management, CONFIRMED). A PUT without client_secret gets its new secret from the
   *   engine's policy; one that names the current secret (RFC 7592 §2.2 allows it) gets it here. The old secret
   *   stops working at once: Curity's `client-management/rotated-secret-ttl` "Default is 0", "the previous secret is
   *   then immediately invalidated on each rotation" (curity.io/docs/identity-server/configuration-reference/
   *   profiles/profile/settings/authorization-server/dynamic-client-registration/client-management, CONFIRMED).
   */
  amendResponse = async ({ route, body, request }: ManagementResponse): Promise<void> => {
    const clientId = String(body.client_id);
    if (route === 'client' || (route === 'client_update' && request !== undefined && Object.hasOwn(request, 'client_secret'))) {
      const rotated = rotateClientSecret(this.host, clientId);
      if (rotated) body.client_secret = rotated;
    }
    const token = body.registration_access_token;
    delete body.registration_client_uri;
    delete body.registration_access_token;
    body.registration_client_uri = `${this.host.baseUrl}${REGISTRATION_PATH}/${encodeURIComponent(clientId)}`;
    if (token !== undefined) {
      body.registration_access_token_expires_in = REGISTRATION_ACCESS_TOKEN_TTL;
      body.registration_access_token = token;
    }
  };

  handOverToRegistration = async (ctx: Context): Promise<void> => {
    const engine = await this.engine();
    await engine.handle(ctx, mountPath(this.host.baseUrl), ctx.state.registrationBody as Buffer | undefined);
  };

  /** The tenant's client map, seen by oidc-provider as RFC 7591 metadata. */
  clientBridge(): ClientStoreBridge {
    const clients = this.host.store.clients;
    return {
      find: (clientId) => {
        const client = clients.get(clientId);
        if (!client) return undefined;
        return (
          client.metadata ?? {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            client_name: client.name,
            grant_types: client.grantTypes,
            response_types: [],
            redirect_uris: [],
            token_endpoint_auth_method: client.tokenEndpointAuthMethod,
            scope: client.scopes.join(' '),
          }
        );
      },
      upsert: (clientId, metadata) => {
        clients.set(clientId, {
          clientId,
          clientSecret: String(metadata.client_secret ?? ''),
          name: typeof metadata.client_name === 'string' ? metadata.client_name : clientId,
          grantTypes: Array.isArray(metadata.grant_types) ? (metadata.grant_types as string[]) : ['client_credentials'],
          tokenEndpointAuthMethod:
            (metadata.token_endpoint_auth_method as CurityClient['tokenEndpointAuthMethod']) ?? 'client_secret_basic',
          scopes: typeof metadata.scope === 'string' ? splitScope(metadata.scope) : [],
          tokenFormat: 'jwt',
          metadata,
        });
      },
      destroy: (clientId) => {
        clients.delete(clientId);
      },
    };
  }
}

/**
 * oidc-provider parses registration bodies up to 56 KiB and answers anything bigger with a 400 of its own; a
 * declared length over that is refused first, as a 413 in the token endpoint's dialect.
 */
async function limitRegistrationBody(ctx: Context, next: Next): Promise<void> {
  if (Number(ctx.get('content-length') || 0) > REGISTRATION_BODY_LIMIT) throw bare(413, 'invalid_request');
  // A chunked body has no declared length: it is read here, against the same limit, and handed over read.
  if (!ctx.get('content-length') && ctx.get('transfer-encoding')) {
    try {
      ctx.state.registrationBody = await readBody(ctx, REGISTRATION_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyError && error.problem === 'too_large') throw bare(413, 'invalid_request');
      throw error;
    }
  }
  await next();
}

/** Clients registered in-process (the HTTP DCR bridge), with the validation the registration endpoint applies. */
export function curityRegistry(host: CurityHost): ClientRegistry {
  const { clients } = host.store;
  return {
    register: (input) => {
      const unknown = input.scopes.filter((s) => !host.config.scopes.includes(s));
      if (unknown.length > 0) throw new RegistryError(`scope: unknown scope values ${unknown.join(' ')}`);
      const clientId = alphanumeric(43);
      const client: CurityClient = {
        clientId,
        clientSecret: base64url(64),
        name: input.name,
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'client_secret_basic',
        scopes: [...input.scopes],
        tokenFormat: 'jwt',
      };
      clients.set(clientId, client);
      return { clientId, clientSecret: client.clientSecret, issuedAt: host.env.clock.epoch() };
    },
    rotateSecret: (clientId) => {
      const clientSecret = rotateClientSecret(host, clientId);
      return clientSecret === undefined ? undefined : { clientId, clientSecret, issuedAt: host.env.clock.epoch() };
    },
    remove: (clientId) => clients.delete(clientId),
    list: () =>
      [...clients.values()].map((c) => ({ clientId: c.clientId, name: c.name, grantTypes: c.grantTypes, scopes: c.scopes })),
  };
}

/** A new secret for a client; the old one stops working at once (rotated-secret-ttl 0, see amendResponse). */
function rotateClientSecret(host: CurityHost, clientId: string): string | undefined {
  const client = host.store.clients.get(clientId);
  if (!client) return undefined;
  const clientSecret = base64url(64);
  host.store.clients.set(clientId, {
    ...client,
    clientSecret,
    ...(client.metadata && { metadata: { ...client.metadata, client_secret: clientSecret } }),
  });
  return clientSecret;
}
