/**
 * Issue 15: `--workers N` forks N harness processes sharing the ports (node:cluster). With the in-memory store N
 * must be 1 (a CLI error says why); with Redis the workers answer as one harness, and a worker that dies is
 * replaced without losing anything. `startHarness({ store })` is the same store for a test suite.
 */
import { execFileSync, spawn } from 'node:child_process';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { startHarness } from '../../mock-idp/harness';
import { MAIN, runCli } from '../helpers/cli';
import { OKTA } from '../helpers/demo';
import { basic } from '../helpers/http';
import { quietPortTrio } from '../helpers/ports';
import { vendorToken } from '../helpers/vendor-requests';
import { registerAtOkta, track, useFleet } from './support';

// Redis only: this file starts its own processes (the CLI's refusals, a primary with workers, in-process harnesses).
const fleet = useFleet({ processes: false });

const run = runCli;

const register = registerAtOkta;

/** A new connection per request, so the primary hands each to the next worker. */
const fresh = () => new Agent({ pipelining: 0, keepAliveTimeout: 1 });
const token = (url: string, id: string, secret: string) => vendorToken('okta', url, id, secret);

describe('--workers', () => {
  it('refuses more than one worker with the in-memory store, and says why (exit 2)', async () => {
    const { code, stderr } = await run(['--workers', '2', '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'mock-idp: --workers 2 needs --store redis://HOST:PORT: with the in-memory store each process would have its own clients, secrets, keys and faults\n',
    );
    expect((await run(['--workers', 'two'])).stderr).toContain('--workers: "two" is not a number of processes');
    // The flags as typed, each named: `auto` stays `auto`, a bad store URL is the --store flag's fault.
    expect((await run(['--workers', 'auto', '--port', '0'])).stderr).toMatch(/^mock-idp: --workers auto needs --store /);
    const bad = await run(['--store', 'redis:/nohost', '--port', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('mock-idp: --store: "redis:/nohost" is neither memory nor a redis://HOST:PORT[/DB] URL\n');
  });

  it('names an unreachable Redis (exit 1), and refuses --data beside --store (exit 2)', async () => {
    const unreachable = await run(['--port', '0', '--store', 'redis://127.0.0.1:1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^mock-idp: --store: the shared store is unavailable \(redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    const both = await run(['--port', '0', '--store', fleet.redis.url, '--data', '/nonexistent/dcr-kit']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'mock-idp: invalid configuration: a data directory and a shared store are alternatives: Redis keeps the state (drop --data)\n',
    );
  });

  it('serves with two workers on one port as one harness, and replaces a worker that dies', async () => {
    const port = await quietPortTrio();
    const url = `http://127.0.0.1:${port}`;
    const { primary, banner, stderr } = await startWorkers(port);
    // One banner for the fleet, printed once both workers serve.
    expect(banner).toBe(`${url}\n`);
    const workers = () =>
      execFileSync('pgrep', ['-P', String(primary.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean);
    expect(workers()).toHaveLength(2);

    const clients = [];
    for (let i = 0; i < 10; i++) {
      const created = await register(url, `workers ${i}`);
      expect(created.status).toBe(201);
      clients.push(created.json);
    }
    const statuses = await Promise.all(clients.map((c) => token(url, c.client_id, c.client_secret).then((res) => res.status)));
    expect(statuses).toEqual(clients.map(() => 200));

    // A worker killed: another takes its place; nothing registered is lost.
    const [victim] = workers();
    process.kill(Number(victim), 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (!(workers().length === 2 && !workers().includes(victim as string))) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // At once: the replacement takes connections only once it serves (it listens then), so none is refused meanwhile.
    const dispatcher = fresh();
    const again = await Promise.all(
      clients.map((c) =>
        fetch(`${url}/okta/oauth2/default/v1/token`, {
          method: 'POST',
          headers: { ...basic(c.client_id, c.client_secret), 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&scope=api%3Aread',
          // @ts-expect-error undici's dispatcher option is not in the DOM RequestInit type
          dispatcher,
        }).then((res) => res.status),
      ),
    );
    expect(again).toEqual(clients.map(() => 200));

    // Ctrl-C: SIGINT to the whole group (primary and workers). Each worker closes once, cleanly, and the primary
    // exits 0 (a worker that took the primary's SIGTERM after the SIGINT for "stop now" exited 130, and said so).
    const last = workers();
    process.kill(-(primary.pid as number), 'SIGINT');
    await new Promise((resolve) => primary.once('exit', resolve));
    expect(stderr()).not.toContain('did not stop cleanly');
    expect(primary.exitCode).toBe(0);
    expect(last.filter((pid) => alive(Number(pid)))).toEqual([]);
  }, 40_000);

  it('stops cleanly on SIGTERM to its whole process group (systemd, timeout), with requests in flight', async () => {
    const port = await quietPortTrio();
    const url = `http://127.0.0.1:${port}`;
    const { primary, stderr } = await startWorkers(port);
    const workers = execFileSync('pgrep', ['-P', String(primary.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    // Load while it stops: each worker's graceful close then takes long enough for the primary's own SIGTERM to
    // arrive during it (a worker that took that second SIGTERM for "stop now" exited 130).
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (loading) await token(url, OKTA.clientId, OKTA.clientSecret).catch(() => undefined);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(-(primary.pid as number), 'SIGTERM');
    await new Promise((resolve) => primary.once('exit', resolve));
    loading = false;
    await load;
    expect(stderr()).not.toContain('did not stop cleanly');
    expect(primary.exitCode).toBe(0);
    expect(workers.filter((pid) => alive(Number(pid)))).toEqual([]);
  }, 40_000);
});

/** `--workers 2` in a process group of its own (as a terminal or systemd gives it), once its banner is out. */
async function startWorkers(port: number) {
  const primary = track(
    spawn(process.execPath, [MAIN, '--workers', '2', '--store', fleet.redis.url, '--port', String(port), '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    }),
  );
  let stderr = '';
  primary.stderr.on('data', (d) => (stderr += d));
  const banner = await new Promise<string>((resolve, reject) => {
    let out = '';
    primary.stdout.on('data', (d) => {
      out += d;
      if (out.endsWith('\n')) resolve(out);
    });
    primary.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { primary, banner, stderr: () => stderr };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startHarness({ store })', () => {
  it('two harnesses in one test process share clients through Redis', async () => {
    // A database of its own: the fleet the worker test above started on DB 0 recorded its configuration there.
    const store = `${fleet.redis.url}/2`;
    const first = await startHarness({ port: 0, store });
    const second = await startHarness({ port: 0, store });
    try {
      const created = await register(first.url, 'api harness');
      expect(created.status).toBe(201);
      expect((await token(second.url, created.json.client_id, created.json.client_secret)).status).toBe(200);
      expect((await token(second.url, OKTA.clientId, OKTA.clientSecret)).status).toBe(200);
      expect(first.notices).toEqual([]);
      // The second advertises its own port (no public URL): its tokens name another issuer, and it says so.
      expect(second.notices.join('\n')).toContain(
        `this process advertises other origins than the first process on this store did: harness ${second.url} (the first: ${first.url})`,
      );
      // A process started with other tenants says so (the fleet's state was seeded from the first configuration).
      const other = await startHarness({
        port: 0,
        store,
        config: { tenants: [{ id: 'auth0-eu', vendor: 'auth0', defaultAudience: 'https://eu.example/' }] },
      });
      await other.close();
      expect(other.notices.join('\n')).toContain('started with other tenants, DCR bridge or fault rules than the first process');
    } finally {
      await first.close();
      await second.close();
    }
  });
});
