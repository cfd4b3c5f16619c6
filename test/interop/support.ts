/**
 * The SDK interop suite's plumbing: a harness over TLS with a tenant per origin, each SDK job run as a Node process
 * of its own (test/interop/apps/*.mjs) that trusts the harness's CA through NODE_EXTRA_CA_CERTS, and token checks
 * with jose against the JWKS a tenant publishes.
 *
 * No certificate check is turned off: the apps trust the CA the documented way
 * (https://nodejs.org/api/cli.html#node_extra_ca_certsfile), and this process reads a JWKS with the CA passed as
 * `ca` to https.get (https://nodejs.org/api/tls.html#tlscreatesecurecontextoptions).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose';
import { afterAll } from 'vitest';
import { type Harness, type HarnessOptions, useHarness } from '../../mock-idp/vitest';
import type { ManifestTenant } from '../../shared/harness/manifest';
import type { VendorId } from '../../shared/vendors/types';

const APPS = join(dirname(fileURLToPath(import.meta.url)), 'apps');

/**
 * Where the local CA is kept: $DCR_KIT_CA_DIR when set (as the harness reads it), else one directory per user under
 * the system temp dir, shared by the suite's files (the CA is made once; concurrent starts agree on one).
 */
export const CA_DIR = process.env.DCR_KIT_CA_DIR || join(tmpdir(), `dcr-kit-interop-ca-${userInfo().uid}`);

/** A harness on a free port, every origin over https, every tenant on an origin of its own. */
export function useTlsHarness(options: Pick<HarnessOptions, 'config'> = {}): () => Harness {
  removeAppHomeAfterAll();
  return useHarness({ ...options, tls: true, tenantPorts: true, caDir: CA_DIR });
}

/** The apps' empty HOME is removed when the file's tests end (a file that runs apps without useTlsHarness calls it). */
export function removeAppHomeAfterAll(): void {
  afterAll(() => rmSync(HOME, { recursive: true, force: true }));
}

/** The tenant with this id, or else the first of this vendor (the default tenants' ids are the vendors'). */
export function tenantOf(harness: Harness, idOrVendor: VendorId | string): ManifestTenant {
  const tenants = harness.manifest.tenants;
  const tenant = tenants.find((t) => t.id === idOrVendor) ?? tenants.find((t) => t.vendor === idOrVendor);
  if (!tenant) throw new Error(`no tenant ${idOrVendor} in the manifest`);
  return tenant;
}

export function caFileOf(harness: Harness): string {
  const caFile = harness.manifest.tls?.caFile;
  if (!caFile) throw new Error('the harness serves no TLS (manifest.tls.caFile is missing)');
  return caFile;
}

/** An HTTP exchange an app's SDK made (recorded by apps/lib.mjs). */
export interface Exchange {
  via: string;
  method: string;
  url: string;
  status?: number;
  request?: string;
  response?: string;
  error?: string;
}

export interface AppOutcome<T> {
  ok: boolean;
  result?: T;
  error?: Record<string, unknown>;
  exchanges: Exchange[];
}

// Each app runs with only these variables: no OKTA_CLIENT_* or AZURE_* from the developer's shell, and a HOME
// without ~/.okta/okta.yaml, so the SDKs see exactly the options the app passes.
const HOME = mkdtempSync(join(tmpdir(), 'dcr-kit-interop-home-'));

/** Runs `node apps/<app>.mjs` trusting the harness's CA; resolves with what it printed. */
export function runAppOutcome<T>(app: string, caFile: string, input: unknown): Promise<AppOutcome<T>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(APPS, `${app}.mjs`)],
      {
        env: { PATH: process.env.PATH ?? '', HOME, NODE_EXTRA_CA_CERTS: caFile, INTEROP_INPUT: JSON.stringify(input) },
        timeout: 30_000,
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(last) as AppOutcome<T>);
        } catch {
          reject(new Error(`${app}.mjs printed no result (${error?.message ?? 'exit 0'})\nstdout: ${stdout}\nstderr: ${stderr}`));
        }
      },
    );
  });
}

/** Runs an app whose job must succeed; a failure throws with the SDK's error and every exchange it made. */
export async function runApp<T>(app: string, caFile: string, input: unknown): Promise<T> {
  const outcome = await runAppOutcome<T>(app, caFile, input);
  if (!outcome.ok || outcome.result === undefined) {
    throw new Error(`${app}.mjs failed:\n${JSON.stringify({ error: outcome.error, exchanges: outcome.exchanges }, null, 2)}`);
  }
  return outcome.result;
}

/** GET a JSON document over https, trusting only the harness's CA. */
export function getJson(url: string, caFile: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: readFileSync(caFile, 'utf8') }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text));
        });
      })
      .on('error', reject);
  });
}

/** Verifies an RS256 JWT against the JWKS at `jwksUri` (fetched over https, trusting only the harness's CA). */
export async function verifyJwt(
  token: string,
  jwksUri: string,
  caFile: string,
  options: Pick<JWTVerifyOptions, 'issuer' | 'audience'>,
): Promise<JWTPayload> {
  const jwks = createLocalJWKSet((await getJson(jwksUri, caFile)) as Parameters<typeof createLocalJWKSet>[0]);
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { ...options, algorithms: ['RS256'] });
  if (typeof protectedHeader.kid !== 'string') throw new Error('the token names no kid');
  return payload;
}

/** The origin of a tenant's base URL (`https://127.0.0.1:<port>`). */
export function originOf(tenant: ManifestTenant): string {
  return new URL(tenant.baseUrl).origin;
}

/** A name no other run shares, for what a job creates. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
