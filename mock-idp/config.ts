/**
 * Harness configuration: one documented defaults object, a schema that validates user input (YAML or JSON),
 * and the types derived from that schema. A user's file states only what differs: a tenant listed there
 * replaces the default tenant with the same id; other default tenants stay.
 *
 * Over 300 lines on purpose: it is the one documented defaults object and the schema it is held to (the guide's
 * habit "defaults are one documented object"), in one file so a default and the rule it must keep change in one place.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { z } from 'zod';
import { lazy } from './core/lazy';
import { faultRuleSchema } from './faults';

export const RESERVED_PATHS = new Set([
  '_control',
  'harness.json',
  'health',
  'favicon.ico',
  'graph',
  'portal',
  'gateway',
  'dcr-bridge',
]);

/** Every Management API permission the harness checks (the ones Konnect's Auth0 DCR provider needs, and more). */
export const AUTH0_MANAGEMENT_SCOPES = [
  'read:clients',
  'create:clients',
  'update:clients',
  'delete:clients',
  'read:client_keys',
  'update:client_keys',
  'read:client_grants',
  'create:client_grants',
  'update:client_grants',
  'delete:client_grants',
  'read:resource_servers',
] as const;

const schemas = lazy(() => {
  const secret = z.string().min(8, 'must be at least 8 characters');
  const url = z.string().url();
  const port = z.number().int().min(0).max(65535);
  const tenantId = z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes (it becomes a URL path segment)')
    .refine((id) => !RESERVED_PATHS.has(id), 'is reserved by the harness');

  const clientBase = {
    clientId: z.string().min(1),
    clientSecret: secret,
    name: z.string().min(1),
    grantTypes: z.array(z.string()).default(['client_credentials']),
    tokenEndpointAuthMethod: z
      .enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'])
      .default('client_secret_post'),
  };

  const auth0Tenant = z.strictObject({
    id: tenantId,
    vendor: z.literal('auth0'),
    /** Open OIDC Dynamic Client Registration at /oidc/register (the tenant flag `enable_dynamic_client_registration`). */
    dynamicClientRegistration: z.boolean().default(false),
    /** Machine-to-machine clients granted the Management API (`<domain>/api/v2/`) with these scopes. */
    managementClients: z
      .array(
        z.strictObject({ ...clientBase, scopes: z.array(z.enum(AUTH0_MANAGEMENT_SCOPES)).default([...AUTH0_MANAGEMENT_SCOPES]) }),
      )
      .default([]),
    /** Sent when the request has no `audience` (Auth0 tenant setting "Default Audience"). */
    defaultAudience: z.string().nullable().default(null),
    apis: z
      .array(
        z.strictObject({
          identifier: z.string().min(1),
          name: z.string().min(1),
          scopes: z.array(z.string()).default([]),
          tokenLifetime: z.number().int().positive().default(86400),
          /** RBAC with "Add Permissions in the Access Token": adds the `permissions` claim. */
          permissionsClaim: z.boolean().default(false),
        }),
      )
      .default([]),
    clients: z
      .array(
        z.strictObject({
          ...clientBase,
          grants: z.array(z.strictObject({ audience: z.string(), scope: z.array(z.string()).default([]) })).default([]),
        }),
      )
      .default([]),
  });

  const oktaTenant = z.strictObject({
    id: tenantId,
    vendor: z.literal('okta'),
    /** The API token the clients API accepts as `Authorization: SSWS <token>` (Konnect's `dcr_token`). */
    apiToken: secret.default('00dcrKit-demo-SSWS-token-Yq3nW8vR2xT6mK9pL4'),
    authServers: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[A-Za-z0-9]+$/, 'must be letters and digits'),
          audience: z.string().min(1),
          scopes: z.array(z.strictObject({ name: z.string().min(1), default: z.boolean().default(false) })).default([]),
          /** Custom claims added to every access token of this server, e.g. `{ client_id: "app.clientId" }`. */
          claims: z.record(z.string(), z.literal('app.clientId')).default({}),
          tokenLifetime: z.number().int().positive().default(3600),
        }),
      )
      .min(1),
    clients: z
      .array(
        z.strictObject({
          ...clientBase,
          tokenEndpointAuthMethod: clientBase.tokenEndpointAuthMethod.default('client_secret_basic'),
        }),
      )
      .default([]),
  });

  const curityTenant = z.strictObject({
    id: tenantId,
    vendor: z.literal('curity'),
    tokenLifetime: z.number().int().positive().default(300),
    /** Scope values the server knows; clients may register any of them (plus `dcr` for the DCR client). */
    scopes: z.array(z.string().regex(/^\S+$/, 'must be a single scope value')).default(['read', 'write']),
    clients: z
      .array(
        z.strictObject({
          ...clientBase,
          tokenEndpointAuthMethod: clientBase.tokenEndpointAuthMethod.default('client_secret_basic'),
          scopes: z.array(z.string()).default([]),
          /** Curity issues opaque reference tokens unless the token issuer uses JWTs. */
          tokenFormat: z.enum(['jwt', 'opaque']).default('jwt'),
          audience: z.string().optional(),
        }),
      )
      .default([]),
  });

  const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case GUID');

  const azureTenant = z.strictObject({
    id: tenantId,
    vendor: z.literal('azure'),
    tenantId: guid,
    /** The verified domain that may stand in for the tenant id in URLs. */
    domain: z.string().min(1),
    displayName: z.string().min(1),
    apis: z
      .array(
        z.strictObject({
          appId: guid,
          identifierUri: z.string().min(1),
          displayName: z.string().min(1),
          /** `api.requestedAccessTokenVersion` in the app manifest: the token version this API receives. */
          accessTokenVersion: z.union([z.literal(1), z.literal(2)]).default(1),
          appRoles: z.array(z.string()).default([]),
        }),
      )
      .default([]),
    clients: z
      .array(
        z.strictObject({
          ...clientBase,
          clientId: guid,
          objectId: guid,
          /** The service principal's object id (`oid` and `sub` in app-only tokens); null when none exists. */
          servicePrincipalId: guid.nullable(),
          /** App roles granted to this client, by resource appId. */
          roles: z.record(z.string(), z.array(z.string())).default({}),
        }),
      )
      .default([]),
  });

  const tenant = z.discriminatedUnion('vendor', [auth0Tenant, oktaTenant, curityTenant, azureTenant]);

  const config = z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: port.default(4400),
      /** The origin advertised in issuers and discovery, when clients reach the harness through another name. */
      publicUrl: url.optional(),
      tenants: z.array(tenant).default([]),
      /** The Konnect-like developer portal, on its own origin. */
      portal: z
        .strictObject({
          /** Default: the harness port + 1 (any free port when the harness port is 0). */
          port: port.nullable().default(null),
          publicUrl: url.optional(),
        })
        .prefault({}),
      /** The Kong-like gateway, on its own origin. */
      gateway: z
        .strictObject({
          /** Default: the harness port + 2 (any free port when the harness port is 0). */
          port: port.nullable().default(null),
          publicUrl: url.optional(),
          /** The openid-connect plugin's optional Session-* diagnostic response headers. */
          sessionResponseHeaders: z.boolean().default(false),
          /** Session timeouts in seconds (plugin defaults 900 / 3600 / 86400). */
          session: z
            .strictObject({
              idlingTimeout: z.number().int().positive().default(900),
              rollingTimeout: z.number().int().positive().default(3600),
              absoluteTimeout: z.number().int().positive().default(86_400),
            })
            .prefault({}),
        })
        .prefault({}),
      /** The Konnect HTTP DCR bridge (`dcr_base_url` of an `http` DCR provider), backed by one of the tenants. */
      dcrBridge: z
        .strictObject({
          /** Id of the tenant the bridge registers clients in. */
          tenant: z.string().min(1),
          /** Konnect's `api_key`: 12-256 characters of [a-zA-Z0-9_]. */
          apiKey: z
            .string()
            .regex(/^[a-zA-Z0-9_]{12,256}$/, 'must be 12-256 letters, digits or underscores (Konnect api_key rules)'),
        })
        .nullable()
        .default(null),
      /** Fault rules active from the start (and again after every reset); see faults/index.ts and the README. */
      faults: z.array(faultRuleSchema()).default([]),
      /** The QA inspector at `/` (issue 13). */
      inspector: z
        .strictObject({
          /** Requests its live traffic keeps (a ring buffer); 0 turns recording off. CLI: --traffic-buffer. */
          trafficBuffer: z.number().int().min(0).max(MAX_TRAFFIC_BUFFER).default(1000),
        })
        .prefault({}),
    })
    .strict();
  return { config, tenant };
});

