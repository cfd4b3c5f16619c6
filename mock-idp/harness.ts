/**
 * The programmatic API: `startHarness(options)` serves every tenant on the harness origin, and the portal and the
 * gateway on origins of their own, and resolves once all three answer. Used by `cli.ts` (the CLI), by this
 * repository's tests, and by other projects' test suites.
 */

import { createHash } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { type HarnessManifest, MANIFEST_VERSION } from '../shared/harness/manifest';
import { buildApp, type Service } from './app';
import { DcrBridge } from './bridge';
import { type Config, ConfigError, type ConfigInput, resolveConfig } from './config';
import { HarnessControl } from './control';
import { Clock } from './core/clock';
import { DataDir, DataDirError, type SavedState, STATE_FORMAT } from './core/data-dir';
import { allowedHostNames, checkHost, isLoopback } from './core/guard';
import { base64url } from './core/ids';
import { generateSigningKey, importSigningKey, KeyRing, type SigningKey } from './core/keys';
import { Changes } from './core/state';
import { FaultRuleError } from './faults';
import { Gateway } from './gateway';
import { ApplicationRegistry, type AuthStrategy, strategyForBridge, strategyForTenant } from './gateway/strategies';
import { Portal } from './portal';
import type { Tenant } from './tenant';
import { createTenant, kidStyleFor } from './vendors';
import { AzureTenant } from './vendors/azure';
import { GraphService } from './vendors/azure/graph';

/** The portal's seeded developer (well known, like every demo credential). */
const DEVELOPER = { username: 'developer@dcr-kit.test', password: 'dcr-kit-developer' };

export interface HarnessOptions {
  /** Overrides merged over the embedded defaults (same shape as a `--config` file). */
  config?: ConfigInput;
  /** 0 picks a free port (for the portal and gateway too). Default: the config's port (4400). */
  port?: number;
  host?: string;
  publicUrl?: string;
  /**
   * Keep clients, secrets, grants, portal applications and keys in this directory across restarts (created when
   * missing). Default: everything in memory.
   */
  dataDir?: string;
  /**
   * Make each tenant's signing key on its first request instead of before resolving (in memory only; the rest
   * follow in the background half a second after the start). The CLI does this: a start then waits for no RSA-2048
   * generation. Default false: the harness resolves with every key made, so a burst of requests right after the
   * start is served at once (requests waiting for a key are all released together when it is made).
   */
  keysOnFirstUse?: boolean;
  /**
   * Required as `Authorization: Bearer <token>` by every `/_control` request (and by `/harness.json` for its secrets
   * on a non-loopback bind). Default: none on loopback; a random one when `host` is not a loopback address.
   */
  controlToken?: string;
  /** Host names to answer besides loopback, the bound address and the public URLs' hosts (others get 421). */
  allowedHosts?: string[];
}

export interface Harness {
  /** The harness origin, e.g. `http://127.0.0.1:4400`. */
  url: string;
  manifest: HarnessManifest;
  control: HarnessControl;
  config: Config;
  tenants: ReadonlyMap<string, Tenant>;
  strategies: ReadonlyMap<string, AuthStrategy>;
  /** Things the user should know about the start (e.g. a tenant whose saved state was set aside). */
  notices: string[];
  /** The token `/_control` requires (see HarnessOptions.controlToken); undefined when it requires none. */
  controlToken: string | undefined;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const starting: RequestListener = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end('{"status":"starting"}');
};

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const config = resolveConfig(options.config ?? {});
  if (options.port !== undefined) config.port = options.port;
  if (options.host !== undefined) config.host = options.host;
  if (options.publicUrl !== undefined) config.publicUrl = options.publicUrl;

  const changes = new Changes();
  const data = options.dataDir === undefined ? undefined : await DataDir.open(options.dataDir, changes);
  const servers = [createServer(), createServer(), createServer()] as const;
  try {
    return await serve(config, servers, changes, data, {
      keysOnFirstUse: options.keysOnFirstUse === true && !data,
      exposure: exposure(config, options),
    });
  } catch (error) {
    await Promise.all(servers.map(close));
    await data?.close();
    if (error instanceof FaultRuleError) throw new ConfigError(`faults: ${error.message}`);
    const systemError = (error as NodeJS.ErrnoException).code !== undefined;
    if (error instanceof PortInUseError || error instanceof ConfigError || error instanceof DataDirError || systemError || !data)
      throw error;
    // Anything else thrown while restoring is a state file this version cannot use.
    throw new DataDirError(
      `${data.path}/state.json: cannot restore it (${(error as Error).message}); move it away to start afresh`,
    );
  }
}

