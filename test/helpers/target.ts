/**
 * What the replayable suites (test/conformance/replay, test/interop) run against: `DCR_KIT_TARGET`.
 *
 *   DCR_KIT_TARGET unset or `harness`   a `--tls --tenant-ports` harness started for the file (the default, and CI)
 *   DCR_KIT_TARGET=/path/tenants.json   your own test tenants: the same shape as the harness's /harness.json
 *                                       `tenants` (id, vendor, issuer, discoveryUrl, jwksUri, tokenEndpoint,
 *                                       demoClient {clientId, clientSecret, params}, registration {...})
 *
 * Only expectations that hold for a real tenant belong in a suite that takes a target: checks that need the mock's
 * controls (/_control, faults, the clock, seeded names) stay in the suites that start their own harness.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { type Harness, startHarness } from '../../mock-idp/harness';
import type { ManifestTenant } from '../../shared/harness/manifest';
import { vendorIds } from '../../shared/vendors';
import type { WireResponse } from './http';

export interface Target {
  /** `harness`, or the file a real target was read from. */
  name: string;
  tenants: ManifestTenant[];
  /** The harness, when the target is one (for mock-only checks). */
  harness: Harness | undefined;
  /** The CA file a child process trusts with NODE_EXTRA_CA_CERTS (undefined: the system's CAs suffice). */
  caFile: string | undefined;
  /** An HTTP request that trusts the target's CA, read the way test/helpers/http.ts reads responses. */
  send(url: string, init?: RequestInit): Promise<WireResponse>;
}

const tenantFile = z.object({
  tenants: z
    .array(
      z
        .object({
          id: z.string().min(1),
          vendor: z.enum(vendorIds as [string, ...string[]]),
          baseUrl: z.string().url(),
          issuer: z.string().url(),
          discoveryUrl: z.string().url(),
          jwksUri: z.string().url(),
          tokenEndpoint: z.string().url(),
          demoClient: z.object({
            clientId: z.string().min(1),
            clientSecret: z.string().min(1),
            params: z.record(z.string(), z.string()),
          }),
        })
        .passthrough(),
    )
    .min(1),
  caFile: z.string().optional(),
});

/** The real target named by DCR_KIT_TARGET, validated; a bad file is an error naming the bad field. */
export function readTargetFile(path: string): { tenants: ManifestTenant[]; caFile: string | undefined } {
  const parsed = tenantFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`DCR_KIT_TARGET=${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return { tenants: parsed.data.tenants as unknown as ManifestTenant[], caFile: parsed.data.caFile };
}

export const targetName = (): string => process.env.DCR_KIT_TARGET || 'harness';
export const onRealTarget = (): boolean => targetName() !== 'harness';

/** Starts (or reads) the target for this file's tests. */
export function useTarget(): () => Target {
  let target: Target | undefined;
  let agent: Agent | undefined;
  beforeAll(async () => {
    let harness: Harness | undefined;
    let tenants: ManifestTenant[];
    let caFile: string | undefined;
    if (onRealTarget()) ({ tenants, caFile } = readTargetFile(targetName()));
    else {
      harness = await startHarness({
        port: 0,
        tls: true,
        tenantPorts: true,
        caDir: process.env.DCR_KIT_CA_DIR ?? mkdtempSync(join(tmpdir(), 'dcr-kit-target-ca-')),
      });
      tenants = harness.manifest.tenants;
      caFile = harness.caFile;
    }
    agent = caFile ? new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } }) : undefined;
    const dispatcher = agent;
    target = {
      name: targetName(),
      tenants,
      harness,
      caFile,
      async send(url, init = {}) {
        const response = await undiciFetch(url, { redirect: 'manual', ...(init as object), ...(dispatcher && { dispatcher }) });
        const text = await response.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        return { status: response.status, headers: response.headers as unknown as Headers, text, json };
      },
    };
  });
  afterAll(async () => {
    await agent?.close();
    await target?.harness?.close();
  });
  return () => {
    if (!target) throw new Error('useTarget(): not started yet (call it inside a test or hook)');
    return target;
  };
}
