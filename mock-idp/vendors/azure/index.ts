/**
 * Microsoft Entra ID persona (shared/reference/vendors.md §4): v1 and v2 token endpoints under /{tenant},
 * AADSTS error envelopes, v1/v2 discovery and keys, and the v1/v2 app-only claim sets. The tenant is wired from its
 * store (store.ts), token steps (token.ts), documents (documents.ts) and errors (errors.ts); Microsoft Graph, its
 * registration API, is a service of its own (graph.ts).
 */
import type { Middleware } from 'koa';
import type { ManifestTenant } from '../../../shared/harness/manifest';
import { azure, expandTemplate } from '../../../shared/vendors';
import { AadstsError, type WireError } from '../../errors';
import type { ClientRegistry, Route, Tenant, TenantEnv } from '../../tenant';
import {
  bannerLines,
  demoClient,
  discoveryRoute,
  type EndpointUrls,
  endpointPaths,
  endpointUrls,
  jwksRoute,
  Persona,
} from '../kit';
import { discovery, jwks, serveDocument } from './documents';
import {
  DOCUMENT_HEADERS,
  expiredSecret,
  invalidSecret,
  onlyPost,
  TOKEN_DIALECT,
  TOKEN_HEADERS,
  unknownApplication,
} from './errors';
import { GRAPH_PREFIX } from './graph';
import { type AzureConfig, type AzureHost, type AzureResource, type AzureStore, azureRegistry, azureStore, GRAPH } from './store';
import { DOT_DEFAULT, resolveTenant, tokenSigners, tokenSteps } from './token';

const [v2Endpoint, v1Endpoint] = azure.tokenEndpoints;

export class AzureTenant extends Persona<'azure', AzureStore> implements Tenant, AzureHost {
  readonly vendor = 'azure';
  readonly tenantId: string;
  readonly resources: readonly AzureResource[];
  readonly v1: EndpointUrls;
  /** The keys v1 discovery points at: the shared `common` ones (vendors.md §4.2). */
  readonly commonKeys: string;
  readonly createdAt: number;
  readonly registry: ClientRegistry;

  constructor(config: AzureConfig, env: TenantEnv) {
    super(config, env, azureStore(env.store, config, env.clock), { tenantId: config.tenantId });
    this.tenantId = config.tenantId;
    this.resources = [...config.apis, GRAPH];
    this.v1 = endpointUrls(this.baseUrl, v1Endpoint, { tenantId: this.tenantId });
    this.commonKeys = endpointUrls(this.baseUrl, v1Endpoint, { tenantId: 'common' }).jwks;
    this.createdAt = env.clock.epoch() - 86_400 * 365;
    this.registry = azureRegistry(this);
  }

  /** Entra issues v1 tokens with this issuer whatever host served them (vendors.md §4.1). */
  get issuerV1(): string {
    return this.v1.issuer;
  }

  get issuerV2(): string {
    return this.issuer;
  }

  /** AADSTS900561, as the token endpoint answers a GET, naming the methods the path serves. */
  wrongMethod(allowed: string[]): Middleware[] {
    return this.refusal(
      (ctx) =>
        new AadstsError(
          400,
          'invalid_request',
          900561,
          `The endpoint only accepts ${[...allowed, 'OPTIONS'].join(', ')} requests. Received a ${ctx.method} request.`,
        ),
      TOKEN_HEADERS,
    );
  }

  /** Token endpoint errors fault rules can name, by AADSTS code. */
  readonly faultErrorNames = ['AADSTS7000215', 'AADSTS7000222', 'AADSTS700016'];
  /** Entra answers throttled client-credentials requests with 429 and `Retry-After: 60` (MSAL.NET throttling docs). */
  readonly defaultRetryAfter = 60;

  faultError(name: string, clientId: string): WireError | undefined {
    if (name === 'AADSTS7000215') return invalidSecret(clientId);
    if (name === 'AADSTS7000222') return expiredSecret(clientId);
    if (name === 'AADSTS700016') return unknownApplication(this.config.displayName, clientId);
    return undefined;
  }

  routes(): Route[] {
    const boundary = this.boundary(TOKEN_DIALECT);
    const signers = tokenSigners(this);
    const otherMethods = [boundary, onlyPost(this.env.clock)];
    const documents = [boundary, resolveTenant(this)];
    const t = `${this.baseUrl}/${this.tenantId}`;
    const v2 = endpointPaths(v2Endpoint);
    const v1 = endpointPaths(v1Endpoint);
    return [
      discoveryRoute(v2.discovery, [...documents, serveDocument(() => discovery('v2', t, this.urls))]),
      discoveryRoute(v1.discovery, [
        ...documents,
        serveDocument(() => discovery('v1', t, { ...this.v1, jwks: this.commonKeys })),
      ]),
      jwksRoute(v2.jwks, [...documents, this.keySet((keys) => jwks('v2', this.issuerV2, keys), DOCUMENT_HEADERS)]),
      jwksRoute(v1.jwks, [...documents, this.keySet((keys) => jwks('v1', this.issuerV2, keys), DOCUMENT_HEADERS)]),
      ...this.postEndpoint(v2.token, boundary, tokenSteps(this, 'v2', signers), otherMethods),
      ...this.postEndpoint(v1.token, boundary, tokenSteps(this, 'v1', signers), otherMethods),
    ];
  }

  manifest(): ManifestTenant {
    // The first client allowed to write applications through Graph is the DCR provider's initial app.
    const provider = this.config.clients.find((c) =>
      (c.roles[GRAPH.appId] ?? []).some((r) => r.startsWith('Application.ReadWrite')),
    );
    const resource = this.config.apis[0]?.identifierUri ?? GRAPH.identifierUri;
    return {
      id: this.id,
      vendor: 'azure',
      baseUrl: this.baseUrl,
      tenantId: this.tenantId,
      issuer: this.issuerV2,
      discoveryUrl: this.urls.discovery,
      jwksUri: this.urls.jwks,
      tokenEndpoint: this.urls.token,
      tokenEndpointV1: this.v1.token,
      issuerV1: this.issuerV1,
      discoveryUrlV1: this.v1.discovery,
      jwksUriV1: this.commonKeys,
      demoClient: {
        ...demoClient(this.config.clients[0], { scope: `${resource}${DOT_DEFAULT}` }),
        paramsV1: { resource },
      },
      registration: {
        style: 'graph-applications',
        // Graph has its own base URL on the harness origin (standing in for https://graph.microsoft.com).
        endpoint: expandTemplate(azure.registration.endpointTemplate, { graphUrl: `${this.env.origin}${GRAPH_PREFIX}` }),
        credentials: {
          clientId: provider?.clientId ?? '',
          clientSecret: provider?.clientSecret ?? '',
          scope: azure.registration.adminTokenParams.scope,
        },
        live: true,
      },
    };
  }

  override banner(showSecrets: boolean): string[] {
    const m = this.manifest();
    return bannerLines(m, showSecrets, v2Endpoint.target.param, {
      tokens: [`token v2  POST ${m.tokenEndpoint}`, `token v1  POST ${m.tokenEndpointV1}`],
      note: ` (v1: resource=${m.demoClient.paramsV1?.resource ?? ''})`,
    });
  }
}
