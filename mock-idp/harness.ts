/**
 * The programmatic API: `startHarness(options)` serves every tenant on the harness origin, and the portal and the
 * gateway on origins of their own, and resolves once all three answer. Used by `cli.ts` (the CLI), by this
 * repository's tests, and by other projects' test suites. The start runs in named phases, one file each in start/.
 */
import type Koa from 'koa';
import type { HarnessManifest } from '../shared/harness/manifest';
import { buildApp, buildTenantApp } from './app';
import { type Config, ConfigError, type ConfigInput, MAX_TRAFFIC_BUFFER, resolveConfig } from './config';
import { HarnessControl } from './control';
import { Clock } from './core/clock';
import { DataDir, DataDirError } from './core/data-dir';
import { harnessFetch } from './core/fetch';
import { routeListing } from './core/routes';
import { Changes } from './core/state';
import { MemoryStore, type Store } from './core/store';
import { defaultCaDir, type LocalCa, localCa, serverCredentials } from './core/tls';
import { FaultRuleError } from './faults';
import type { AuthStrategy } from './gateway/strategies';
import { type Exposure, exposure, publicBindWarning } from './start/exposure';
import { configNotices, gateApp, gatewayRefusal, harnessRefusal, portalRefusal, storeStep } from './start/fleet';
import { clientOrigins, recordTrafficOn, trafficFeed } from './start/inspector';
import { makeKonnectSide } from './start/konnect';
import { persist, restorePortal, savedAt } from './start/persist';
import { PortInUseError, Servers } from './start/servers';
import { makeRemainingKeys, makeTenants, prepareKeys } from './start/tenants';
import type { Tenant } from './tenant';

