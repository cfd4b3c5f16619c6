#!/usr/bin/env node
/**
 * `npm run bench`: the harness against oauth2-mock-server and a bare koa+jose RS256 endpoint (the practical
 * limit for Node), client_credentials with RS256 JWTs, each server pinned to CPU 0 and this load generator to
 * CPU 1 where `taskset` exists. Prints tokens/s, p50/p99 and the ratios per persona and concurrency, cold start
 * (spawn → first token) and RSS after N tokens, and writes the results as JSON. Loopback only.
 *
 *   npm run bench                       # 10 s per cell, c = 1, 10, 50, RSS after 100k tokens
 *   npm run bench -- --smoke            # a few seconds in all (what CI runs)
 *   npm run bench -- --store redis://127.0.0.1:6379 --workers 2
 *                                       # also the harness on Redis: one process (the cost of Redis on the token
 *                                       # path), and N workers (unpinned: they need every core) beside it
 *   npm run bench -- --only-harness     # the harness rows alone (with --store: memory, Redis, N workers)
 *   npm run bench -- --only-harness --connections 10 --harness-args="--traffic-buffer 0"   # A/B of one flag
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '1,10,50' },
    'rss-tokens': { type: 'string', default: '100000' },
    smoke: { type: 'boolean', default: false },
    /** The test suite builds once in its global setup; a second build would race the running tests. */
    'skip-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    /** Only the cold starts (spawn → first token), `--runs` times each (default 5). */
    'cold-start-only': { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    /** Also measure the harness on this shared store (issue 15), with one process and with `--workers`. */
    store: { type: 'string' },
    workers: { type: 'string', default: '1' },
    /** Skip the reference servers and the cold starts (A/B runs of the harness variants). */
    'only-harness': { type: 'boolean', default: false },
    /** Extra harness flags, for A/B runs: `--harness-args="--traffic-buffer 0"` turns the inspector's recording off. */
    'harness-args': { type: 'string', default: '' },
  },
});
const harnessArgs = args['harness-args'].split(/\s+/).filter(Boolean);
const smoke = args.smoke;
const duration = smoke ? 1 : Number(args.duration);
const connections = smoke ? [10] : args.connections.split(',').map(Number);
const rssTokens = smoke ? 2000 : Number(args['rss-tokens']);

function hasTaskset() {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const TASKSET = hasTaskset();

function bindable(port) {
  return new Promise((resolveBindable) => {
    const server = createServer();
    server.once('error', () => resolveBindable(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveBindable(true)));
  });
}

/**
 * A port P with P, P+1 and P+2 free (the harness serves the portal on P+1 and the gateway on P+2), taken below
 * Linux's ephemeral range (32768–60999) where the test suite's own client sockets never land. Probing is still
 * a race with other processes, so every start below is retried on a new port when the server stops early.
 */
async function freePort() {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if ((await bindable(port)) && (await bindable(port + 1)) && (await bindable(port + 2))) return port;
  }
}

/** startServer on a fresh free port, up to three times when the server stops before answering (port taken). */
async function startOnFreePort(name, commandFor, firstRequestFor, cpus) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { port, ...(await startServer(name, commandFor(port), firstRequestFor(port), port, cpus)) };
    } catch (error) {
      if (!error.exited || attempt === 3) throw error;
    }
  }
}

const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';

