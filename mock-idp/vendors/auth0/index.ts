/**
 * Auth0 persona (shared/reference/vendors.md §1): the tenant, wired from its store (store.ts), token steps
 * (token.ts), documents (documents.ts), Management API (management.ts) and open registration (register.ts).
 * Sources for each behaviour are cited next to it.
 */
import type { Middleware } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { auth0, expandTemplate } from '../../../shared/vendors';
import type { WireError } from '../../errors';
import type { ClientRegistry, Route, Tenant, TenantEnv } from '../../tenant';
import { demoClient, discoveryRoute, endpointPaths, jwksRoute, Persona, staticJson } from '../kit';
import { discovery, jwks } from './documents';
import { DOCUMENT_HEADERS, grantNotAllowed, MANAGEMENT_DIALECT, notFound, TOKEN_DIALECT, unauthorized } from './errors';
import { Auth0ManagementApi, managementRegistry } from './management';
import { OPEN_REGISTRATION_PATH, openRegistration } from './register';
import { type Auth0Config, type Auth0Host, Auth0Store } from './store';
import { tokenSteps } from './token';

const [endpoint] = auth0.tokenEndpoints;

export class Auth0Tenant extends Persona<'auth0', Auth0Store> implements Tenant, Auth0Host {
  readonly vendor = 'auth0';
  readonly registry: ClientRegistry;

  constructor(config: Auth0Config, env: TenantEnv) {
    const baseUrl = env.baseUrl;
    const audience = expandTemplate(auth0.registration.adminTokenParams.audience, { baseUrl });
    super(config, env, new Auth0Store(env.store, config, audience));
    this.registry = managementRegistry(this);
  }

  /** hapi answers a method a route does not serve like an unknown route: Boom's 404 (as on the token endpoint). */
  wrongMethod(): Middleware[] {
    return this.refusal(notFound, DOCUMENT_HEADERS);
  }

  /** Token endpoint errors fault rules can name (the texts are the ones this persona answers with). */
  readonly faultErrorNames = ['access_denied', 'unauthorized_client'];

  faultError(name: string): WireError | undefined {
    if (name === 'access_denied') return unauthorized();
    if (name === 'unauthorized_client') return grantNotAllowed();
    return undefined;
  }

  routes(): Route[] {
    const boundary = this.boundary(TOKEN_DIALECT);
    const paths = endpointPaths(endpoint);
    const document = discovery(this.baseUrl, this.urls, `${this.baseUrl}${OPEN_REGISTRATION_PATH}`);
    return [
      discoveryRoute(paths.discovery, [staticJson(document, DOCUMENT_HEADERS)]),
      jwksRoute(paths.jwks, [this.keySet(jwks, DOCUMENT_HEADERS)]),
      // A wrong method on the token endpoint: Auth0 runs on hapi, whose unmatched route answers with Boom's
      // 404 body. UNCONFIRMED for /oauth/token specifically (vendors.md §1.1 has no source).
      ...this.postEndpoint(paths.token, boundary, tokenSteps(this), this.wrongMethod()),
      ...new Auth0ManagementApi(this).routes(this.boundary(MANAGEMENT_DIALECT)),
      { method: 'POST', path: OPEN_REGISTRATION_PATH, steps: [boundary, openRegistration(this)] },
    ];
  }

  manifest(): ManifestTenant {
    const demo = this.config.clients[0];
    const demoGrant = demo?.grants[0];
    const admin = this.config.managementClients[0];
    return {
      id: this.id,
      vendor: 'auth0',
      baseUrl: this.baseUrl,
      issuer: this.issuer,
      discoveryUrl: this.urls.discovery,
      jwksUri: this.urls.jwks,
      tokenEndpoint: this.urls.token,
      demoClient: demoClient(demo, demoGrant ? { audience: demoGrant.audience } : {}),
      registration: {
        style: 'auth0-management',
        endpoint: expandTemplate(auth0.registration.endpointTemplate, { baseUrl: this.baseUrl }),
        credentials: {
          clientId: admin?.clientId ?? '',
          clientSecret: admin?.clientSecret ?? '',
          audience: this.store.managementAudience,
        },
        live: true,
      },
    };
  }
}
