/**
 * Issue 10, item 8: `--data` holds private keys and secrets, so it never writes through a link someone planted
 * in the directory, and refuses a directory others may write to or a state file that is a link.
 */
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirError, directoryProblem } from '../../mock-idp/core/data-dir';
import { type Harness, startHarness } from '../../mock-idp/harness';
import { OKTA } from '../helpers/demo';
import { send } from '../helpers/http';

const cleanup: string[] = [];
const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.close()));
  await Promise.all(cleanup.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dcr-kit-links-'));
  cleanup.push(dir);
  return dir;
}

async function registerAtOkta(harness: Harness): Promise<number> {
  const okta = harness.manifest.tenants.find((t) => t.id === 'okta');
  const res = await send(`${harness.url}/okta/oauth2/v1/clients`, {
    method: 'POST',
    headers: { authorization: `SSWS ${okta?.registration.credentials.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'after the plant',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'service',
    }),
  });
  return res.status;
}

describe('--data and planted links', () => {
  it('does not follow a link planted as the temporary state file: the target keeps its contents and mode', async () => {
    const dir = await freshDir();
    const outside = await freshDir();
    const victim = join(outside, 'victim.txt');
    await writeFile(victim, 'do not overwrite\n', { mode: 0o644 });
    // The harness writes `state.json.<pid>.tmp` and renames it: the name is predictable, so plant it.
    await symlink(victim, join(dir, `state.json.${process.pid}.tmp`));
    const harness = await startHarness({ port: 0, dataDir: dir });
    running.push(harness);
    expect(await registerAtOkta(harness)).toBe(201);
    expect(await readFile(victim, 'utf8')).toBe('do not overwrite\n');
    expect((await stat(victim)).mode & 0o777).toBe(0o644);
    const state = await lstat(join(dir, 'state.json'));
    expect(state.isFile()).toBe(true);
    expect(state.mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toContain('after the plant');
    expect(await readFile(join(dir, 'state.json'), 'utf8')).toContain(OKTA.clientSecret);
  });

  it('refuses a state file that is a link, saying so', async () => {
    const dir = await freshDir();
    const outside = await freshDir();
    await writeFile(join(outside, 'elsewhere.json'), '{}');
    await symlink(join(outside, 'elsewhere.json'), join(dir, 'state.json'));
    const start = startHarness({ port: 0, dataDir: dir });
    await expect(start).rejects.toBeInstanceOf(DataDirError);
    await expect(start).rejects.toThrow(/state\.json is a symbolic link; the harness will not follow it/);
    expect(await readFile(join(outside, 'elsewhere.json'), 'utf8')).toBe('{}');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('refuses a directory every user may write to, sticky or not', async () => {
    for (const mode of [0o777, 0o1777]) {
      const dir = await freshDir();
      await chmod(dir, mode);
      await expect(startHarness({ port: 0, dataDir: dir })).rejects.toThrow(
        new RegExp(`is writable by every user \\(mode ${mode.toString(8)}\\)`),
      );
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("refuses another user's directory, and one another group may write to (owner and mode as stat gives them)", () => {
    // Owners are the case a test cannot make on disk without root, so the rule is held here as the stat values it reads.
    const me = { uid: 1000, gid: 1000 };
    expect(directoryProblem({ mode: 0o40700, uid: 4242, gid: 1000 }, me)).toBe('belongs to another user (uid 4242)');
    expect(directoryProblem({ mode: 0o40770, uid: 1000, gid: 4242 }, me)).toBe(
      'is writable by group 4242, which is not yours (mode 770)',
    );
    expect(directoryProblem({ mode: 0o41777, uid: 1000, gid: 1000 }, me)).toBe('is writable by every user (mode 1777)');
    expect(directoryProblem({ mode: 0o40775, uid: 1000, gid: 1000 }, me)).toBeUndefined();
    expect(directoryProblem({ mode: 0o40700, uid: 1000, gid: 4242 }, me)).toBeUndefined();
  });

  it("accepts a directory its own group may write to (umask 002 with the user's own group)", async () => {
    const dir = await freshDir();
    await chmod(dir, 0o775);
    const harness = await startHarness({ port: 0, dataDir: dir });
    running.push(harness);
    expect(await readdir(dir)).toContain('state.json');
  });

  it('creates a missing data directory private to its user', async () => {
    const parent = await freshDir();
    const harness = await startHarness({ port: 0, dataDir: join(parent, 'new') });
    running.push(harness);
    expect((await stat(join(parent, 'new'))).mode & 0o777).toBe(0o700);
  });

  it('releases the directory when a start fails before serving (a public URL that is not a URL)', async () => {
    const dir = await freshDir();
    await expect(startHarness({ port: 0, dataDir: dir, publicUrl: 'not a url' })).rejects.toThrow();
    const harness = await startHarness({ port: 0, dataDir: dir });
    running.push(harness);
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
