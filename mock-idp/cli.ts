/**
 * The `mock-idp` CLI: parse arguments → startHarness(config) → print URLs. Nothing else.
 * Exit codes: 0 after Ctrl-C, 1 for a runtime failure (busy port), 2 for bad arguments or configuration.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, type ConfigInput, loadConfigFile } from './config';
import { DataDirError } from './core/data-dir';
import { hostName, isLoopback } from './core/guard';
import { type Harness, PortInUseError, startHarness } from './harness';
import { isWorker, parseWorkers, reportReady, runWorkers, workerSignals } from './start/workers';

const HELP = `Usage: mock-idp [options]

Serves mock Auth0, Curity, Okta and Microsoft Entra ID tenants (and their discovery, keys and
test controls) for local development and CI. Binds 127.0.0.1 unless --host says otherwise.

Options:
  --port <n>        port to listen on (default 4400; 0 picks a free port)
  --host <addr>     address to bind (default 127.0.0.1)
  --public-url <u>  origin to advertise in issuers and discovery (default http://<host>:<port>)
  --config <file>   YAML or JSON file merged over the embedded defaults
  --data <dir>      keep registered clients, secrets, grants, portal applications and keys in <dir>
                    across restarts (created when missing; default: everything in memory)
  --control-token <t>  require "Authorization: Bearer <t>" on /_control, and for the secrets in
                    /harness.json (also from MOCK_IDP_CONTROL_TOKEN; default: none on loopback, a random
                    token, printed at start, when --host is not a loopback address)
  --allowed-host <name>  also answer requests for this host name (repeatable); others get 421
  --tls             serve every origin over https with a certificate from a local CA (made once, kept
                    in --ca-dir); start your app with NODE_EXTRA_CA_CERTS=<the CA file printed at start>
  --ca-dir <dir>    where the local CA is kept (default: --data, else $DCR_KIT_CA_DIR, else
                    ~/.local/share/dcr-kit)
  --tenant-ports    serve each tenant on an origin of its own (the ports after the gateway's, in config
                    order), as SDKs that take a bare domain expect; default: <url>/<tenant id>
  --traffic-buffer <n>  requests the QA inspector at <url>/ keeps in its live traffic (default 1000,
                    at most 100000; 0 turns recording off)
  --store <url>     where the state lives: memory (default: this process only) or
                    redis://HOST:PORT[/DB], shared by every harness process started with the same
                    URL, configuration and --public-url (see README "Run it for a team")
  --workers <n>     serve with n processes sharing the ports (default 1; auto: one per core);
                    more than 1 needs --store redis://… and a fixed --port
  --quiet           print only the harness URL
  -h, --help        show this help
  -v, --version     show the version

Manifest: GET <url>/harness.json      Test controls: <url>/_control
`;

function fail(message: string, code: number): never {
  process.stderr.write(`mock-idp: ${message}\n`);
  process.exit(code);
}

function parseToken(value: string): string {
  if (!/^[\x21-\x7e]{16,}$/.test(value))
    fail('--control-token: use at least 16 printable characters without spaces (e.g. openssl rand -hex 16)', 2);
  return value;
}

function parseHostName(value: string): string {
  // An IPv6 address may come without brackets (::1); anything else with a colon names a port.
  const ipv6 = value.split(':').length > 2;
  if (
    hostName(ipv6 && !value.startsWith('[') ? `[${value}]` : value) === undefined ||
    (!ipv6 && value.includes(':')) ||
    /\]./.test(value)
  )
    fail(`--allowed-host: "${value}" is not a host name (no scheme, port or path)`, 2);
  return value;
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) fail(`--port: "${value}" is not a port number (0-65535)`, 2);
  return Number(value);
}

/** Digits only here; startHarness checks the range (and names the limit). */
function parseCount(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) fail(`${flag}: "${value}" is not a number of requests (0 turns recording off)`, 2);
  return Number(value);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    fail(`${(error as Error).message} (see --help)`, 2);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }

  let harness: Harness;
  const userConfig = values.config !== undefined;
  // From the environment too, so the token is not in the process list other users can read.
  const controlToken = values['control-token'] ?? process.env.MOCK_IDP_CONTROL_TOKEN;
  const workers = values.workers === undefined ? 1 : parseWorkers(values.workers);
  if (workers === undefined) fail(`--workers: "${values.workers}" is not a number of processes (1, 2, … or auto)`, 2);
  const store = values.store ?? 'memory';
  // Checked here, once, in the flag's own words (startHarness would say "invalid configuration: store", per worker).
  if (store !== 'memory' && !/^rediss?:\/\/[^/]/.test(store))
    fail(`--store: "${store}" is neither memory nor a redis://HOST:PORT[/DB] URL`, 2);
  // The value as typed: `auto` resolved to a count would not be what the user wrote.
  const asked = `--workers ${values.workers ?? workers}`;
  if (workers > 1 && !isWorker()) {
    if (store === 'memory')
      fail(
        `${asked} needs --store redis://HOST:PORT: with the in-memory store each process would have its own clients, secrets, keys and faults`,
        2,
      );
    if (values.port !== undefined && parsePort(values.port) === 0)
      fail(
        `${asked} needs a fixed --port: the portal and the gateway listen on the two ports after it, and every process must advertise the same origins`,
        2,
      );
    if (values.data !== undefined) fail('--data and --store are alternatives: with --store, Redis keeps the state', 2);
    // One control token for the fleet (a public bind makes one when none is given).
    runWorkers(workers, { DCR_KIT_FLEET_CONTROL_TOKEN: controlToken ?? randomBytes(24).toString('base64url') });
    return;
  }
  // A worker stops on the primary's SIGTERM alone, from its first moment (one still starting just leaves).
  let stop = (): void => process.exit(0);
  if (isWorker()) workerSignals(() => stop());
  try {
    const config = userConfig ? ((await loadConfigFile(values.config as string)) as ConfigInput) : undefined;
    harness = await startHarness({
      ...(config !== undefined ? { config } : {}),
      ...(values.port !== undefined ? { port: parsePort(values.port) } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values['public-url'] !== undefined ? { publicUrl: values['public-url'] } : {}),
      ...(values.data !== undefined ? { dataDir: values.data } : {}),
      ...(controlToken !== undefined ? { controlToken: parseToken(controlToken) } : {}),
      ...(controlToken === undefined &&
      process.env.DCR_KIT_FLEET_CONTROL_TOKEN !== undefined &&
      !isLoopback(values.host ?? '127.0.0.1')
        ? { controlToken: process.env.DCR_KIT_FLEET_CONTROL_TOKEN }
        : {}),
      ...(store !== 'memory' ? { store } : {}),
      ...(values['allowed-host'] !== undefined ? { allowedHosts: values['allowed-host'].map(parseHostName) } : {}),
      ...(values.tls ? { tls: true } : {}),
      ...(values['ca-dir'] !== undefined ? { caDir: values['ca-dir'] } : {}),
      ...(values['tenant-ports'] ? { tenantPorts: true } : {}),
      ...(values['traffic-buffer'] !== undefined
        ? { trafficBuffer: parseCount('--traffic-buffer', values['traffic-buffer']) }
        : {}),
      // The URL is printed at once; each tenant's key is made on its first request (see HarnessOptions).
      keysOnFirstUse: true,
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, 2);
    if (error instanceof DataDirError) fail(`${values.tls && !values.data ? '--tls' : '--data'}: ${error.message}`, 1);
    if (error instanceof PortInUseError) fail(`${error.message} (use --port 0 for any free port)`, 1);
    if ((error as Error).name === 'StoreUnavailable') fail(`--store: ${(error as Error).message}`, 1);
    if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') fail(`cannot bind ${values.host}: address not available`, 1);
    throw error;
  }

  for (const notice of harness.notices) process.stderr.write(`mock-idp: ${notice}\n`);
  if (values.quiet && harness.controlToken !== undefined && controlToken === undefined)
    process.stderr.write(`mock-idp: control token ${harness.controlToken}\n`);
  // A worker hands its banner to the primary, which prints one once every worker serves (start/workers.ts).
  let banner = '';
  const out = isWorker() ? { write: (text: string) => (banner += text) } : process.stdout;
  if (values.quiet) {
    out.write(`${harness.url}\n`);
    if (harness.caFile !== undefined) process.stderr.write(`mock-idp: tls CA ${harness.caFile}\n`);
  } else {
    out.write(`dcr-kit mock IdP harness on ${harness.url}\n`);
    out.write(`manifest  ${harness.url}/harness.json\ncontrols  ${harness.url}/_control\n`);
    out.write(`inspector ${harness.url}/  (QA: live traffic, clients, every control)\n`);
    if (harness.caFile !== undefined)
      out.write(`tls CA    ${harness.caFile}  (your app: NODE_EXTRA_CA_CERTS=${harness.caFile})\n`);
    // The user's own token is theirs to know; one the harness made is printed so its user can use the controls.
    if (harness.controlToken !== undefined)
      out.write(
        `control token ${controlToken !== undefined ? '(yours)' : harness.controlToken}  (Authorization: Bearer <token> on /_control and /harness.json)\n`,
      );
    if (values.data !== undefined)
      out.write(`data      ${values.data} (clients, secrets, grants, applications and keys are kept)\n`);
    out.write(
      `portal    ${harness.manifest.portal.url}  (developer ${harness.manifest.portal.developer.username} / ${harness.manifest.portal.developer.password})\n`,
    );
    out.write(
      `gateway   ${harness.manifest.gateway.url}/<api>  (apis: ${harness.manifest.gateway.apis.map((a) => a.id).join(', ')})\n`,
    );
    if (harness.manifest.dcrBridge)
      out.write(
        `dcr bridge ${harness.manifest.dcrBridge.endpoint}  (X-API-KEY: ${userConfig ? '(from your config)' : harness.manifest.dcrBridge.apiKey})\n`,
      );
    for (const tenant of harness.tenants.values()) {
      out.write(`\n[${tenant.id}] ${tenant.vendor} ${tenant.baseUrl}\n`);
      // Seeded demo secrets are public knowledge (they are in the source); secrets from a user's file are not printed.
      for (const line of tenant.banner(!userConfig)) out.write(`  ${line}\n`);
    }
    out.write('\nDemo credentials are well known: never use them outside a test harness. Ctrl-C stops.\n');
  }
  if (isWorker()) reportReady(banner);

  let stopping = false;
  stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    harness.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  if (!isWorker()) {
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      config: { type: 'string' },
      data: { type: 'string' },
      'control-token': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      tls: { type: 'boolean' },
      'ca-dir': { type: 'string' },
      'tenant-ports': { type: 'boolean' },
      'traffic-buffer': { type: 'string' },
      store: { type: 'string' },
      workers: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

main().catch((error: unknown) => fail(`unexpected failure: ${(error as Error).message}`, 1));

/**
 * dcr-kit's own version, from its package.json (beside `dist/` when installed, or the checkout's): not
 * `npm_package_version`, which `npx mock-idp` in another project sets to that project's version.
 */
function packageVersion(): string {
  for (const path of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'dcr-kit' && pkg.version) return pkg.version;
    } catch {
      // not there: the other layout
    }
  }
  return 'unknown';
}