/** The request each server gets (the harness: each persona's own request, demo clients from its defaults). */
function requests(port) {
  const h = `http://127.0.0.1:${port}`;
  return {
    harness: {
      auth0: {
        url: `${h}/auth0/oauth/token`,
        headers: { 'content-type': FORM },
        body: 'grant_type=client_credentials&client_id=k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae&client_secret=demo-auth0-secret-1fQ8wZr2Ly6Hk0Tn4Vb9Xm3Pc7Sd5Ga1Je8Ru2Wq6Oz4Ni0By&audience=https%3A%2F%2Fapi.dcr-kit.test%2F',
      },
      okta: {
        url: `${h}/okta/oauth2/default/v1/token`,
        headers: {
          'content-type': FORM,
          authorization: basic('0oa1dcrkitDemo5d7h8', 'demo-okta-secret-Wn4Vb9Xm3Pc7Sd5Ga1Je8Ru2'),
        },
        body: 'grant_type=client_credentials&scope=api%3Aread',
      },
      curity: {
        url: `${h}/curity/oauth/v2/oauth-token`,
        headers: { 'content-type': FORM, authorization: basic('dcr-kit-demo-client', 'demo-curity-secret-Hk0Tn4Vb9Xm3') },
        body: 'grant_type=client_credentials&scope=read',
      },
      azure: {
        url: `${h}/azure/5f2b8c3e-1a4d-4e6f-9b7a-2c8d0e1f3a5b/oauth2/v2.0/token`,
        headers: { 'content-type': FORM },
        body: `grant_type=client_credentials&client_id=c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f&client_secret=${encodeURIComponent('dKr8Q~demo.azure.secret.Xm3Pc7Sd5Ga1Je8R')}&scope=${encodeURIComponent('api://dcr-kit-demo-api/.default')}`,
      },
    },
    reference: {
      url: `${h}/token`,
      headers: { 'content-type': FORM, authorization: basic('bench', 'bench-secret') },
      body: 'grant_type=client_credentials&scope=read',
    },
  };
}

