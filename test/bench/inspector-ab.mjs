#!/usr/bin/env node
/**
 * The inspector's cost on the token path, A/B (issue 13): two harnesses from the same build side by side, A with
 * `--traffic-buffer 0` (no recording step) and B as shipped (the step on, a 1000-entry ring, nobody listening),
 * loaded in turn with the same request in short slices (A B, then B A, …) so both meet the same machine: on a shared
 * VM the load from other work moves more between two runs than the step costs. Each server on CPU 0, this on CPU 1
 * (as bench.mjs). Reports per persona the median tokens/s and server CPU µs per token of each, and B ÷ A.
 *
 *   npm run build:harness && node test/bench/inspector-ab.mjs [--rounds 6] [--slice 2] [--connections 10] [--personas okta,…]
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    slice: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    personas: { type: 'string', default: 'auth0,okta,curity,azure' },
  },
});
const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = 'application/x-www-form-urlencoded';
const PERSONAS = {
  auth0: (h) => ({
    url: `${h}/auth0/oauth/token`,
    headers: { 'content-type': FORM },
    body: 'grant_type=client_credentials&client_id=k7VbG2xQp9LmT4sW8nRz1Hc5Jd3Fy6Ae&client_secret=demo-auth0-secret-1fQ8wZr2Ly6Hk0Tn4Vb9Xm3Pc7Sd5Ga1Je8Ru2Wq6Oz4Ni0By&audience=https%3A%2F%2Fapi.dcr-kit.test%2F',
  }),
  okta: (h) => ({
    url: `${h}/okta/oauth2/default/v1/token`,
    headers: { 'content-type': FORM, authorization: basic('0oa1dcrkitDemo5d7h8', 'demo-okta-secret-Wn4Vb9Xm3Pc7Sd5Ga1Je8Ru2') },
    body: 'grant_type=client_credentials&scope=api%3Aread',
  }),
  curity: (h) => ({
    url: `${h}/curity/oauth/v2/oauth-token`,
    headers: { 'content-type': FORM, authorization: basic('dcr-kit-demo-client', 'demo-curity-secret-Hk0Tn4Vb9Xm3') },
    body: 'grant_type=client_credentials&scope=read',
  }),
  azure: (h) => ({
    url: `${h}/azure/5f2b8c3e-1a4d-4e6f-9b7a-2c8d0e1f3a5b/oauth2/v2.0/token`,
    headers: { 'content-type': FORM },
    body: `grant_type=client_credentials&client_id=c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f&client_secret=${encodeURIComponent('dKr8Q~demo.azure.secret.Xm3Pc7Sd5Ga1Je8R')}&scope=${encodeURIComponent('api://dcr-kit-demo-api/.default')}`,
  }),
};

let taskset = false;
try {
  execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  taskset = true;
} catch {}

/** A harness on a free port (it prints its URL with --quiet). */
function start(extra) {
  const command = [process.execPath, 'dist/mock-idp/main.js', '--port', '0', '--quiet', ...extra];
  const child = taskset
    ? spawn('taskset', ['-c', '0', ...command], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(command[0], command.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    child.stdout.once('data', (d) => resolveStart({ child, url: String(d).trim() }));
    child.once('exit', (code) => reject(new Error(`harness exited ${code}`)));
  });
}

function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function slice(server, request, seconds) {
  const before = cpuMs(server.pid);
  const r = await autocannon({ ...request, method: 'POST', connections: Number(args.connections), duration: seconds });
  if (r.non2xx || r.errors) throw new Error(`${request.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { tps: r.requests.total / seconds, cpuUs: ((cpuMs(server.pid) - before) * 1000) / Math.max(1, r.requests.total) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const a = await start(['--traffic-buffer', '0']);
const b = await start([]);
// Under taskset the harness is the process taskset exec'd into: same pid.
const servers = { A: { url: a.url, pid: a.child.pid }, B: { url: b.url, pid: b.child.pid } };
try {
  const seconds = Number(args.slice);
  for (const make of Object.values(PERSONAS)) for (const s of Object.values(servers)) await slice(s, make(s.url), 2); // warm-up
  process.stdout.write(
    `inspector A/B: A --traffic-buffer 0, B default (1000); ${args.rounds} rounds of ${seconds} s slices, c=${args.connections}, ${taskset ? 'servers on CPU 0, load on CPU 1' : 'unpinned'}\n`,
  );
  for (const [persona, make] of Object.entries(PERSONAS).filter(([p]) => args.personas.split(',').includes(p))) {
    const got = { A: [], B: [] };
    for (let round = 0; round < Number(args.rounds); round++) {
      const order = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
      for (const name of order) got[name].push(await slice(servers[name], make(servers[name].url), seconds));
    }
    const m = (name, key) => median(got[name].map((x) => x[key]));
    process.stdout.write(
      `  ${persona.padEnd(7)} tokens/s A ${m('A', 'tps').toFixed(0)}  B ${m('B', 'tps').toFixed(0)}  (B÷A ${(m('B', 'tps') / m('A', 'tps')).toFixed(3)})` +
        `   CPU µs/token A ${m('A', 'cpuUs').toFixed(0)}  B ${m('B', 'cpuUs').toFixed(0)}  (B÷A ${(m('B', 'cpuUs') / m('A', 'cpuUs')).toFixed(3)})\n`,
    );
  }
} finally {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
}
