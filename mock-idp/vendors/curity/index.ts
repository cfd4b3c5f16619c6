/**
 * Curity Identity Server persona (shared/reference/vendors.md §2), with the product's default endpoint names.
 * The tenant is wired from its store (store.ts), token and introspection steps (token.ts), documents
 * (documents.ts) and RFC 7591/7592 registration (registration.ts).
 */
import type { Middleware } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { curity, expandTemplate } from '../../../shared/vendors';
import type { WireError } from '../../errors';
import type { RegistrationEngine } from '../../oidc/registration';
import type { ClientRegistry, Route, Tenant, TenantEnv } from '../../tenant';
import { demoClient, discoveryRoute, endpointPaths, jwksRoute, metadataPath, Persona, parentOf, staticJson } from '../kit';
import { discovery, INTROSPECTION, jwks } from './documents';
import { bare, DOCUMENT_HEADERS, TOKEN_DIALECT, TOKEN_HEADERS } from './errors';
import { CurityRegistration, curityRegistry, DCR_SCOPE } from './registration';
import { type CurityConfig, type CurityHost, CurityStore } from './store';
import { introspectionSteps, tokenSteps } from './token';

const [endpoint] = curity.tokenEndpoints;

export class CurityTenant extends Persona<'curity', CurityStore> implements Tenant, CurityHost {
  readonly vendor = 'curity';
  readonly registration: CurityRegistration;
  readonly registry: ClientRegistry;

  constructor(config: CurityConfig, env: TenantEnv) {
    super(config, env, new CurityStore(env.store, config, env.clock));
    this.registration = new CurityRegistration(this);
    this.registry = curityRegistry(this);
  }

  registrationEngine(): Promise<RegistrationEngine> {
    return this.registration.engine();
  }

  override reset(): void {
    super.reset();
    this.registration.reset();
  }

  /** A bare `invalid_request` with 405, as on its token endpoint (Curity's exact answer is UNCONFIRMED). */
  wrongMethod(allowed: string[]): Middleware[] {
    return this.refusal(() => bare(405, 'invalid_request'), { ...TOKEN_HEADERS, Allow: allowed.join(', ') });
  }

  /** Token endpoint errors fault rules can name (Curity's bare RFC 6749 bodies). */
  readonly faultErrorNames = ['invalid_client', 'invalid_scope', 'unauthorized_client'];

  faultError(name: string): WireError | undefined {
    if (name === 'invalid_client') return bare(401, 'invalid_client');
    if (name === 'invalid_scope' || name === 'unauthorized_client') return bare(400, name);
    return undefined;
  }

  routes(): Route[] {
    const boundary = this.boundary(TOKEN_DIALECT);
    const wrongMethod = [
      boundary,
      () => {
        // RFC 6749 §3.2 requires POST; Curity's exact answer to GET is UNCONFIRMED.
        throw bare(405, 'invalid_request');
      },
    ];
    const paths = endpointPaths(endpoint);
    const document = discovery(
      this.urls,
      expandTemplate(curity.registration.endpointTemplate, { baseUrl: this.baseUrl }),
      this.config.clients.flatMap((c) => c.scopes),
    );
    return [
      discoveryRoute(paths.discovery, [staticJson(document, DOCUMENT_HEADERS)]),
      discoveryRoute(metadataPath(paths.discovery), [staticJson(document, DOCUMENT_HEADERS)]),
      jwksRoute(paths.jwks, [this.keySet(jwks, DOCUMENT_HEADERS)]),
      ...this.postEndpoint(paths.token, boundary, tokenSteps(this), wrongMethod),
      ...this.postEndpoint(
        `${parentOf(paths.token)}/${INTROSPECTION}`,
        boundary,
        introspectionSteps(this),
        wrongMethod,
        'introspection',
      ),
      // RFC 7591 registration and RFC 7592 management, served by oidc-provider (vendors.md §2.3).
      ...this.registration.routes(boundary),
    ];
  }

  manifest(): ManifestTenant {
    const demo = this.config.clients.find((c) => !c.scopes.includes(DCR_SCOPE));
    const dcrClient = this.config.clients.find((c) => c.scopes.includes(DCR_SCOPE));
    return {
      id: this.id,
      vendor: 'curity',
      baseUrl: this.baseUrl,
      issuer: this.issuer,
      discoveryUrl: this.urls.discovery,
      jwksUri: this.urls.jwks,
      tokenEndpoint: this.urls.token,
      introspectionEndpoint: `${parentOf(this.urls.token)}/${INTROSPECTION}`,
      demoClient: demoClient(demo, { scope: demo?.scopes.join(' ') ?? '' }),
      registration: {
        style: 'rfc7591',
        endpoint: expandTemplate(curity.registration.endpointTemplate, { baseUrl: this.baseUrl }),
        credentials: { clientId: dcrClient?.clientId ?? '', clientSecret: dcrClient?.clientSecret ?? '', scope: DCR_SCOPE },
        live: true,
      },
    };
  }
}