/** Spawns a server on CPU 0 (or on `cpus`) and times spawn → first 200 with an access_token. */
async function startServer(name, command, firstRequest, port, cpus = '0') {
  const started = performance.now();
  const argv = TASKSET ? ['taskset', ['-c', cpus, ...command]] : [command[0], command.slice(1)];
  const child = spawn(argv[0], argv[1], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = signal ?? `exit code ${code}`;
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) throw Object.assign(new Error(`${name} stopped before its first token (${exited})`), { exited: true });
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${name} did not answer within 20 s`);
    }
    try {
      const response = await fetch(firstRequest.url, { method: 'POST', headers: firstRequest.headers, body: firstRequest.body });
      const json = await response.json();
      if (response.status === 200 && json.access_token) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, coldStartMs: Math.round(performance.now() - started) };
}

/** CPU time (user + system, ms) a server and its child processes used so far: robust to a busy machine. */
function cpuMs(pid) {
  let pids = [pid];
  try {
    pids = [
      pid,
      ...execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(Number),
    ];
  } catch {
    // no children
  }
  let ticks = 0;
  for (const p of pids) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}

async function load(request, c, seconds, pid) {
  const before = pid === undefined ? 0 : cpuMs(pid);
  const result = await autocannon({ ...request, method: 'POST', connections: c, duration: seconds });
  const cpu = pid === undefined ? 0 : cpuMs(pid) - before;
  return {
    /** Server CPU per 1,000 tokens (ms): what a token costs, whatever else the machine runs. */
    cpuMsPerThousand: result.requests.total > 0 ? Math.round((cpu / result.requests.total) * 1000) : undefined,
    tokensPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 102.4) / 10;
  } catch {
    return undefined;
  }
}

/** RSS after each quarter of N tokens: flat memory means the last quarters add (almost) nothing. */
async function memory(request, pid) {
  const samples = [rssMb(pid)];
  for (let i = 0; i < 4; i++) {
    await autocannon({ ...request, method: 'POST', connections: 10, amount: Math.ceil(rssTokens / 4) });
    samples.push(rssMb(pid));
  }
  return samples;
}

async function measure(name, commandFor, cellRequests, firstRequest, cpus) {
  const started = await startOnFreePort(name, commandFor, firstRequest, cpus);
  const port = started.port;
  const { child, coldStartMs } = started;
  const reqs = cellRequests(port);
  try {
    const first = Object.values(reqs)[0];
    // Warm-up: every request path once through the JIT before anything is measured (the first cell otherwise
    // measures compilation as much as serving).
    for (const request of Object.values(reqs)) await load(request, 10, smoke ? 0.5 : 3);
    const cells = {};
    for (const [persona, request] of Object.entries(reqs)) {
      cells[persona] = {};
      for (const c of connections) cells[persona][c] = await load(request, c, duration, child.pid);
    }
    const rss = args['only-harness'] ? [] : await memory(first, child.pid);
    return { coldStartMs, cells, rssMb: rss };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Cold start, spawn → first token, `runs` times each (the median is reported: single starts vary a lot on a
 * shared VM). The harness is timed twice: a first start (it makes the RSA-2048 key of the tenant asked first) and a
 * restart with `--data` from an earlier run (keys imported, no generation).
 */
async function coldStarts(node, runs) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dcr-kit-bench-data-'));
  const variants = {
    harness: (port) => [node, 'dist/mock-idp/main.js', '--port', String(port), '--quiet'],
    'harness --data (restart)': (port) => [node, 'dist/mock-idp/main.js', '--port', String(port), '--quiet', '--data', dataDir],
    'oauth2-mock-server': () => [node, 'test/bench/servers/oauth2-mock-server.mjs'],
    'bare koa+jose': () => [node, 'test/bench/servers/bare-koa-jose.mjs'],
  };
  const first = (name, port) => (name.startsWith('harness') ? requests(port).harness.okta : requests(port).reference);
  const out = {};
  try {
    // The data directory gets its keys before the timed restarts.
    const prime = await startOnFreePort('harness --data', variants['harness --data (restart)'], (port) => first('harness', port));
    await new Promise((resolve) => {
      prime.child.once('exit', resolve);
      prime.child.kill('SIGTERM');
    });
    for (const [name, command] of Object.entries(variants)) {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const { child, coldStartMs } = await startOnFreePort(name, command, (port) => first(name, port));
        samples.push(coldStartMs);
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        });
      }
      const sorted = [...samples].sort((a, b) => a - b);
      out[name] = { medianMs: sorted[Math.floor(sorted.length / 2)], samplesMs: samples };
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

async function main() {
  if (!args['skip-build']) execFileSync('npm', ['run', '--silent', 'build:harness'], { cwd: ROOT, stdio: 'inherit' });
  const node = process.execPath;
  process.stdout.write(
    `dcr-kit bench: ${duration} s per cell, c = ${connections.join(', ')}, RSS after ${rssTokens} tokens, ${TASKSET ? 'server on CPU 0, load on CPU 1' : 'no taskset: unpinned'}\n`,
  );
  if (args['cold-start-only']) {
    const coldStart = await coldStarts(node, Number(args.runs));
    reportColdStarts(coldStart);
    const out = args.out ?? join(ROOT, 'bench-results', `cold-start-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, coldStart }, null, 2)}\n`);
    process.stdout.write(`\nresults: ${out}\n`);
    return;
  }
  const harnessCommand =
    (...extra) =>
    (port) => [node, 'dist/mock-idp/main.js', '--port', String(port), '--quiet', ...harnessArgs, ...extra];
  const harnessRun = (name, extra, cpus) =>
    measure(
      name,
      harnessCommand(...extra),
      (p) => requests(p).harness,
      (p) => requests(p).harness.okta,
      cpus,
    );
  const workers = Number(args.workers);
  const servers = { harness: await harnessRun('harness', []) };
  if (args.store) {
    // The cost of Redis on the token path: one process, pinned like the in-memory one.
    servers['harness --store'] = await harnessRun('harness --store', ['--store', args.store]);
    if (workers > 1) {
      // N workers need every core (the load generator shares CPU 1 with them): one worker unpinned beside them too.
      servers['harness --store (unpinned)'] = await harnessRun('harness --store (unpinned)', ['--store', args.store], '0-1');
      servers[`harness --workers ${workers} --store`] = await harnessRun(
        `harness --workers ${workers} --store`,
        ['--store', args.store, '--workers', String(workers)],
        '0-1',
      );
    }
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    settings: { duration, connections, rssTokens, pinned: TASKSET, store: args.store ?? 'memory', workers },
    servers,
  };
  if (!args['only-harness']) {
    servers['oauth2-mock-server'] = await measure(
      'oauth2-mock-server',
      () => [node, 'test/bench/servers/oauth2-mock-server.mjs'],
      (p) => ({ reference: requests(p).reference }),
      (p) => requests(p).reference,
    );
    servers['bare koa+jose'] = await measure(
      'bare koa+jose',
      () => [node, 'test/bench/servers/bare-koa-jose.mjs'],
      (p) => ({ reference: requests(p).reference }),
      (p) => requests(p).reference,
    );
  }
  if (!args['only-harness']) results.coldStart = await coldStarts(node, smoke ? 1 : Number(args.runs));
  report(results);
  const out = args.out ?? join(ROOT, 'bench-results', `bench-${results.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults: ${out}\n`);
}

function report(results) {
  const axa = results.servers['oauth2-mock-server']?.cells.reference;
  const bare = results.servers['bare koa+jose']?.cells.reference;
  const ratio = (cell, ref, c) => (ref ? (cell.tokensPerSecond / ref[c].tokensPerSecond).toFixed(2) : '-');
  const rows = [
    ['server / persona', 'c', 'tokens/s', 'p50 ms', 'p99 ms', 'CPU ms/1k', '÷ oauth2-mock-server', '÷ bare', 'non-2xx'],
  ];
  for (const [server, data] of Object.entries(results.servers)) {
    for (const [persona, byC] of Object.entries(data.cells)) {
      for (const [c, cell] of Object.entries(byC)) {
        rows.push([
          server.startsWith('harness') ? `${server} ${persona}` : server,
          c,
          String(cell.tokensPerSecond),
          String(cell.p50),
          String(cell.p99),
          String(cell.cpuMsPerThousand ?? '-'),
          ratio(cell, axa, c),
          ratio(cell, bare, c),
          String(cell.non2xx + cell.errors),
        ]);
      }
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(`\n${rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n')}\n\n`);
  for (const [server, data] of Object.entries(results.servers)) {
    if (data.rssMb.length === 0) continue;
    process.stdout.write(
      `${server}: RSS MB ${data.rssMb.join(' → ')} (after each quarter of ${results.settings.rssTokens} tokens)\n`,
    );
  }
  reportStore(results);
  if (results.coldStart) reportColdStarts(results.coldStart);
}

/** With --store: Redis ÷ memory at one process, and N workers ÷ one (both unpinned), per persona and c. */
function reportStore(results) {
  const { servers } = results;
  const pairs = [
    ['harness --store', 'harness', 'one process: Redis ÷ memory'],
    [
      `harness --workers ${results.settings.workers} --store`,
      'harness --store (unpinned)',
      `${results.settings.workers} workers ÷ 1 (Redis)`,
    ],
  ];
  for (const [a, b, label] of pairs) {
    if (!servers[a] || !servers[b]) continue;
    const parts = [];
    for (const [persona, byC] of Object.entries(servers[a].cells))
      for (const [c, cell] of Object.entries(byC))
        parts.push(`${persona} c=${c} ${(cell.tokensPerSecond / servers[b].cells[persona][c].tokensPerSecond).toFixed(2)}`);
    process.stdout.write(`${label}: ${parts.join(', ')}\n`);
  }
}

function reportColdStarts(coldStart) {
  process.stdout.write('\ncold start, spawn → first token (median of the samples):\n');
  for (const [name, data] of Object.entries(coldStart)) {
    process.stdout.write(`  ${name}: ${data.medianMs} ms  (${data.samplesMs.join(', ')})\n`);
  }
}

// The load generator runs on CPU 1; each server on CPU 0.
if (TASKSET && !process.env.DCR_KIT_BENCH_PINNED) {
  const child = spawn('taskset', ['-c', '1', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DCR_KIT_BENCH_PINNED: '1' },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}
