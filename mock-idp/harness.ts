/**
 * The programmatic API: `startHarness(options)` serves every tenant on one origin and resolves once the harness
 * answers. Used by `main.ts` (the CLI), by this repository's tests, and by other projects' test suites.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HarnessManifest, MANIFEST_VERSION } from '../shared/harness/manifest';
import { buildApp, type Service } from './app';
import { DcrBridge } from './bridge';
import { type Config, type ConfigInput, resolveConfig } from './config';
import { HarnessControl } from './control';
import { Clock } from './core/clock';
import { generateSigningKey } from './core/keys';
import type { Tenant } from './tenant';
import { createTenant, kidStyleFor } from './vendors';
import { AzureTenant } from './vendors/azure';
import { GraphService } from './vendors/azure/graph';

export interface HarnessOptions {
  /** Overrides merged over the embedded defaults (same shape as a `--config` file). */
  config?: ConfigInput;
  /** 0 picks a free port. Default: the config's port (4400). */
  port?: number;
  host?: string;
  publicUrl?: string;
}

export interface Harness {
  /** The harness origin, e.g. `http://127.0.0.1:4400`. */
  url: string;
  manifest: HarnessManifest;
  control: HarnessControl;
  config: Config;
  tenants: ReadonlyMap<string, Tenant>;
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

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const config = resolveConfig(options.config ?? {});
  if (options.port !== undefined) config.port = options.port;
  if (options.host !== undefined) config.host = options.host;
  if (options.publicUrl !== undefined) config.publicUrl = options.publicUrl;

  // Keys are generated while the socket opens: RSA-2048 generation is the slowest part of a start.
  const keys = Promise.all(config.tenants.map((t) => generateSigningKey(kidStyleFor(t.vendor))));
  const server = createServer();
  server.keepAliveTimeout = 5_000;
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (error) {
    await keys.catch(() => undefined);
    throw error;
  }
  const url = (config.publicUrl ?? `http://${urlHost(config.host)}:${port}`).replace(/\/+$/, '');
  const clock = new Clock();
  const signingKeys = await keys;
  const tenants = new Map<string, Tenant>();
  config.tenants.forEach((tenantConfig, i) => {
    tenants.set(tenantConfig.id, createTenant(tenantConfig, { clock, origin: url, key: signingKeys[i]! }));
  });
  const bridgeTenant = config.dcrBridge ? tenants.get(config.dcrBridge.tenant) : undefined;
  const bridge = config.dcrBridge && bridgeTenant ? new DcrBridge(bridgeTenant, config.dcrBridge.apiKey, clock) : undefined;
  const manifest = (): HarnessManifest => ({
    harness: 'dcr-kit',
    version: MANIFEST_VERSION,
    url,
    controlUrl: `${url}/_control`,
    tenants: [...tenants.values()].map((t) => t.manifest()),
    // The portal, gateway and HTTP DCR bridge are listed from the start; `live` turns true when served.
    portal: {
      url: `${url}/portal`,
      developer: { username: 'developer@dcr-kit.test', password: 'dcr-kit-developer' },
      live: false,
    },
    gateway: { url: `${url}/gateway`, live: false },
    ...(bridge && { dcrBridge: { endpoint: bridge.url(url), apiKey: bridge.apiKey, tenant: bridge.tenant.id, live: true } }),
  });
  const azureTenants = [...tenants.values()].filter((t): t is AzureTenant => t instanceof AzureTenant);
  const services: Service[] = [...(azureTenants.length > 0 ? [new GraphService(azureTenants)] : []), ...(bridge ? [bridge] : [])];
  const control = new HarnessControl(clock, tenants, bridge);
  const app = buildApp({ tenants: [...tenants.values()], services, control, manifest });
  server.on('request', app.callback());

  let closing: Promise<void> | undefined;
  return {
    url,
    manifest: manifest(),
    control,
    config,
    tenants,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
