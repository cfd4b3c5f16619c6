/**
 * Harness processes on one Redis (issue 15), as a team runs them: the CLI (`dist/mock-idp/main.js`, built by the
 * global setup) with `--store redis://…`, every process advertising the same public URL (the load balancer's; here
 * process A's own origin), each reachable on its own port so a test can pick which process answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { HarnessManifest } from '../../shared/harness/manifest';
import { registrationProvider } from '../../shared/registration/providers';
import { registrationTargetForBridge, registrationTargetForTenant } from '../../shared/registration/targets';
import type { RegisteredClient, RegistrationProvider } from '../../shared/registration/types';
import { quietPortTrio } from '../helpers/ports';

const MAIN = 'dist/mock-idp/main.js';

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
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
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

export type { RegisteredClient };