export { PortInUseError };

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
  /**
   * Serve every origin over HTTPS with a certificate signed by a local CA (core/tls.ts), for SDKs that refuse
   * `http://`. Their process trusts it with `NODE_EXTRA_CA_CERTS=<manifest.tls.caFile>`. Default false.
   */
  tls?: boolean;
  /** Where the local CA is kept (made there once): default `dataDir`, else `$DCR_KIT_CA_DIR`, else a per-user directory. */
  caDir?: string;
  /**
   * Serve each tenant on an origin of its own (`https://127.0.0.1:<port>/`, the ports after the gateway's, or free
   * ones with port 0), as SDKs that take a bare domain expect (Auth0). Default false: every tenant under the
   * harness origin at `/<id>`.
   */
  tenantPorts?: boolean;
  /**
   * Requests the QA inspector's live traffic keeps (a ring buffer in the store); 0 turns recording off. Default: the
   * config's `inspector.trafficBuffer` (1000).
   */
  trafficBuffer?: number;
  /**
   * Where the state lives: `memory` (the default, this process only) or `redis://HOST:PORT[/DB]` (issue 15): every
   * client, secret, key, session, fault rule, the clock and the recordings in Redis, shared by every harness process
   * started with the same URL (and the same configuration). Not with `dataDir`.
   */
  store?: string;
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
  /** Every `METHOD path` each origin answers, in matching order (the URL surface in one place). */
  routes(): { harness: string[]; portal: string[]; gateway: string[] };
  /** The token `/_control` requires (see HarnessOptions.controlToken); undefined when it requires none. */
  controlToken: string | undefined;
  /** With `tls`: the local CA's PEM file, for `NODE_EXTRA_CA_CERTS` (also `manifest.tls.caFile`). */
  caFile: string | undefined;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const config = resolveConfig(options.config ?? {});
  if (options.port !== undefined) config.port = options.port;
  if (options.host !== undefined) config.host = options.host;
  if (options.publicUrl !== undefined) config.publicUrl = options.publicUrl;
  if (options.trafficBuffer !== undefined) config.inspector = { trafficBuffer: checkTrafficBuffer(options.trafficBuffer) };

  const changes = new Changes();
  const shared = options.store !== undefined && options.store !== 'memory';
  if (shared && !/^rediss?:\/\/[^/]/.test(options.store as string))
    throw new ConfigError(`store: "${options.store}" is neither "memory" nor a redis://HOST:PORT[/DB] URL`);
  if (shared && options.dataDir !== undefined)
    throw new ConfigError('a data directory and a shared store are alternatives: Redis keeps the state (drop --data)');
  const data = options.dataDir === undefined ? undefined : await DataDir.open(options.dataDir, changes);
  let servers: Servers | undefined;
  let store: Store | undefined;
  try {
    // ioredis is loaded only for a shared store (it adds nothing to an in-memory start).
    store = shared
      ? await (await import('./core/redis-store')).RedisStore.connect(options.store as string, changes)
      : new MemoryStore(changes);
    // Inside the try: a bad public URL throws here, and the data directory must still be released.
    const reach = exposure(config, options);
    const ca = options.tls ? await localCa(options.caDir ?? options.dataDir ?? defaultCaDir()) : undefined;
    const tenantIds = config.tenants.map((t) => t.id);
    servers = new Servers(reach.hostNames, {
      tls: ca && (await serverCredentials(ca, reach.hostNames)),
      tenantIds,
      ownOrigins: options.tenantPorts ? tenantIds : [],
    });
    return await serve({
      config,
      servers,
      store,
      data,
      reach,
      ca,
      keysOnFirstUse: options.keysOnFirstUse === true && !data,
    });
  } catch (error) {
    await servers?.close();
    await data?.close();
    await store?.close();
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

/** 0-100000 whole entries, as the config schema allows; the error names the value. */
function checkTrafficBuffer(value: number): number {
  if (Number.isInteger(value) && value >= 0 && value <= MAX_TRAFFIC_BUFFER) return value;
  throw new ConfigError(
    `trafficBuffer: ${JSON.stringify(value)} is not a whole number of requests from 0 (off) to ${MAX_TRAFFIC_BUFFER}`,
  );
}

async function serve(start: {
  config: Config;
  servers: Servers;
  store: Store;
  data: DataDir | undefined;
  reach: Exposure;
  ca: LocalCa | undefined;
  keysOnFirstUse: boolean;
}): Promise<Harness> {
  const { config, servers, store, data, reach, ca, keysOnFirstUse } = start;
  const changes = store.changes;
  // All mutable state goes through one store (core/store.ts); `--data` snapshots it, or Redis holds it.
  // Keys are made while the sockets open (or later, on first use).
  const keys = prepareKeys(config, data?.saved, keysOnFirstUse);
  const origins = await servers.listen(config);
  const { saved, moved } = savedAt(data, origins);
  const clock = new Clock(Date.now, store.map('clock', { durable: false }));
  const idps = await makeTenants({ config, keys, clock, store, origins, saved });
  const konnect = makeKonnectSide({
    config,
    tenants: idps.tenants,
    origins,
    clock,
    store,
    fetch: harnessFetch(ca?.certPem),
    caFile: ca?.certFile,
  });
  restorePortal(konnect.portal, saved, konnect, idps);
  const control = new HarnessControl(clock, idps.tenants, konnect.bridge, () => konnect.reset(), config.faults, store);
  control.clientOrigins = clientOrigins(config, store, konnect.bridge);
  const traffic = trafficFeed(store, config.inspector.trafficBuffer);
  const notices = reach.public ? [publicBindWarning(config.host, reach)] : [];
  const ownOrigin = (t: Tenant) => origins.tenants[t.id] !== `${origins.harness}/${t.id}`;
  const step = store.shared ? storeStep(store) : undefined;
  const apps: Koa[] = [
    buildApp({
      tenants: [...idps.tenants.values()].filter((t) => !ownOrigin(t)),
      services: konnect.services,
      control,
      manifest: konnect.manifest,
      controlAccess: { origins: [origins.harness], ...(reach.controlToken !== undefined && { token: reach.controlToken }) },
      manifestSecretsNeedToken: reach.secretsNeedToken,
      traffic,
      ...(step && { storeStep: step }),
    }),
    konnect.portal.app(),
    konnect.gateway.app(),
    ...[...idps.tenants.values()].filter(ownOrigin).map((t) => buildTenantApp(t, control, step)),
  ];
  // A shared store seeds what no process seeded yet, loads the rest, and from now on gates every request.
  await store.ready();
  if (store.shared) {
    const prefixes = [
      ...[...idps.tenants.values()].filter((t) => !ownOrigin(t)).map((t) => `/${t.id}`),
      ...konnect.services.map((s) => s.prefix),
    ];
    const routed = (path: string) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));
    const refusals = [harnessRefusal, portalRefusal, gatewayRefusal];
    // Own-origin tenant apps (after the gateway) hold nothing but the tenant's routes.
    for (const [i, app] of apps.entries()) gateApp(app, store, refusals[i] ?? harnessRefusal, i === 0 ? routed : () => i > 2);
  }
  if (data) notices.push(...(await persist({ data, config, set: idps, portal: konnect.portal, origins, changes, moved, apps })));
  if (traffic) {
    const tenantApps = apps
      .slice(3)
      .map((app, i) => [[...idps.tenants.values()].filter(ownOrigin)[i] as Tenant, app] as [Tenant, Koa]);
    recordTrafficOn(
      { harness: apps[0] as Koa, portal: apps[1] as Koa, gateway: apps[2] as Koa, tenants: tenantApps },
      { feed: traffic, clock, tenants: idps.tenants, strategies: konnect.strategies, bridge: konnect.bridge },
    );
  }
  await servers.serve(apps);
  // Recorded once this process serves: a worker that could not listen leaves no record for the fleet to be judged by.
  // (A Redis lost just now costs the notice, not the start.)
  if (store.shared) notices.push(...(await configNotices(store, config, origins).catch(() => [])));
  const stopKeys = keysOnFirstUse ? makeRemainingKeys(idps.rings) : () => {};

  let closing: Promise<void> | undefined;
  return {
    url: origins.harness,
    manifest: konnect.manifest(),
    control,
    config,
    tenants: idps.tenants,
    strategies: konnect.strategies,
    notices,
    controlToken: reach.controlToken,
    caFile: ca?.certFile,
    routes: () => ({
      harness: routeListing(apps[0] as Koa),
      portal: routeListing(apps[1] as Koa),
      gateway: konnect.gateway.routeListing(),
    }),
    close() {
      stopKeys();
      closing ??= servers
        .close()
        .then(() => data?.close())
        .then(() => store.close());
      return closing;
    },
  };
}
