/**
 * Issue 6, persistence: `startHarness({ dataDir })` (the CLI's `--data <dir>`) keeps registered clients, secrets,
 * grants, portal applications and keys across a restart; in-memory stays the default.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirError } from '../../mock-idp/core/data-dir';
import { type Harness, startHarness } from '../../mock-idp/harness';
import { CURITY, OKTA } from '../helpers/demo';
import { basic, postForm, send } from '../helpers/http';
import { portalLogin, STRATEGY_NAMES } from '../helpers/portal';
import { quietPortTrio } from '../helpers/ports';
import { type TokenVendor, vendorToken } from '../helpers/vendor-requests';

const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
});

async function start(dataDir: string, ports?: Harness, config: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const port = (url: string) => Number(new URL(url).port);
  const harness = await startHarness({
    ...config,
    dataDir,
    // A restart on the same ports, as the CLI's fixed defaults (4400-4402) give: the portal keeps the IdP URLs it
    // registered with. Ports below the ephemeral range, so no client socket takes them between stop and restart.
    port: ports ? port(ports.url) : await quietPortTrio(),
    config: {
      ...config.config,
      ...(ports && {
        portal: { port: port(ports.manifest.portal.url) },
        gateway: { port: port(ports.manifest.gateway.url) },
      }),
    },
  });
  running.push(harness);
  return harness;
}

const freshDir = () => mkdtemp(join(tmpdir(), 'dcr-kit-data-'));

async function portalApi(harness: Harness) {
  const portal = harness.manifest.portal.url;
  const cookie = await portalLogin(portal);
  return (method: string, path: string, body?: unknown) =>
    send(`${portal}/api/v3${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

const curityRegistration = (h: Harness) => `${h.url}/curity/token-service/oauth-registration`;

async function registerAtCurity(h: Harness) {
  const iat = await postForm(
    `${h.url}/curity/oauth/v2/oauth-token`,
    { grant_type: 'client_credentials', scope: 'dcr' },
    basic(CURITY.dcrClientId, CURITY.dcrClientSecret),
  );
  const res = await send(curityRegistration(h), {
    method: 'POST',
    headers: { authorization: `Bearer ${iat.json.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'kept', grant_types: ['client_credentials'], scope: 'read' }),
  });
  expect(res.status).toBe(201);
  return res.json as {
    client_id: string;
    client_secret: string;
    registration_client_uri: string;
    registration_access_token: string;
  };
}

describe('--data <dir>', () => {
  it('keeps clients registered through every IdP link, portal applications and keys across a restart', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    const api = await portalApi(first);
    const strategies = (await api('GET', '/application-auth-strategies')).json.data as { id: string; name: string }[];
    const vendors = Object.keys(STRATEGY_NAMES) as TokenVendor[];
    const apps = new Map<TokenVendor, { id: string; client_id: string; client_secret: string }>();
    for (const vendor of vendors) {
      const strategy = strategies.find((s) => s.name === STRATEGY_NAMES[vendor]);
      const created = await api('POST', '/applications', { name: `kept ${vendor}`, auth_strategy_id: strategy?.id });
      expect(created.status, vendor).toBe(201);
      apps.set(vendor, created.json);
    }
    // One application deleted before the restart stays deleted.
    const gone = apps.get('dcr-bridge');
    expect((await api('DELETE', `/applications/${gone?.id}`)).status).toBe(204);
    const curity = await registerAtCurity(first);
    const before = await vendorToken('okta', first.url, OKTA.clientId, OKTA.clientSecret);
    const keysBefore = (await send(first.manifest.tenants.find((t) => t.id === 'okta')?.jwksUri ?? '')).json;
    await first.close();

    const second = await start(dir, first);
    // Every kept client gets a token with the secret shown once, before the restart.
    for (const vendor of vendors.filter((v) => v !== 'dcr-bridge')) {
      const app = apps.get(vendor);
      const token = await vendorToken(vendor, second.url, app?.client_id ?? '', app?.client_secret ?? '');
      expect(token.status, vendor).toBe(200);
    }
    expect((await vendorToken('dcr-bridge', second.url, gone?.client_id ?? '', gone?.client_secret ?? '')).status).toBe(401);
    // The portal lists the kept applications, and the gateway lets them in.
    const api2 = await portalApi(second);
    const listed = (await api2('GET', '/applications')).json.data as { id: string }[];
    expect(listed.map((a) => a.id).sort()).toEqual(
      vendors
        .filter((v) => v !== 'dcr-bridge')
        .map((v) => apps.get(v)?.id)
        .sort(),
    );
    const okta = apps.get('okta');
    const viaGateway = await send(`${second.manifest.gateway.url}/okta/anything`, {
      headers: basic(okta?.client_id ?? '', okta?.client_secret ?? ''),
    });
    expect(viaGateway.status).toBe(200);
    // Management through the IdP still works for kept registrations: a portal regenerate reaches the IdP ...
    const regenerated = await api2('POST', `/applications/${okta?.id}/regenerate-secret`);
    expect(regenerated.status).toBe(201);
    expect((await vendorToken('okta', second.url, okta?.client_id ?? '', regenerated.json.client_secret)).status).toBe(200);
    // ... and Curity's registration access token still manages its client (RFC 7592 GET).
    const read = await send(curity.registration_client_uri, {
      headers: { authorization: `Bearer ${curity.registration_access_token}` },
    });
    expect(read.status).toBe(200);
    expect(read.json.client_id).toBe(curity.client_id);
    // Keys were kept: the JWKS is the same and a token from before the restart verifies against it.
    const keysAfter = (await send(second.manifest.tenants.find((t) => t.id === 'okta')?.jwksUri ?? '')).json;
    expect(keysAfter).toEqual(keysBefore);
    await expect(jwtVerify(before.json.access_token, createLocalJWKSet(keysAfter))).resolves.toBeTruthy();
  }, 60_000);

  it('writes the state file before answering, with 0600 permissions, and keeps in-memory as the default', async () => {
    const dir = await freshDir();
    const harness = await start(dir);
    const created = await registerAtCurity(harness);
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(state.format).toBe(1);
    expect(state.tenants.curity.state.clients.map((c: { clientId: string }) => c.clientId)).toContain(created.client_id);
    expect(state.tenants.curity.keys.current).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);

    const memory = await startHarness({ port: 0 });
    running.push(memory);
    expect(memory.notices).toEqual([]);
    const other = await registerAtCurity(memory);
    expect(
      JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).tenants.curity.state.clients.map(
        (c: { clientId: string }) => c.clientId,
      ),
    ).not.toContain(other.client_id);
  }, 30_000);

  it('goes back to the seed on reset and stays there after a restart', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    const created = await registerAtCurity(first);
    expect((await send(`${first.url}/_control/reset`, { method: 'POST' })).status).toBe(200);
    await first.close();
    const second = await start(dir, first);
    const token = await postForm(
      `${second.url}/curity/oauth/v2/oauth-token`,
      { grant_type: 'client_credentials', scope: 'read' },
      basic(created.client_id, created.client_secret),
    );
    expect(token.status).toBe(401);
    expect((await vendorToken('curity', second.url, CURITY.clientId, CURITY.clientSecret)).status).toBe(200);
  }, 30_000);

  it('refuses a directory another harness or a live process holds, and takes over a lock left by a process that died', async () => {
    const dir = await freshDir();
    await start(dir);
    await expect(startHarness({ port: 0, dataDir: dir })).rejects.toThrow(DataDirError);
    await Promise.all(running.splice(0).map((h) => h.close()));
    // The parent of this test process is alive: its lock holds.
    await writeFile(join(dir, 'lock'), `${process.ppid}\n`);
    await expect(startHarness({ port: 0, dataDir: dir })).rejects.toThrow(
      `the data directory is in use by process ${process.ppid}`,
    );
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    await writeFile(join(dir, 'lock'), '4194305\n');
    const again = await start(dir);
    expect(again.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  }, 30_000);

  it('keeps a rotated key ring: the new signing key and the old one for the rest of its grace period', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    const rotated = await first.control.rotateKey('okta', 3600);
    // No request made this change: close() writes what is pending.
    await first.close();
    const second = await start(dir, first);
    const keys = (await send(second.manifest.tenants.find((t) => t.id === 'okta')?.jwksUri ?? '')).json.keys;
    expect(keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.kid, rotated.previousKid]);
    const token = await vendorToken('okta', second.url, OKTA.clientId, OKTA.clientSecret);
    expect(JSON.parse(Buffer.from(token.json.access_token.split('.')[0], 'base64url').toString()).kid).toBe(rotated.kid);
  }, 30_000);

  it('moves stored URLs to the new origins when restarted on other ports', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    const curity = await registerAtCurity(first);
    await first.close();
    const second = await start(dir);
    expect(second.url).not.toBe(first.url);
    // Auth0's Management API audience names the harness origin: registration through the portal still works.
    const api = await portalApi(second);
    const strategies = (await api('GET', '/application-auth-strategies')).json.data as { id: string; name: string }[];
    const auth0 = strategies.find((s) => s.name === STRATEGY_NAMES.auth0);
    const created = await api('POST', '/applications', { name: 'after a move', auth_strategy_id: auth0?.id });
    expect(created.status).toBe(201);
    expect((await vendorToken('auth0', second.url, created.json.client_id, created.json.client_secret)).status).toBe(200);
    // Curity's registration access token manages its client at the new registration_client_uri.
    const moved = curity.registration_client_uri.replace(first.url, second.url);
    const read = await send(moved, { headers: { authorization: `Bearer ${curity.registration_access_token}` } });
    expect(read.status).toBe(200);
    expect(read.json.registration_client_uri).toBe(moved);
  }, 30_000);

  it('names a state file it cannot restore, leaves nothing listening and releases the directory', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    await first.close();
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    state.tenants.okta.state = {};
    await writeFile(join(dir, 'state.json'), JSON.stringify(state));
    await expect(startHarness({ port: Number(new URL(first.url).port), dataDir: dir })).rejects.toThrow(
      /state\.json: cannot restore it \(.*\); move it away to start afresh$/,
    );
    // The same port and directory are free again.
    await rm(join(dir, 'state.json'));
    const again = await start(dir, first);
    expect(again.url).toBe(first.url);
  }, 30_000);

  it('names the file when the saved state cannot be read, and starts nothing', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, 'state.json'), '{"format":1,"tenants":');
    await expect(startHarness({ port: 0, dataDir: dir })).rejects.toThrow(`${join(dir, 'state.json')} is not valid JSON`);
    await writeFile(join(dir, 'state.json'), '{"format":99,"tenants":{}}');
    await expect(startHarness({ port: 0, dataDir: dir })).rejects.toThrow('not a dcr-kit state file of format 1');
  });

  it('starts a tenant whose configuration changed from its seed, says so, and keeps its keys', async () => {
    const dir = await freshDir();
    const first = await start(dir);
    const created = await registerAtCurity(first);
    const kid = (await send(first.manifest.tenants.find((t) => t.id === 'curity')?.jwksUri ?? '')).json.keys[0].kid;
    await first.close();
    const second = await start(dir, first, {
      config: {
        tenants: [
          {
            id: 'curity',
            vendor: 'curity',
            tokenLifetime: 600,
            clients: [{ clientId: CURITY.clientId, clientSecret: CURITY.clientSecret, name: 'demo', scopes: ['read'] }],
          },
        ],
      },
    });
    expect(second.notices).toEqual([
      expect.stringMatching(
        /: tenant "curity": its configuration changed; it starts from the configured seed — the previous state is kept in .*state\.[\dTZ-]+\.json$/,
      ),
    ]);
    const copy = /kept in (.*)$/.exec(second.notices[0] ?? '')?.[1] ?? '';
    const kept = JSON.parse(await readFile(copy, 'utf8')).tenants.curity.state.clients as { clientId: string }[];
    expect(kept.map((c) => c.clientId)).toContain(created.client_id);
    const token = await postForm(
      `${second.url}/curity/oauth/v2/oauth-token`,
      { grant_type: 'client_credentials', scope: 'read' },
      basic(created.client_id, created.client_secret),
    );
    expect(token.status).toBe(401);
    expect((await send(second.manifest.tenants.find((t) => t.id === 'curity')?.jwksUri ?? '')).json.keys[0].kid).toBe(kid);
  }, 30_000);
});
