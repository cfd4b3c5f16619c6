/**
 * Harness processes on one Redis (issue 15), as a team runs them: the CLI (`dist/mock-idp/main.js`, built by the
 * global setup) with `--store redis://…`, every process advertising the same public URL (the load balancer's; here
 * process A's own origin), each reachable on its own port so a test can pick which process answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import type { HarnessManifest } from '../../shared/harness/manifest';
import { registrationProvider } from '../../shared/registration/providers';
import { registrationTargetForBridge, registrationTargetForTenant } from '../../shared/registration/targets';
import type { RegisteredClient, RegistrationProvider } from '../../shared/registration/types';
import { MAIN } from '../helpers/cli';
import { AZURE, BRIDGE, CURITY, OKTA } from '../helpers/demo';
import { basic, postForm, postJson, type WireResponse } from '../helpers/http';
import { quietPortTrio } from '../helpers/ports';
import { startRedis, type TestRedis } from '../helpers/redis';

export interface FleetProcess {
  child: ChildProcess;
  /** This process's own origins (not the advertised ones). */
  url: string;
  portal: string;
  gateway: string;
  port: number;
  stop(): Promise<void>;
}

const running: ChildProcess[] = [];

/** Counts a process the file spawned itself among those `killAll` (and `useFleet`'s afterAll) kill. */
export function track<T extends ChildProcess>(child: T): T {
  running.push(child);
  return child;
}

