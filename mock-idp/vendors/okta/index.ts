/**
 * Okta persona (shared/reference/vendors.md §3): custom authorization servers under /oauth2/{authServerId}
 * and the org authorization server under /oauth2/v1. The tenant is wired from its store (store.ts), servers
 * (servers.ts), token steps (token.ts), documents (documents.ts), registration API (clients.ts) and Apps API
 * (apps.ts); any other path under the tenant is answered in Okta's error envelope. Sources are cited next to each
 * behaviour.
 */
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { expandTemplate, okta } from '../../../shared/vendors';
import type { WireError } from '../../errors';
import { OAuthError } from '../../errors';
import type { ClientRegistry, Route, Tenant, TenantEnv } from '../../tenant';
import { demoClient, discoveryRoute, endpointPaths, jwksRoute, metadataPath, mountPath, Persona } from '../kit';
import { OktaAppsApi } from './apps';
import { OktaClientsApi } from './clients';
import { jwks, serveDiscovery } from './documents';
import {
  API_DIALECT,
  DOCUMENT_HEADERS,
  JSON_TYPE,
  methodNotAllowed,
  pathNotFound,
  rateLimited,
  TOKEN_DIALECT,
  UNKNOWN_SCOPE,
  WRONG_SECRET,
} from './errors';
import { findAuthServer, requireAuthServer, serverUrls } from './servers';
import { type AuthServerConfig, type OktaConfig, type OktaHost, type OktaStore, oktaStore } from './store';
import { tokenSigner, tokenSteps } from './token';

export class OktaTenant extends Persona<'okta', OktaStore> implements Tenant, OktaHost {
  readonly vendor = 'okta';
  readonly authServers: ReadonlyMap<string, AuthServerConfig>;
  readonly clientsApi: OktaClientsApi;
  readonly appsApi: OktaAppsApi;
  readonly registry: ClientRegistry;
  readonly #issuers = new Map<string | null, string>();

  constructor(config: OktaConfig, env: TenantEnv) {
    super(config, env, oktaStore(env.store, config, env.clock), {
      authServerId: (config.authServers[0] as AuthServerConfig).id,
    });
    this.authServers = new Map(config.authServers.map((s) => [s.id, s]));
    this.clientsApi = new OktaClientsApi(this);
    this.appsApi = new OktaAppsApi(this, this.clientsApi);
    this.registry = this.clientsApi.registry();
  }

  issuerOf(authServerId: string | null): string {
    let issuer = this.#issuers.get(authServerId);
    if (issuer === undefined) {
      issuer = serverUrls(this.baseUrl, authServerId).issuer;
      this.#issuers.set(authServerId, issuer);
    }
    return issuer;
  }

  /** 405 E0000022 (errors.ts, methodNotAllowed: status and wording from okta/okta-auth-java#61), with the methods the path serves. */
  wrongMethod(allowed: string[]): Middleware[] {
    return this.refusal(methodNotAllowed, {
      'Content-Type': JSON_TYPE,
      'Cache-Control': 'no-cache, no-store',
      Allow: allowed.join(', '),
    });
  }

  /** Token endpoint errors fault rules can name. */
  readonly faultErrorNames = ['invalid_client', 'invalid_scope', 'E0000047'];

  faultError(name: string): WireError | undefined {
    if (name === 'invalid_client') return new OAuthError(401, 'invalid_client', WRONG_SECRET);
    if (name === 'invalid_scope') return new OAuthError(400, 'invalid_scope', UNKNOWN_SCOPE);
    if (name === 'E0000047') return rateLimited();
    return undefined;
  }

  routes(): Route[] {
    const boundary = this.boundary(TOKEN_DIALECT);
    const signer = tokenSigner(this);
    const documents = (org: boolean) => [boundary, findAuthServer(org)];
    const wrongMethod = [
      boundary,
      () => {
        throw methodNotAllowed();
      },
    ];
    const [customEndpoint, orgEndpoint] = okta.tokenEndpoints;
    const custom = endpointPaths(customEndpoint);
    const org = endpointPaths(orgEndpoint);
    const known: Route[] = [
      // Custom authorization servers (okta-developer-docs: /oauth2/{authServerId}/…).
      discoveryRoute(custom.discovery, [...documents(false), serveDiscovery(this, 'openid-configuration')]),
      discoveryRoute(metadataPath(custom.discovery), [...documents(false), serveDiscovery(this, 'oauth-authorization-server')]),
      jwksRoute(custom.jwks, [...documents(false), requireAuthServer(this), this.keySet(jwks, DOCUMENT_HEADERS)]),
      ...this.postEndpoint(custom.token, boundary, tokenSteps(this, false, signer), wrongMethod),
      // The org authorization server (issuer = the org URL).
      discoveryRoute(org.discovery, [...documents(true), serveDiscovery(this, 'openid-configuration')]),
      discoveryRoute(metadataPath(org.discovery), [...documents(true), serveDiscovery(this, 'oauth-authorization-server')]),
      jwksRoute(org.jwks, [this.keySet(jwks, DOCUMENT_HEADERS)]),
      ...this.postEndpoint(org.token, boundary, tokenSteps(this, true, signer), wrongMethod),
      // The Dynamic Client Registration API (vendors.md §3.3).
      ...this.clientsApi.routes(this.boundary(API_DIALECT)),
      // The Apps API, on the same clients (apps.ts).
      ...this.appsApi.routes(this.boundary(API_DIALECT)),
    ];
    return [...known, { method: 'ALL', path: '{/*path}', steps: [this.boundary(API_DIALECT), this.unknownRoute(known)] }];
  }

  /**
   * Every other request under the tenant is Okta's, never the harness's 404: a path no route serves is 404 E0000008
   * (errors.ts, pathNotFound), and a served path asked with another method is E0000022 (`wrongMethod`). The
   * catch-all route answers both, since it also matches a served path's other methods.
   */
  unknownRoute(known: Route[]): Middleware {
    // The tenant's own prefix on the harness origin, none on an origin of its own (--tenant-ports).
    const prefix = mountPath(this.baseUrl);
    const paths = new Router(prefix ? { prefix } : {});
    for (const route of known) {
      if (route.method !== 'ALL') paths.register(route.path, [route.method], [() => undefined]);
    }
    const refuse = (allowed: string[]) => this.wrongMethod(allowed);
    return async function unknownRoute(ctx: Context): Promise<void> {
      const match = paths.match(ctx.path, ctx.method);
      if (match.path.length === 0) throw pathNotFound();
      const allowed = [...new Set(match.path.flatMap((layer) => layer.methods))].filter((m) => m !== 'HEAD');
      for (const step of refuse(allowed)) await step(ctx, async () => undefined);
    };
  }

  manifest(): ManifestTenant {
    const server = this.config.authServers[0] as AuthServerConfig;
    return {
      id: this.id,
      vendor: 'okta',
      baseUrl: this.baseUrl,
      authServerId: server.id,
      audience: server.audience,
      issuer: this.issuer,
      discoveryUrl: this.urls.discovery,
      jwksUri: this.urls.jwks,
      tokenEndpoint: this.urls.token,
      demoClient: demoClient(this.config.clients[0], {
        scope: server.scopes
          .map((s) => s.name)
          .slice(0, 1)
          .join(' '),
      }),
      registration: {
        style: 'okta-clients',
        endpoint: expandTemplate(okta.registration.endpointTemplate, { baseUrl: this.baseUrl }),
        credentials: { apiToken: this.config.apiToken },
        live: true,
      },
    };
  }
}