/** The schema a config file is checked against (built on first use: a start without one needs none). */
export const configSchema = () => schemas().config;

type Schemas = ReturnType<typeof schemas>;
export type ConfigInput = z.input<Schemas['config']>;
export type Config = z.output<Schemas['config']>;
export type TenantConfig = z.output<Schemas['tenant']>;
export type TenantConfigOf<V extends TenantConfig['vendor']> = Extract<TenantConfig, { vendor: V }>;

/** Well-known demo values: anyone reading this file knows them. Never use them outside a test harness. */
export const DEMO = {
  auth0: {
    api: 'https://api.dcr-kit.test/',
    managementClientId: 'Mg7kT2vRq9LxW4sB8nZc1Hd5Jf3Gy6Pa',
    managementClientSecret: 'demo-auth0-management-secret-Vn4Lq8Wz2Rt6Yk0Pm3Xc7Bd5Sf9Gh1',
    clientId: 'k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae',
    clientSecret: 'demo-auth0-secret-1fQ8wZr2Ly6Hk0Tn4Vb9Xm3Pc7Sd5Ga1Je8Ru2Wq6Oz4Ni0By',
  },
  okta: {
    apiToken: '00dcrKit-demo-SSWS-token-Yq3nW8vR2xT6mK9pL4',
    clientId: '0oa1dcrkitDemo5d7h8',
    clientSecret: 'demo-okta-secret-Wn4Vb9Xm3Pc7Sd5Ga1Je8Ru2',
  },
  curity: {
    dcrClientId: 'dcr-kit-dcr-client',
    dcrClientSecret: 'demo-curity-dcr-secret-Qw8Er4Ty6Ui2',
    clientId: 'dcr-kit-demo-client',
    clientSecret: 'demo-curity-secret-Hk0Tn4Vb9Xm3',
  },
  azure: {
    tenantId: '5f2b8c3e-1a4d-4e6f-9b7a-2c8d0e1f3a5b',
    apiAppId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
    clientId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
    clientSecret: 'dKr8Q~demo.azure.secret.Xm3Pc7Sd5Ga1Je8R',
    graphClientId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
    graphClientSecret: 'Gx7Q~demo.graph.provider.Lm2Np4Qr6St8Uv0W',
  },
} as const;