/** Who can reach the harness and what guards it: its host names, the control token, a warning for a public bind. */
interface Exposure {
  hostNames: ReadonlySet<string>;
  controlToken: string | undefined;
  /** Bound to an address other machines can reach: admin secrets need the token, and the user is warned. */
  public: boolean;
}

function exposure(config: Config, options: HarnessOptions): Exposure {
  const isPublic = !isLoopback(config.host);
  const publicUrls = [config.publicUrl, config.portal.publicUrl, config.gateway.publicUrl].filter((u) => u !== undefined);
  return {
    hostNames: allowedHostNames({ host: config.host, publicUrls, allowed: options.allowedHosts ?? [] }),
    controlToken: options.controlToken ?? (isPublic ? base64url(24) : undefined),
    public: isPublic,
  };
}

async function serve(
  config: Config,
  servers: readonly [Server, Server, Server],
  changes: Changes,
  data: DataDir | undefined,
  { keysOnFirstUse, exposure }: { keysOnFirstUse: boolean; exposure: Exposure },
): Promise<Harness> {
  const sidePort = (explicit: number | null, offset: number) => explicit ?? (config.port === 0 ? 0 : config.port + offset);
  let saved = data?.saved;
  const notices: string[] = [];
  const configHash = (tenant: Config['tenants'][number]) =>
    createHash('sha256').update(JSON.stringify(tenant)).digest('base64url');
  // RSA-2048 generation is the slowest part of a start. With keysOnFirstUse (the CLI), each tenant's key is made on
  // its first request (or in the background, one at a time, once serving): the first token waits for one key, not
  // four. Otherwise every key is made (in parallel) while the sockets open. A data directory's keys are imported
  // (milliseconds), and a new one's are made before serving so its first save holds them; tokens issued before a
  // restart then still verify.
  const keyFor = async (tenant: Config['tenants'][number]): Promise<SigningKey> => {
    const kept = saved?.tenants[tenant.id];
    if (kept && kept.vendor === tenant.vendor) return importSigningKey(kept.keys.current, kidStyleFor(tenant.vendor));
    return generateSigningKey(kidStyleFor(tenant.vendor));
  };
  const keys = keysOnFirstUse ? undefined : Promise.all(config.tenants.map(keyFor));
  // A failure below must not leave an unobserved rejection behind: the caller closes everything and rethrows.
  keys?.catch(() => undefined);
  // Until the apps are built (keys take a moment), every request is answered 503 with Retry-After, so a readiness
  // probe that connects early gets an answer instead of a hanging socket.
  const handlers: RequestListener[] = servers.map(() => starting);
  servers.forEach((server, i) => {
    server.keepAliveTimeout = 5_000;
    // A Host that is not one of the harness's names (DNS rebinding) never reaches an app: 421 (core/guard.ts).
    server.on(
      'request',
      checkHost(exposure.hostNames, (req, res) => handlers[i]?.(req, res)),
    );
  });
  const [main, portalServer, gatewayServer] = servers;
  const ports = [
    await listen(main, config.port, config.host),
    await listen(portalServer, sidePort(config.portal.port, 1), config.host),
    await listen(gatewayServer, sidePort(config.gateway.port, 2), config.host),
  ];
  const origin = (publicUrl: string | undefined, port: number | undefined) =>
    (publicUrl ?? `http://${urlHost(config.host)}:${port}`).replace(/\/+$/, '');
  const url = origin(config.publicUrl, ports[0]);
  const portalUrl = origin(config.portal.publicUrl, ports[1]);
  const gatewayUrl = origin(config.gateway.publicUrl, ports[2]);
  const origins = { harness: url, portal: portalUrl, gateway: gatewayUrl };
  // Stored clients, grants and portal applications hold absolute URLs (Auth0's Management API audience, Curity's
  // registration_client_uri, the portal's provider links): a restart on other ports moves them to the new origins.
  const moved = saved?.origins !== undefined && JSON.stringify(saved.origins) !== JSON.stringify(origins);
  if (saved?.origins && moved) saved = rebaseOrigins(saved, saved.origins, origins);

  const clock = new Clock();
  const signingKeys = await keys;
  const tenants = new Map<string, Tenant>();
  const rings = new Map<string, KeyRing>();
  const restored = new Set<string>();
  const setAside: string[] = [];
  config.tenants.forEach((tenantConfig, i) => {
    const ring = new KeyRing(
      signingKeys?.[i] ?? (() => keyFor(tenantConfig)),
      () => clock.now(),
      () => changes.touch(),
    );
    const kept = saved?.tenants[tenantConfig.id];
    if (kept && kept.vendor === tenantConfig.vendor) {
      const style = kidStyleFor(tenantConfig.vendor);
      ring.restoreRetired(kept.keys.retired.map((r) => ({ key: importSigningKey(r.pem, style), until: r.until })));
    }
    rings.set(tenantConfig.id, ring);
    const tenant = createTenant(tenantConfig, { clock, origin: url, keys: ring, changes });
    if (kept && kept.vendor === tenantConfig.vendor && kept.configHash === configHash(tenantConfig)) {
      tenant.restore(kept.state);
      restored.add(tenantConfig.id);
    } else if (kept) setAside.push(`tenant "${tenantConfig.id}": its configuration changed; it starts from the configured seed`);
    tenants.set(tenantConfig.id, tenant);
  });
  for (const id of Object.keys(saved?.tenants ?? {}))
    if (!tenants.has(id)) setAside.push(`tenant "${id}" is no longer in the configuration`);
  const bridgeTenant = config.dcrBridge ? tenants.get(config.dcrBridge.tenant) : undefined;
  const bridge = config.dcrBridge && bridgeTenant ? new DcrBridge(bridgeTenant, config.dcrBridge.apiKey, clock) : undefined;

  // One auth strategy (and one echo API on the gateway) per tenant, plus the bridge's.
  const strategies = new Map<string, AuthStrategy>();
  for (const tenant of tenants.values()) strategies.set(tenant.id, strategyForTenant(tenant.manifest()));
  const backing = bridge ? strategies.get(bridge.tenant.id) : undefined;
  if (backing) strategies.set('dcr-bridge', strategyForBridge(backing));
  const applications = new ApplicationRegistry();
  const seedApplications = () => {
    applications.clear();
    // Each tenant's demo client is registered for its own API, so the gateway works with it at once.
    for (const tenant of tenants.values()) applications.add(tenant.id, tenant.manifest().demoClient.clientId);
  };
  seedApplications();
  const gateway = new Gateway({
    strategies,
    applications,
    clock,
    timeouts: {
      idling: config.gateway.session.idlingTimeout,
      rolling: config.gateway.session.rollingTimeout,
      absolute: config.gateway.session.absoluteTimeout,
    },
    sessionResponseHeaders: config.gateway.sessionResponseHeaders,
    corsOrigins: () => [portalUrl],
  });

  const manifest = (): HarnessManifest => ({
    harness: 'dcr-kit',
    version: MANIFEST_VERSION,
    url,
    controlUrl: `${url}/_control`,
    tenants: [...tenants.values()].map((t) => t.manifest()),
    portal: { url: portalUrl, developer: DEVELOPER, live: true },
    gateway: {
      url: gatewayUrl,
      live: true,
      apis: [...strategies.values()].map((s) => ({
        id: s.id,
        url: `${gatewayUrl}/${s.id}`,
        tenant: s.tenantId,
        vendor: s.vendor,
        authStrategy: s.name,
        credentialClaim: s.credentialClaim,
        authMethods: s.authMethods,
      })),
    },
    ...(bridge && { dcrBridge: { endpoint: bridge.url(url), apiKey: bridge.apiKey, tenant: bridge.tenant.id, live: true } }),
  });
  const azureTenants = [...tenants.values()].filter((t): t is AzureTenant => t instanceof AzureTenant);
  const services: Service[] = [...(azureTenants.length > 0 ? [new GraphService(azureTenants)] : []), ...(bridge ? [bridge] : [])];
  const portal = new Portal({ url: portalUrl, clock, strategies, applications, manifest, developer: DEVELOPER, changes });
  // Applications whose IdP tenant was not restored point at clients that no longer exist: they are left out.
  if (saved?.portal) {
    const dropped = portal.restore(saved.portal, (app) => restored.has(strategies.get(app.strategyId)?.tenantId ?? ''));
    if (dropped > 0) setAside.push(`${dropped} portal application(s) of those tenants`);
  }
  const control = new HarnessControl(
    clock,
    tenants,
    bridge,
    () => {
      gateway.reset();
      portal.reset();
      seedApplications();
    },
    config.faults,
  );
  if (exposure.public)
    notices.push(
      `WARNING: bound to ${config.host}, an address other machines can reach: every tenant's token and registration API, Microsoft Graph, the DCR bridge, the portal and the gateway answer them. /_control requires the control token (Authorization: Bearer <token>), and /harness.json leaves its secrets out without it. Host names answered: ${[...exposure.hostNames].join(', ')}.`,
    );
  const controlAccess = {
    origins: [url],
    ...(exposure.controlToken !== undefined && { token: exposure.controlToken }),
  };
  const apps: Koa[] = [
    buildApp({
      tenants: [...tenants.values()],
      services,
      control,
      manifest,
      controlAccess,
      manifestSecretsNeedToken: exposure.public,
    }),
    portal.app(),
    gateway.app(),
  ];
  if (data) {
    data.track(
      (): SavedState => ({
        format: STATE_FORMAT,
        savedAt: new Date().toISOString(),
        tenants: Object.fromEntries(
          config.tenants.map((t) => [
            t.id,
            {
              vendor: t.vendor,
              configHash: configHash(t),
              keys: rings.get(t.id)!.snapshot(),
              state: tenants.get(t.id)!.snapshot(),
            },
          ]),
        ),
        portal: portal.snapshot(),
        origins,
      }),
    );
    if (setAside.length > 0) {
      // The first save below replaces what could not be used: keep a copy, and say where it is.
      const copy = data.setAside();
      notices.push(`${data.path}: ${setAside.join('; ')}${copy ? ` — the previous state is kept in ${copy}` : ''}`);
    }
    changes.onTouch = () => data.schedule();
    changes.saver = () => data.flush();
    // A directory whose state was restored as it is needs no write before serving (the restart path, kept short);
    // anything new (a first start, a new tenant, state set aside, a move to other ports) is saved at once.
    const asSaved = saved !== undefined && !moved && setAside.length === 0 && config.tenants.every((t) => restored.has(t.id));
    if (asSaved) data.markSaved();
    else {
      changes.touch();
      await data.flush();
    }
    for (const app of apps) saveBeforeAnswering(app, data.path, changes);
  }
  apps.forEach((app, i) => {
    handlers[i] = app.callback();
  });
  // With keysOnFirstUse, the keys nobody asked for yet are made in the background, one at a time, from half a second
  // after serving begins: a first request (a readiness probe's token, say) does not share the CPU with them. A request
  // for a tenant whose key is not made yet starts it at once. A failure surfaces on that tenant's next request.
  let closed = false;
  const background = !keysOnFirstUse
    ? undefined
    : setTimeout(() => {
        void (async () => {
          // One failure does not stop the others (that tenant's next request tries again).
          for (const ring of rings.values()) if (!closed) await ring.ready().catch(() => undefined);
        })();
      }, 500).unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    manifest: manifest(),
    control,
    config,
    tenants,
    strategies,
    notices,
    controlToken: exposure.controlToken,
    close() {
      closed = true;
      clearTimeout(background);
      closing ??= Promise.all(servers.map(close)).then(() => data?.close());
      return closing;
    },
  };
}

