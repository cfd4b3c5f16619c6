/**
 * Issue 15 as a QA team uses it: the CLI with `--workers 2 --store redis://… --tls --tenant-ports` (both workers on
 * the same ports, one CA in a shared `--ca-dir`), and the vendors' own SDKs pointed at it with only their documented
 * options (the interop suite's apps, test/interop/apps/*.mjs), several at once so that their connections land on
 * both workers. Every token is verified with jose against the tenant's JWKS, fetched over a fresh connection (either
 * worker). Expected values come from the SDKs' results and the vendors' documented claims, as in test/interop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarnessManifest, ManifestTenant } from '../../shared/harness/manifest';
import { MAIN } from '../helpers/cli';
import { AUTH0, AZURE, OKTA } from '../helpers/demo';
import { quietPortTrio } from '../helpers/ports';
import { CA_DIR, getJson, removeAppHomeAfterAll, runApp, uniqueName, verifyJwt } from '../interop/support';
import { track, useFleet } from './support';

const fleet = useFleet({ processes: false });
let primary: ChildProcess;
let manifest: HarnessManifest;
let caFile: string;

removeAppHomeAfterAll();

beforeAll(async () => {
  const port = await quietPortTrio();
  const args = [
    '--workers',
    '2',
    '--store',
    fleet.redis.url,
    '--tls',
    '--tenant-ports',
    '--ca-dir',
    CA_DIR,
    '--port',
    String(port),
  ];
  primary = track(spawn(process.execPath, [MAIN, ...args, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    primary.stdout?.on('data', (d) => {
      out += d;
      const url = /^(https:\/\/\S+)$/m.exec(out)?.[1];
      if (url) resolve(url);
    });
    primary.stderr?.on('data', (d) => (out += d));
    primary.once('exit', (code) => reject(new Error(`the fleet exited ${code}: ${out}`)));
  });
  caFile = `${CA_DIR}/ca-v1/ca.pem`;
  manifest = (await getJson(`${origin}/harness.json`, caFile)) as HarnessManifest;
  expect(manifest.tls?.caFile).toBe(caFile);
}, 60_000);

afterAll(async () => {
  if (primary?.pid && primary.exitCode === null) {
    const exited = new Promise((resolve) => primary.once('exit', resolve));
    process.kill(-primary.pid, 'SIGINT');
    await exited;
  }
});

const tenant = (id: string): ManifestTenant => {
  const found = manifest.tenants.find((t) => t.id === id);
  if (!found) throw new Error(`no tenant ${id}`);
  return found;
};

/**
 * The Okta requests one worker's live traffic holds, by GET /_control/traffic over a connection of its own (no
 * keep-alive: cluster hands each new one to the next worker). A worker's own GETs change its list; its Okta rows do not.
 */
function trafficView(): Promise<{ ids: number[]; okta: number }> {
  return new Promise((resolve, reject) => {
    https
      .get(`${manifest.url}/_control/traffic`, { ca: readFileSync(caFile, 'utf8'), agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const { entries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            entries: { id: number; tenant: string | null }[];
          };
          const okta = entries.filter((e) => e.tenant === 'okta');
          resolve({ ids: okta.map((e) => e.id), okta: okta.length });
        });
      })
      .on('error', reject);
  });
}

/** Three runs of one app at once: three processes, each with connections of its own. */
const thrice = <T>(run: () => Promise<T>) => Promise.all([run(), run(), run()]);

