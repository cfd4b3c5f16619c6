/**
 * Issue 6, persistence: `kill -9` in the middle of registrations loses nothing that was acknowledged. The CLI runs
 * with `--data`; registrations go to the Okta clients API and the Konnect HTTP DCR bridge; the process is killed
 * once a few dozen have been answered; after a restart every answered client still gets a token with its secret.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN } from '../helpers/cli';
import { BRIDGE, OKTA } from '../helpers/demo';
import { basic, postForm } from '../helpers/http';

const SSWS = OKTA.apiToken;
const BRIDGE_KEY = BRIDGE.apiKey;
const children: ChildProcess[] = [];
/** Why unanswered requests failed: ECONNREFUSED once the process was gone, a reset or closed socket if in flight. */
const failures: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startCli(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--quiet', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /^(http:\/\/\S+)$/m.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => reject(new Error(`exited ${code ?? signal}: ${out}`)));
  });
}

interface Acknowledged {
  via: 'okta' | 'bridge';
  clientId: string;
  clientSecret: string;
}

function register(url: string, i: number): Promise<Acknowledged | undefined> {
  const okta = i % 4 !== 0;
  const request = okta
    ? fetch(`${url}/okta/oauth2/v1/clients`, {
        method: 'POST',
        headers: { authorization: `SSWS ${SSWS}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          client_name: `kill ${i}`,
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          redirect_uris: [],
        }),
      })
    : fetch(`${url}/dcr-bridge/`, {
        method: 'POST',
        headers: { 'x-api-key': BRIDGE_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: [],
          client_name: `kill ${i}`,
          grant_types: ['client_credentials'],
          scopes: [],
          token_endpoint_auth_method: 'client_secret_post',
          application_description: 'kill -9 test',
          // Konnect's ids for the portal, organisation, developer, strategy and provider (any UUIDs).
          portal_id: '0f1e2d3c-4b5a-4968-8776-655443322110',
          organization_id: '1f1e2d3c-4b5a-4968-8776-655443322110',
          developer_id: '2f1e2d3c-4b5a-4968-8776-655443322110',
          auth_strategy_id: '3f1e2d3c-4b5a-4968-8776-655443322110',
          dcr_provider_id: '4f1e2d3c-4b5a-4968-8776-655443322110',
        }),
      });
  return request.then(
    async (res) => {
      if (res.status !== 201) throw new Error(`registration ${i}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as Record<string, string>;
      return { via: okta ? 'okta' : 'bridge', clientId: body.client_id ?? '', clientSecret: body.client_secret ?? '' };
    },
    // The connection died with the process: not acknowledged, so nothing is promised about it.
    (error: Error & { cause?: { code?: string } }) => {
      failures.push(error.cause?.code ?? error.message);
      return undefined;
    },
  );
}

describe('--data and kill -9', () => {
  it('loses no acknowledged registration when the process is killed while 20 clients keep registering', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dcr-kit-kill-'));
    const first = await startCli(dir);
    const acknowledged: Acknowledged[] = [];
    let cutOff = 0;
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    let next = 0;
    // 20 clients, each registering one client after another, until the process is gone.
    const worker = async () => {
      while (next < 2000) {
        const ack = await register(first.url, next++);
        if (!ack) {
          cutOff++;
          return;
        }
        acknowledged.push(ack);
        if (acknowledged.length === 60) first.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    // Killed mid-way: some requests were in flight (their connections cut, not refused) when it died.
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(cutOff).toBe(20);
    expect(failures.filter((code) => code !== 'ECONNREFUSED').length).toBeGreaterThan(0);
    // The state file on disk is whole (written by rename, never in place).
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).format).toBe(1);

    const second = await startCli(dir);
    const tokens = await Promise.all(
      acknowledged.map((a) =>
        postForm(
          `${second.url}/okta/oauth2/default/v1/token`,
          { grant_type: 'client_credentials', scope: 'api:read' },
          basic(a.clientId, a.clientSecret),
        ).then((res) => [a.via, a.clientId, res.status] as const),
      ),
    );
    expect(tokens.filter(([, , status]) => status !== 200)).toEqual([]);
  }, 60_000);
});
