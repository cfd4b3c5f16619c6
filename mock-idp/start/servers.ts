/**
 * Start-up phase "open the servers": the harness, portal and gateway listeners, each answering 503 until its app is
 * ready and 421 to a Host that is not one of the harness's names; the origins they are reached at.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Config } from '../config';
import { checkHost } from '../core/guard';

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use`);
  }
}

/** The three origins, as advertised (a public URL when configured). */
export interface Origins {
  harness: string;
  portal: string;
  gateway: string;
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

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) return resolve();
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** The harness, portal and gateway servers, created before anything can fail so a failed start closes them all. */
export class Servers {
  readonly #servers = [createServer(), createServer(), createServer()] as const;
  /** Until the apps are built, every request is answered 503 with Retry-After (a readiness probe gets an answer). */
  readonly #handlers: RequestListener[] = this.#servers.map(() => starting);

  constructor(hostNames: ReadonlySet<string>) {
    this.#servers.forEach((server, i) => {
      server.keepAliveTimeout = 5_000;
      // A Host that is not one of the harness's names (DNS rebinding) never reaches an app: 421 (core/guard.ts).
      server.on(
        'request',
        checkHost(hostNames, (req, res) => this.#handlers[i]?.(req, res)),
      );
    });
  }

  /** Listens on the configured ports (the portal and gateway on the next two, or free ones with port 0). */
  async listen(config: Config): Promise<Origins> {
    const sidePort = (explicit: number | null, offset: number) => explicit ?? (config.port === 0 ? 0 : config.port + offset);
    const [main, portal, gateway] = this.#servers;
    const ports = [
      await listen(main, config.port, config.host),
      await listen(portal, sidePort(config.portal.port, 1), config.host),
      await listen(gateway, sidePort(config.gateway.port, 2), config.host),
    ];
    const origin = (publicUrl: string | undefined, port: number | undefined) =>
      (publicUrl ?? `http://${urlHost(config.host)}:${port}`).replace(/\/+$/, '');
    return {
      harness: origin(config.publicUrl, ports[0]),
      portal: origin(config.portal.publicUrl, ports[1]),
      gateway: origin(config.gateway.publicUrl, ports[2]),
    };
  }

  /** From now on each server answers with its app (harness, portal, gateway). */
  serve(apps: readonly [Koa, Koa, Koa]): void {
    apps.forEach((app, i) => {
      this.#handlers[i] = app.callback();
    });
  }

  close(): Promise<void> {
    return Promise.all(this.#servers.map(closeServer)).then(() => undefined);
  }
}
