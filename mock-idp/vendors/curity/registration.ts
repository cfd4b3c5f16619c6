/**
 * Curity's RFC 7591 registration and RFC 7592 management (shared/reference/vendors.md §2.3), served by
 * oidc-provider and sharing the tenant's client store; and the in-process registry the HTTP DCR bridge uses.
 */
import type { Context, Middleware, Next } from 'koa';
import { curity } from '../../../shared/vendors';
import { BodyError, readBody } from '../../core/http';
import { alphanumeric, base64url } from '../../core/ids';
import type { ClientStoreBridge } from '../../oidc/adapter';
import { createRegistrationEngine, type RegistrationEngine } from '../../oidc/registration';
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
      rotateOnRead: true,
    });
    return this.#engine;
  }

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
      const client = clients.get(clientId);
      if (!client) return undefined;
      const clientSecret = base64url(64);
      clients.set(clientId, {
        ...client,
        clientSecret,
        ...(client.metadata && { metadata: { ...client.metadata, client_secret: clientSecret } }),
      });
      return { clientId, clientSecret, issuedAt: host.env.clock.epoch() };
    },
    remove: (clientId) => clients.delete(clientId),
  };
}