/**
 * The embedded defaults: one tenant per vendor, each with a demo client that can get a token at once. Written out in
 * full, as the schema resolves them (a unit test holds the two together): a start without a config file uses them
 * as they are, and spends no time validating what the repository already validated.
 */
export const defaults: Config = {
  host: '127.0.0.1',
  port: 4400,
  tenants: [
    {
      id: 'auth0',
      vendor: 'auth0',
      // Off by default in a real tenant; on here so the open /oidc/register flow can be tried at once.
      dynamicClientRegistration: true,
      managementClients: [
        {
          clientId: DEMO.auth0.managementClientId,
          clientSecret: DEMO.auth0.managementClientSecret,
          name: 'dcr-kit DCR provider (Management API)',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_post',
          scopes: [...AUTH0_MANAGEMENT_SCOPES],
        },
      ],
      defaultAudience: null,
      apis: [
        {
          identifier: DEMO.auth0.api,
          name: 'dcr-kit Demo API',
          scopes: ['read:data', 'write:data'],
          tokenLifetime: 86_400,
          permissionsClaim: false,
        },
      ],
      clients: [
        {
          clientId: DEMO.auth0.clientId,
          clientSecret: DEMO.auth0.clientSecret,
          name: 'dcr-kit demo (Machine to Machine)',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_post',
          grants: [{ audience: DEMO.auth0.api, scope: ['read:data'] }],
        },
      ],
    },
    {
      id: 'okta',
      vendor: 'okta',
      apiToken: DEMO.okta.apiToken,
      authServers: [
        {
          id: 'default',
          audience: 'api://default',
          scopes: [
            { name: 'api:read', default: false },
            { name: 'api:write', default: false },
          ],
          claims: {},
          tokenLifetime: 3600,
        },
      ],
      clients: [
        {
          clientId: DEMO.okta.clientId,
          clientSecret: DEMO.okta.clientSecret,
          name: 'dcr-kit demo service',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
      ],
    },
    {
      id: 'curity',
      vendor: 'curity',
      tokenLifetime: 300,
      scopes: ['read', 'write'],
      clients: [
        {
          clientId: DEMO.curity.clientId,
          clientSecret: DEMO.curity.clientSecret,
          name: 'dcr-kit demo client',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_basic',
          scopes: ['read', 'write'],
          tokenFormat: 'jwt',
        },
        {
          // The client "designated for DCR": it may ask for the `dcr` scope (Konnect's initial client).
          clientId: DEMO.curity.dcrClientId,
          clientSecret: DEMO.curity.dcrClientSecret,
          name: 'dcr-kit DCR provider',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_basic',
          scopes: ['dcr'],
          tokenFormat: 'jwt',
        },
      ],
    },
    {
      id: 'azure',
      vendor: 'azure',
      tenantId: DEMO.azure.tenantId,
      domain: 'dcrkit.onmicrosoft.com',
      displayName: 'dcr-kit',
      apis: [
        {
          appId: DEMO.azure.apiAppId,
          identifierUri: 'api://dcr-kit-demo-api',
          displayName: 'dcr-kit Demo API',
          accessTokenVersion: 1,
          appRoles: ['Data.Read', 'Data.Write'],
        },
      ],
      clients: [
        {
          clientId: DEMO.azure.clientId,
          clientSecret: DEMO.azure.clientSecret,
          name: 'dcr-kit demo app',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_post',
          objectId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
          servicePrincipalId: '7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b',
          roles: { [DEMO.azure.apiAppId]: ['Data.Read'] },
        },
        {
          // Konnect's Azure DCR provider app: Microsoft Graph Application.ReadWrite.OwnedBy with admin consent.
          clientId: DEMO.azure.graphClientId,
          clientSecret: DEMO.azure.graphClientSecret,
          name: 'dcr-kit DCR provider (Microsoft Graph)',
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_post',
          objectId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
          servicePrincipalId: '8f9a0b1c-2d3e-4f5a-8b6c-7d8e9f0a1b2c',
          roles: { '00000003-0000-0000-c000-000000000000': ['Application.ReadWrite.OwnedBy'] },
        },
      ],
    },
  ],
  portal: { port: null },
  gateway: {
    port: null,
    sessionResponseHeaders: false,
    session: { idlingTimeout: 900, rollingTimeout: 3600, absoluteTimeout: 86_400 },
  },
  // Kong's reference bridge (Kong/konnect-portal-dcr-handler) wraps Okta; so does the harness's by default.
  dcrBridge: { tenant: 'okta', apiKey: 'dcr_kit_demo_bridge_api_key' },
  faults: [],
  inspector: { trafficBuffer: 1000 },
};

/** The largest `inspector.trafficBuffer` (`--traffic-buffer`): entries hold up to 2 × 16 KiB of bodies each. */
export const MAX_TRAFFIC_BUFFER = 100_000;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates input and merges it over the defaults; throws ConfigError naming the bad field. */
export function resolveConfig(input: unknown = {}, base: Config = defaults): Config {
  const parsedBase = structuredClone(base);
  // Nothing given, nothing to check: the defaults are used as they are (no schema work on the way to a first token).
  if (input === null || (typeof input === 'object' && !Array.isArray(input) && Object.keys(input).length === 0))
    return parsedBase;
  const result = configSchema().safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      const field = formatPath([...issue.path, issue.keys[0] ?? '']);
      throw new ConfigError(`${field}: unknown field`);
    }
    const field = (issue && formatPath(issue.path)) || '(root)';
    throw new ConfigError(`${field}: ${issue?.message ?? 'invalid value'}`);
  }
  const given = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const merged: Config = { ...parsedBase };
  for (const key of ['host', 'port', 'publicUrl', 'dcrBridge', 'portal', 'gateway', 'faults', 'inspector'] as const) {
    if (key in given) (merged as Record<string, unknown>)[key] = result.data[key];
  }
  const overrides = new Map(result.data.tenants.map((t) => [t.id, t]));
  merged.tenants = [
    ...parsedBase.tenants.map((t) => overrides.get(t.id) ?? t),
    ...result.data.tenants.filter((t) => !parsedBase.tenants.some((d) => d.id === t.id)),
  ];
  assertUnique(merged);
  return merged;
}

function assertUnique(config: Config): void {
  const seen = new Set<string>();
  config.tenants.forEach((t, i) => {
    if (seen.has(t.id)) throw new ConfigError(`tenants[${i}].id: duplicate tenant id "${t.id}"`);
    seen.add(t.id);
  });
  if (config.dcrBridge && !seen.has(config.dcrBridge.tenant)) {
    throw new ConfigError(`dcrBridge.tenant: no tenant with id "${config.dcrBridge.tenant}"`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** Reads a `.yaml`, `.yml` or `.json` file; errors name the file. */
export async function loadConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text);
    // Loaded only for YAML files: it is a noticeable part of the start-up import time.
    if (ext === '.yaml' || ext === '.yml') {
      const yaml = await import('yaml');
      // The bundle sees yaml as CommonJS (its API under `default`); tsx/vitest see the ES module.
      return (yaml.parse ?? (yaml as unknown as { default: typeof yaml }).default.parse)(text);
    }
  } catch (error) {
    throw new ConfigError(`${path} is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  throw new ConfigError(`${path}: unsupported extension "${ext}" (use .yaml, .yml or .json)`);
}
