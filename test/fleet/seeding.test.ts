/**
 * Issue 15, "seeded once" (README "Run it for a team"): four harness processes started at the same moment on one
 * empty Redis race to seed it, and still serve one state: every demo client is listed once and gets a token at every
 * process, every tenant's JWKS is the same at every process (one signing key per tenant, created once), a token
 * signed at one process verifies against another's JWKS, and a client registered at one is known at all.
 */
import { execFileSync } from 'node:child_process';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUTH0, AZURE, CURITY, OKTA } from '../helpers/demo';
import { basic, send, type WireResponse } from '../helpers/http';
import { quietPortTrio } from '../helpers/ports';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';
import {
  AUTH0_MANAGEMENT,
  auth0ManagementToken,
  curityInitialToken,
  type FleetProcess,
  GRAPH_PROVIDER,
  graphToken,
  manifestOf,
  provider,
  type Registrar,
  startProcess,
  useFleet,
  via,
} from './support';

const fleet = useFleet({ processes: false });
const PROCESSES = 4;

/**
 * Each tenant's demo clients (README's demo credentials, helpers/demo.ts; the management clients as harness.json
 * lists them), each with its vendor's own client_credentials request (vendors.md §1.1, §2.1, §3.1, §4.1), and the JWKS
 * path that vendor publishes the token's keys at (vendors.md §0.1 "JWKS").
 */
interface Demo {
  tenant: string;
  clientId: string;
  token(url: string): Promise<WireResponse>;
  /** Where its token's key is published; none for an opaque token. */
  jwks?: string;
}

const DEMOS: Demo[] = [
  {
    tenant: 'auth0',
    clientId: AUTH0.clientId,
    token: (url) => vendorToken('auth0', url, AUTH0.clientId, AUTH0.clientSecret),
    jwks: '/auth0/.well-known/jwks.json',
  },
  {
    tenant: 'auth0',
    clientId: AUTH0_MANAGEMENT.clientId,
    // The Management API's audience names the issuer's origin: the fleet's public URL (process 0's origin).
    token: (url) => auth0ManagementToken(url, publicUrl),
    jwks: '/auth0/.well-known/jwks.json',
  },
  {
    tenant: 'okta',
    clientId: OKTA.clientId,
    token: (url) => vendorToken('okta', url, OKTA.clientId, OKTA.clientSecret),
    jwks: '/okta/oauth2/default/v1/keys',
  },
  {
    tenant: 'curity',
    clientId: CURITY.clientId,
    token: (url) => vendorToken('curity', url, CURITY.clientId, CURITY.clientSecret),
    jwks: '/curity/oauth/v2/oauth-anonymous/jwks',
  },
  {
    tenant: 'curity',
    clientId: CURITY.dcrClientId,
    token: curityInitialToken,
    // The initial access token is Curity's default opaque reference token (vendors.md §2.1 "Token format").
  },
  {
    tenant: 'azure',
    clientId: AZURE.clientId,
    // v1 endpoint, v1 token: its keys at the v1 JWKS (vendors.md §4.2).
    token: (url) => vendorToken('azure', url, AZURE.clientId, AZURE.clientSecret),
    jwks: '/azure/common/discovery/keys',
  },
  {
    tenant: 'azure',
    clientId: GRAPH_PROVIDER.clientId,
    token: graphToken,
    jwks: `/azure/${AZURE.tenantId}/discovery/v2.0/keys`,
  },
];

/** The tenants' JWKS paths (vendors.md §0.1 "JWKS"; Entra's v1 and v2 sets both). */
const JWKS_PATHS = [...new Set(DEMOS.flatMap((d) => (d.jwks ? [d.jwks] : [])))];

let publicUrl = '';

/** All four processes spawned at once (Promise.all), process 0's origin the fleet's public URL. */
async function startFleetAtOnce(redisUrl: string): Promise<FleetProcess[]> {
  const port = await quietPortTrio();
  publicUrl = `http://127.0.0.1:${port}`;
  return Promise.all(
    Array.from({ length: PROCESSES }, (_, i) => startProcess(redisUrl, { publicUrl, ...(i === 0 ? { port } : {}) })),
  );
}