describe('the vendors\u2019 SDKs against two workers on Redis, over TLS', () => {
  it('@okta/okta-sdk-nodejs: three apps at once create, use, deactivate and delete a service app each', async () => {
    const okta = tenant('okta');
    const results = await thrice(() => {
      const label = uniqueName('fleet-okta');
      return runApp<{
        created: { id: string; clientId: string; status: string; label: string };
        activeToken: { accessToken?: string };
        listed: { id: string; label: string; status: string }[];
        deactivatedToken: { error?: string; status?: number };
        afterDelete: { status: number; errorCode?: string };
      }>('okta-sdk-nodejs', caFile, {
        orgUrl: new URL(okta.baseUrl).origin,
        token: okta.registration.credentials.apiToken,
        label,
        issuer: okta.issuer,
        scope: OKTA.scope,
      });
    });
    for (const result of results) {
      expect(result.created.status).toBe('ACTIVE');
      const claims = await verifyJwt(result.activeToken.accessToken ?? '', okta.jwksUri, caFile, {
        issuer: okta.issuer,
        audience: okta.audience ?? 'api://default',
      });
      expect(claims).toMatchObject({ cid: result.created.clientId, scp: [OKTA.scope] });
      expect(result.listed).toEqual([{ id: result.created.id, label: result.created.label, status: 'ACTIVE' }]);
      // Okta: a deactivated app's credentials are refused with 401 invalid_client; a deleted app is E0000007 (404).
      expect(result.deactivatedToken).toEqual({ error: 'invalid_client', status: 401 });
      expect(result.afterDelete).toEqual({ status: 404, errorCode: 'E0000007' });
    }
    // Both workers served the SDKs: each keeps its own live traffic (README), and fresh connections are handed to
    // the workers in turn, so the views differ and each holds requests to the Okta tenant.
    const views = [];
    for (let i = 0; i < 4; i++) views.push(await trafficView());
    const distinct = new Map(views.map((v) => [v.ids.join(','), v]));
    expect(distinct.size).toBe(2);
    for (const view of distinct.values()) expect(view.okta).toBeGreaterThan(0);
  }, 90_000);

  it('auth0 ManagementClient: three apps at once create, rotate, grant and delete a client; its token verifies', async () => {
    const auth0 = tenant('auth0');
    const results = await thrice(() =>
      runApp<{
        created: { client_id: string };
        rotated: { secretChanged: boolean };
        token: { accessToken: string };
        afterDelete: { statusCode: number; errorCode?: string };
      }>('auth0', caFile, {
        domain: new URL(auth0.baseUrl).host,
        clientId: auth0.registration.credentials.clientId,
        clientSecret: auth0.registration.credentials.clientSecret,
        audience: AUTH0.audience,
        scope: 'read:data',
        name: uniqueName('fleet-auth0'),
      }),
    );
    for (const result of results) {
      const id = result.created.client_id;
      expect(result.rotated.secretChanged).toBe(true);
      const claims = await verifyJwt(result.token.accessToken, auth0.jwksUri, caFile, {
        issuer: auth0.issuer,
        audience: AUTH0.audience,
      });
      // Auth0's client-credentials claims: sub "<client_id>@clients", gty "client-credentials".
      expect(claims).toMatchObject({ azp: id, sub: `${id}@clients`, gty: 'client-credentials' });
      expect(result.afterDelete).toEqual({ statusCode: 404, errorCode: 'inexistent_client' });
    }
  }, 90_000);

  it('@azure/msal-node: three confidential clients at once get v1 tokens for the demo API', async () => {
    const entra = tenant('azure');
    const origin = new URL(entra.baseUrl).origin;
    const results = await thrice(() =>
      runApp<{ accessToken: string; tokenType: string }>('msal-node', caFile, {
        authority: `${origin}/${AZURE.tenantId}`,
        knownAuthorities: [new URL(origin).host],
        clientId: AZURE.clientId,
        clientSecret: AZURE.clientSecret,
        scopes: [`${AZURE.resource}/.default`],
      }),
    );
    for (const result of results) {
      expect(result.tokenType).toBe('Bearer');
      // A v1 token (the demo API asks for v1): issuer sts.windows.net/<tenant>/, appid.
      const claims = await verifyJwt(result.accessToken, entra.jwksUri, caFile, {
        issuer: `https://sts.windows.net/${AZURE.tenantId}/`,
        audience: AZURE.resource,
      });
      expect(claims).toMatchObject({ appid: AZURE.clientId, tid: AZURE.tenantId, ver: '1.0' });
    }
  }, 90_000);
});