/** Replaces each saved origin with the current one where it starts a URL in the saved state. */
function rebaseOrigins(saved: SavedState, from: SavedState['origins'] & object, to: SavedState['origins'] & object): SavedState {
  let text = JSON.stringify(saved);
  for (const key of ['harness', 'portal', 'gateway'] as const) {
    if (from[key] === to[key]) continue;
    const escaped = JSON.stringify(from[key])
      .slice(1, -1)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Only where the origin ends (a path, a quote or a query follows), so :4400 never matches inside :44001.
    text = text.replace(new RegExp(`${escaped}(?=[/"?#])`, 'g'), JSON.stringify(to[key]).slice(1, -1));
  }
  return JSON.parse(text) as SavedState;
}

/**
 * Runs first on every request: when the request changed stored state, the response waits until the data
 * directory holds that change (a client is acknowledged only once a restart would still know it).
 */
function saveBeforeAnswering(app: Koa, path: string, changes: Changes): void {
  app.middleware.unshift(async function saveState(ctx, next) {
    const before = changes.version;
    await next();
    if (changes.version === before) return;
    try {
      await changes.saved();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      process.stderr.write(`mock-idp: could not save state to ${path}: ${reason}\n`);
      ctx.status = 500;
      ctx.set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      ctx.body = JSON.stringify({ error: 'server_error', error_description: `the harness could not save its state (${reason})` });
    }
  });
}