/** Kills every process the file started (call in afterAll/afterEach). */
export function killAll(): void {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function startProcess(
  redisUrl: string,
  options: { publicUrl?: string; port?: number; extra?: string[] } = {},
): Promise<FleetProcess> {
  const port = options.port ?? (await quietPortTrio());
  const args = [MAIN, '--port', String(port), '--quiet', '--store', redisUrl, ...(options.extra ?? [])];
  if (options.publicUrl) args.push('--public-url', options.publicUrl);
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (/^http:\/\/\S+$/m.test(out)) resolve();
    });
    child.stderr?.on('data', (d) => (out += d));
    child.once('exit', (code, signal) => reject(new Error(`harness exited ${code ?? signal}: ${out}`)));
  });
  const origin = (p: number) => `http://127.0.0.1:${p}`;
  return {
    child,
    port,
    url: origin(port),
    portal: origin(port + 1),
    gateway: origin(port + 2),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Process A (its origin is the fleet's public URL) and process B, on one Redis. */
export async function startPair(redisUrl: string): Promise<{ a: FleetProcess; b: FleetProcess }> {
  const port = await quietPortTrio();
  const publicUrl = `http://127.0.0.1:${port}`;
  const a = await startProcess(redisUrl, { port, publicUrl });
  const b = await startProcess(redisUrl, { publicUrl });
  return { a, b };
}

/** A fetch that sends what names `from` (A's origin, the public URL) to `to` instead: "this request lands on B". */
export function via(from: string, to: string): typeof fetch {
  return (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    return fetch(url.startsWith(from) ? to + url.slice(from.length) : url, init);
  };
}

/**
 * A test file's fleet, filled in by its beforeAll: a throwaway Redis (helpers/redis.ts) and, unless asked for none,
 * processes A and B on it (`startPair`). Read the fields inside tests and hooks, not at the top level.
 */
export interface Fleet {
  redis: TestRedis;
  a: FleetProcess;
  b: FleetProcess;
}

/**
 * The setup every fleet test file shares, written once: before its tests a Redis on a free port (no persistence) and
 * the pair on it; after them every process the file started killed (`killAll`) and Redis stopped. With
 * `{ processes: false }` only Redis is started (for files that start their own processes or stores).
 */
export function useFleet(options: { processes?: boolean } = {}): Fleet {
  const fleet = {} as Fleet;
  beforeAll(async () => {
    fleet.redis = await startRedis();
    if (options.processes !== false) Object.assign(fleet, await startPair(fleet.redis.url));
  }, 30_000);
  afterAll(async () => {
    killAll();
    await fleet.redis?.close();
  });
  return fleet;
}

export type Registrar = 'auth0' | 'okta' | 'curity' | 'azure' | 'dcr-bridge';

/** Each vendor's registration API (and the bridge) with the initial credentials the manifest lists. */
export function provider(manifest: HarnessManifest, registrar: Registrar, fetcher: typeof fetch): RegistrationProvider {
  if (registrar === 'dcr-bridge') {
    const target = registrationTargetForBridge(manifest);
    if (!target) throw new Error('the manifest has no DCR bridge');
    return registrationProvider(target, fetcher);
  }
  const tenant = manifest.tenants.find((t) => t.id === registrar);
  if (!tenant) throw new Error(`no tenant ${registrar}`);
  return registrationProvider(registrationTargetForTenant(tenant), fetcher);
}

export async function manifestOf(process: FleetProcess): Promise<HarnessManifest> {
  return (await (await fetch(`${process.url}/harness.json`)).json()) as HarnessManifest;
}

/** Okta's clients API, a service app (vendors.md §3.3 "Create"), with the demo SSWS token. 201 on success. */
export function registerAtOkta(url: string, name: string): Promise<WireResponse> {
  return postJson(
    `${url}/okta/oauth2/v1/clients`,
    {
      client_name: name,
      application_type: 'service',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      redirect_uris: [],
    },
    { authorization: `SSWS ${OKTA.apiToken}`, accept: 'application/json' },
  );
}

/** Konnect's create call on the HTTP DCR bridge (vendors.md §5.3: every field required), with the demo API key. 201 on success. */
export function registerAtBridge(url: string, name: string, description: string): Promise<WireResponse> {
  return postJson(
    `${url}/dcr-bridge/`,
    {
      redirect_uris: [],
      client_name: name,
      grant_types: ['client_credentials'],
      scopes: [],
      token_endpoint_auth_method: 'client_secret_post',
      application_description: description,
      portal_id: '0f1e2d3c-4b5a-4968-8776-655443322110',
      organization_id: '1f1e2d3c-4b5a-4968-8776-655443322110',
      developer_id: '2f1e2d3c-4b5a-4968-8776-655443322110',
      auth_strategy_id: '3f1e2d3c-4b5a-4968-8776-655443322110',
      dcr_provider_id: '4f1e2d3c-4b5a-4968-8776-655443322110',
    },
    { 'x-api-key': BRIDGE.apiKey },
  );
}

/** The registration APIs' initial credentials, as harness.json lists them (Konnect's dcr_config, vendors.md §5.1). */
export const AUTH0_MANAGEMENT = {
  clientId: 'Mg7kT2vRq9LxW4sB8nZc1Hd5Jf3Gy6Pa',
  clientSecret: 'demo-auth0-management-secret-Vn4Lq8Wz2Rt6Yk0Pm3Xc7Bd5Sf9Gh1',
};
export const GRAPH_PROVIDER = {
  clientId: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
  clientSecret: 'Gx7Q~demo.graph.provider.Lm2Np4Qr6St8Uv0W',
};

/**
 * A Management API token (vendors.md §1.4: client_credentials with `audience` = the tenant's `/api/v2/`). The audience
 * names the fleet's public URL (`issuerOrigin`), whichever process `url` is.
 */
export function auth0ManagementToken(url: string, issuerOrigin: string): Promise<WireResponse> {
  return postJson(`${url}/auth0/oauth/token`, {
    grant_type: 'client_credentials',
    client_id: AUTH0_MANAGEMENT.clientId,
    client_secret: AUTH0_MANAGEMENT.clientSecret,
    audience: `${issuerOrigin}/auth0/api/v2/`,
  });
}

/** A Microsoft Graph token at Entra's v2 endpoint (vendors.md §4.3: `scope=https://graph.microsoft.com/.default`). */
export function graphToken(url: string): Promise<WireResponse> {
  return postForm(`${url}/azure/${AZURE.tenantId}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: GRAPH_PROVIDER.clientId,
    client_secret: GRAPH_PROVIDER.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
}

/** Curity's initial access token (vendors.md §2.3: client_credentials with `scope=dcr`, single-use). */
export function curityInitialToken(url: string): Promise<WireResponse> {
  return postForm(
    `${url}/curity/oauth/v2/oauth-token`,
    { grant_type: 'client_credentials', scope: 'dcr' },
    basic(CURITY.dcrClientId, CURITY.dcrClientSecret),
  );
}

export type { RegisteredClient };
