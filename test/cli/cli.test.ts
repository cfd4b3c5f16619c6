/** The `mock-idp` CLI as a user runs it: help, validation, busy ports, start-up banner, Ctrl-C. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN, runCli } from '../helpers/cli';

const running: ChildProcess[] = [];

const run = runCli;

/** Starts the CLI and resolves with the harness URL once the banner names it. */
function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /harness on (https?:\/\/\S+)/.exec(out) ?? /^(https?:\/\/\S+)$/m.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], output: () => out });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function configFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dcr-kit-cli-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('mock-idp CLI', () => {
  it('prints usage for --help and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: mock-idp \[options\]/);
    expect(stdout).toContain('--port <n>');
    expect(stdout).toContain('--config <file>');
  });

  it('refuses an unknown option with exit code 2', async () => {
    const { code, stderr } = await run(['--prot', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^mock-idp: Unknown option '--prot'/);
  });

  it('refuses a port that is not a number, naming the flag', async () => {
    const { code, stderr } = await run(['--port', 'eighty']);
    expect(code).toBe(2);
    expect(stderr).toBe('mock-idp: --port: "eighty" is not a port number (0-65535)\n');
  });

  it('refuses an invalid config file with a message naming the bad field and exit code 2', async () => {
    const path = await configFile('bad.yaml', 'tenants:\n  - id: okta-eu\n    vendor: okta\n    authServers: []\n');
    const { code, stderr } = await run(['--config', path, '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toBe('mock-idp: invalid configuration: tenants[0].authServers: Too small: expected array to have >=1 items\n');
  });

  it('refuses an unknown top-level field and a bad GUID, naming each', async () => {
    const typo = await configFile('typo.json', JSON.stringify({ prot: 1 }));
    expect((await run(['--config', typo])).stderr).toBe('mock-idp: invalid configuration: prot: unknown field\n');
    const guid = await configFile(
      'guid.yaml',
      'tenants:\n  - {id: azure, vendor: azure, tenantId: not-a-guid, domain: x, displayName: x}\n',
    );
    expect((await run(['--config', guid])).stderr).toBe(
      'mock-idp: invalid configuration: tenants[0].tenantId: must be a lower-case GUID\n',
    );
  });

  it('says in one line that a busy port is busy, and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await run(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(`mock-idp: port ${port} on 127.0.0.1 is already in use (use --port 0 for any free port)\n`);
    } finally {
      blocker.close();
    }
  });

  it('serves on 127.0.0.1, prints tenant URLs and demo credentials, and exits 0 on Ctrl-C', async () => {
    const { child, url, output } = await start(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const manifest = await (await fetch(`${url}/harness.json`)).json();
    expect(manifest.tenants).toHaveLength(4);
    const text = output();
    expect(text).toContain(`token     POST ${url}/auth0/oauth/token`);
    expect(text).toContain('client_id=k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae');
    expect(text).toContain('Demo credentials are well known');
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('does not print secrets that come from a user config file', async () => {
    const path = await configFile(
      'mine.yaml',
      'tenants:\n  - id: okta\n    vendor: okta\n    authServers: [{id: default, audience: "api://default", scopes: [{name: r}]}]\n    clients: [{clientId: 0oaMine, clientSecret: my-very-private-secret, name: mine}]\n',
    );
    const { url, output } = await start(['--port', '0', '--config', path]);
    await fetch(`${url}/health`);
    expect(output()).toContain('client_id=0oaMine');
    expect(output()).not.toContain('my-very-private-secret');
  });

  it('on --host 0.0.0.0 warns on stderr, prints a control token, and /_control needs it', async () => {
    const { url, output } = await start(['--host', '0.0.0.0', '--port', '0']);
    await expect.poll(output).toMatch(/control token ([A-Za-z0-9_-]{32}) /);
    const token = /control token ([A-Za-z0-9_-]{32}) /.exec(output())?.[1];
    await expect.poll(output).toMatch(/mock-idp: WARNING: bound to 0\.0\.0\.0, an address other machines can reach/);
    expect((await fetch(`${url}/_control/clock`)).status).toBe(401);
    expect((await fetch(`${url}/_control/clock`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('refuses a short control token and an allowed host with a scheme, naming the flag (exit 2)', async () => {
    const short = await run(['--control-token', 'short']);
    expect(short.code).toBe(2);
    expect(short.stderr).toBe(
      'mock-idp: --control-token: use at least 16 printable characters without spaces (e.g. openssl rand -hex 16)\n',
    );
    const scheme = await run(['--allowed-host', 'http://idp.example']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toBe('mock-idp: --allowed-host: "http://idp.example" is not a host name (no scheme, port or path)\n');
  });

  it('answers a name given with --allowed-host and 421 for others', async () => {
    const { url } = await start(['--port', '0', '--allowed-host', 'idp.internal']);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${url}/health`, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status('idp.internal:4400')).toBe(200);
    expect(await status('other.internal:4400')).toBe(421);
  });

  it('with --tls --tenant-ports serves https, prints the CA for NODE_EXTRA_CA_CERTS, and an app trusting it gets a token', async () => {
    const caDir = await mkdtemp(join(tmpdir(), 'dcr-kit-cli-ca-'));
    const { url, output } = await start(['--port', '0', '--tls', '--tenant-ports', '--ca-dir', caDir]);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect.poll(() => output()).toContain('Ctrl-C stops.');
    const caFile = join(caDir, 'ca-v1', 'ca.pem');
    expect(output()).toContain(`tls CA    ${caFile}  (your app: NODE_EXTRA_CA_CERTS=${caFile})`);
    const auth0 = /\[auth0\] auth0 (https:\/\/127\.0\.0\.1:\d+)\n/.exec(output())?.[1];
    expect(auth0).toBeDefined();
    // An app in a process of its own, trusting the CA the documented Node way, with the certificate checked.
    const app = spawn(
      process.execPath,
      [
        '-e',
        `fetch(${JSON.stringify(`${auth0}/oauth/token`)}, { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae',
          client_secret: process.env.SECRET, audience: 'https://api.dcr-kit.test/' }) })
          .then((r) => r.json()).then((j) => console.log(j.token_type), (e) => console.log(String(e.cause ?? e)))`,
      ],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, SECRET: demoSecret(output()) }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let printed = '';
    app.stdout.on('data', (d) => (printed += d));
    await new Promise((r) => app.on('close', r));
    expect(printed.trim()).toBe('Bearer');
  });

  it('with --quiet prints only the URL (and the CA file on stderr with --tls): no banner, no demo secrets', async () => {
    for (const tls of [false, true]) {
      const caDir = await mkdtemp(join(tmpdir(), 'dcr-kit-cli-ca-'));
      const { child, output } = await start(['--port', '0', '--quiet', ...(tls ? ['--tls', '--ca-dir', caDir] : [])]);
      await new Promise((r) => setTimeout(r, 300));
      const lines = output().trim().split('\n');
      expect(lines[0]).toMatch(tls ? /^https:\/\/127\.0\.0\.1:\d+$/ : /^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.slice(1)).toEqual(tls ? [`mock-idp: tls CA ${join(caDir, 'ca-v1', 'ca.pem')}`] : []);
      child.kill('SIGINT');
    }
  });
});

/** The Auth0 demo client's secret, as the banner prints it. */
function demoSecret(banner: string): string {
  return /\[auth0\][\s\S]*?client_secret=(\S+)/.exec(banner)?.[1] ?? '';
}