const jwksAt = async (at: FleetProcess, path: string) => {
  const res = await send(`${at.url}${path}`);
  expect([path, res.status]).toEqual([path, 200]);
  return res.json as { keys: { kid: string }[] };
};

describe(`${PROCESSES} processes started at once on one empty Redis`, () => {
  it('seed one state: demo clients once, one signing key per tenant, tokens verifying across processes, registrations shared', async () => {
    const { redis } = fleet;
    // Empty: nothing seeded before the race.
    expect(execFileSync('redis-cli', ['-p', String(redis.port), 'DBSIZE'], { encoding: 'utf8' }).trim()).toBe('0');
    const processes = await startFleetAtOnce(redis.url);

    // Every demo client is listed once in its tenant, and every process lists the same clients.
    const listings = await Promise.all(processes.map(async (at) => (await send(`${at.url}/_control/clients`)).json));
    for (const listing of listings.slice(1)) expect(listing).toEqual(listings[0]);
    for (const demo of DEMOS) {
      const tenant = listings[0].tenants.find((t: { tenant: string }) => t.tenant === demo.tenant);
      const ids = tenant.clients.map((c: { clientId: string }) => c.clientId);
      expect([demo.tenant, demo.clientId, ids.filter((id: string) => id === demo.clientId).length]).toEqual([
        demo.tenant,
        demo.clientId,
        1,
      ]);
    }

    // Every tenant's JWKS is the same at every process, with one key: created once, by whichever process won.
    const sets = new Map<string, { keys: { kid: string }[] }>();
    for (const path of JWKS_PATHS) {
      const [first, ...rest] = await Promise.all(processes.map((at) => jwksAt(at, path)));
      for (const other of rest) expect(other).toEqual(first);
      expect([path, first?.keys.length]).toEqual([path, 1]);
      sets.set(path, first as { keys: { kid: string }[] });
    }

    // Every demo client gets a token at every process, signed with that one key, and verifying against the JWKS
    // fetched from the next process.
    for (const demo of DEMOS)
      for (const [i, at] of processes.entries()) {
        const issued = await demo.token(at.url);
        expect([demo.clientId, i, issued.status]).toEqual([demo.clientId, i, 200]);
        if (!demo.jwks) continue;
        const jwt = issued.json.access_token as string;
        const next = processes[(i + 1) % PROCESSES] as FleetProcess;
        const jwks = await jwksAt(next, demo.jwks);
        expect(decodeProtectedHeader(jwt).kid).toBe(sets.get(demo.jwks)?.keys[0]?.kid);
        await expect(jwtVerify(jwt, createLocalJWKSet(jwks as never))).resolves.toBeTruthy();
      }

    // The gateway's application registry was seeded once too: the demo credentials pass at every gateway.
    for (const at of processes)
      expect((await send(`${at.gateway}/okta/orders`, { headers: basic(OKTA.clientId, OKTA.clientSecret) })).status).toBe(200);

    // A client registered at one process (each vendor's API and the bridge, a different process each) gets a token
    // at every process.
    const manifest = await manifestOf(processes[0] as FleetProcess);
    const registrars: [Registrar, TokenVendor][] = [
      ['auth0', 'auth0'],
      ['okta', 'okta'],
      ['curity', 'curity'],
      ['azure', 'azure'],
      ['dcr-bridge', 'dcr-bridge'],
    ];
    for (const [n, [registrar, vendor]] of registrars.entries()) {
      const at = processes[n % PROCESSES] as FleetProcess;
      const client = await provider(manifest, registrar, via(publicUrl, at.url)).create({
        name: `seeding ${registrar}`,
        scopes: [],
      });
      for (const [i, other] of processes.entries())
        expect([registrar, i, (await vendorToken(vendor, other.url, client.clientId, client.clientSecret)).status]).toEqual([
          registrar,
          i,
          200,
        ]);
    }
  }, 40_000);
});
