/**
 * Start-up phase "open the servers": the harness, portal and gateway listeners (and, with `--tenant-ports`, one per
 * tenant), over HTTP or, with `--tls`, HTTPS; each answers 503 until its app is ready and 421 to a Host that is not
 * one of the harness's names. Returns the origins they are reached at.
 */
import cluster from 'node:cluster';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Config } from '../config';
import { checkHost } from '../core/guard';
import type { ServerCredentials } from '../core/tls';

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
  }
}

/** The origins, as advertised (a public URL when configured). */
export interface Origins {
  harness: string;
  portal: string;
  gateway: string;
  /** Each tenant's base URL: `<harness>/<id>`, or the origin of its own with `--tenant-ports`. */
  tenants: Record<string, string>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

const LISTEN_BACKLOG = 4096;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    server.once('error', onError);
    // A CI fleet opens many connections at once: Node's default backlog (511) drops the ones beyond it while the
    // event loop is busy signing (the 1,000-request load test saw ECONNRESET); the kernel caps this at somaxconn.
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const starting: RequestListener = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end('{"status":"starting"}');
};

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

export interface ServerOptions {
  /** Serve HTTPS with this certificate (`--tls`). */
  tls?: ServerCredentials | undefined;
  /** Tenants served on origins of their own (`--tenant-ports`), in config order; the others live under the harness. */
  ownOrigins: readonly string[];
  /** Every tenant id, in config order. */
  tenantIds: readonly string[];
}

/**
 * The harness, portal, gateway (and own-origin tenant) servers, created before anything can fail so a failed start
 * closes them all.
 */
export class Servers {
  readonly #servers: Server[];
  /** Until the apps are built, every request is answered 503 with Retry-After (a readiness probe gets an answer). */
  readonly #handlers: RequestListener[];
  readonly #options: ServerOptions;

  constructor(hostNames: ReadonlySet<string>, options: ServerOptions) {
    this.#options = options;
    const make = (): Server => (options.tls ? createHttpsServer({ ...options.tls }) : createHttpServer());
    this.#servers = [make(), make(), make(), ...options.ownOrigins.map(make)];
    this.#handlers = this.#servers.map(() => starting);
    this.#servers.forEach((server, i) => {
      server.keepAliveTimeout = 5_000;
      // A Host that is not one of the harness's names (DNS rebinding) never reaches an app: 421 (core/guard.ts).
      server.on(
        'request',
        checkHost(hostNames, (req, res) => this.#handlers[i]?.(req, res)),
      );
    });
  }

  /** Set when listening waits for `serve()`: the ports and host to listen on then. */
  #deferred: { ports: number[]; host: string } | undefined;

  /**
   * Listens on the configured ports: the portal and gateway on the next two, own-origin tenants on the ones after
   * (port + 3, + 4, … in config order), or free ones with port 0.
   *
   * A cluster worker (`--workers N`) listens only once it serves: node:cluster hands a connection to any worker that
   * listens (https://nodejs.org/api/cluster.html#how-it-works), and one still starting would answer it 503 while its
   * peers could serve it (a rolling restart's replacement, say). Its ports are known beforehand (port 0 is refused).
   */
  async listen(config: Config): Promise<Origins> {
    const sidePort = (explicit: number | null, offset: number) => explicit ?? (config.port === 0 ? 0 : config.port + offset);
    const wanted = [
      config.port,
      sidePort(config.portal.port, 1),
      sidePort(config.gateway.port, 2),
      ...this.#options.ownOrigins.map((_, i) => sidePort(null, 3 + i)),
    ];
    const ports: number[] = [];
    if (cluster.isWorker && wanted.every((port) => port !== 0)) {
      this.#deferred = { ports: wanted, host: config.host };
      ports.push(...wanted);
    } else for (const [i, server] of this.#servers.entries()) ports.push(await listen(server, wanted[i] ?? 0, config.host));
    const scheme = this.#options.tls ? 'https' : 'http';
    const origin = (publicUrl: string | undefined, port: number | undefined) =>
      (publicUrl ?? `${scheme}://${urlHost(config.host)}:${port}`).replace(/\/+$/, '');
    const harness = origin(config.publicUrl, ports[0]);
    const own = new Map(this.#options.ownOrigins.map((id, i) => [id, origin(undefined, ports[3 + i])]));
    return {
      harness,
      portal: origin(config.portal.publicUrl, ports[1]),
      gateway: origin(config.gateway.publicUrl, ports[2]),
      tenants: Object.fromEntries(this.#options.tenantIds.map((id) => [id, own.get(id) ?? `${harness}/${id}`])),
    };
  }

  /** From now on each server answers with its app (harness, portal, gateway, then own-origin tenants in order). */
  async serve(apps: readonly Koa[]): Promise<void> {
    apps.forEach((app, i) => {
      this.#handlers[i] = app.callback();
    });
    const deferred = this.#deferred;
    this.#deferred = undefined;
    if (deferred) for (const [i, server] of this.#servers.entries()) await listen(server, deferred.ports[i] ?? 0, deferred.host);
  }

  close(): Promise<void> {
    return Promise.all(this.#servers.map(closeServer)).then(() => undefined);
  }
}
