/**
 * `--data <dir>`: the harness state on disk. One JSON snapshot (`state.json`) holds every tenant's clients,
 * secrets, grants and keys and the portal's applications. It is written atomically (a temporary file, fsync,
 * rename, fsync of the directory), and a request that changed state is answered only after a snapshot that
 * contains its change is on disk, so a `kill -9` loses nothing that was acknowledged. Concurrent changes share
 * one write (group commit): the cost is one write per burst, not one per request.
 *
 * A lock file (`lock`, holding the owner's pid) keeps two harnesses from writing the same directory; a lock left
 * by a process that no longer exists (kill -9) is taken over.
 */
import {
  constants,
  copyFileSync,
  linkSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Changes } from './state';

export const STATE_FORMAT = 1;

export interface SavedTenant {
  vendor: string;
  /** SHA-256 of the tenant's configuration when saved; a different configuration starts the tenant from its seed. */
  configHash: string;
  keys: { current: string; retired: { pem: string; until: number }[] };
  state: unknown;
}

export interface SavedState {
  format: typeof STATE_FORMAT;
  savedAt: string;
  tenants: Record<string, SavedTenant>;
  portal: unknown;
  /** Where the harness, portal and gateway were served when saved (stored URLs are rebased on a move). */
  origins?: { harness: string; portal: string; gateway: string; tenants?: Record<string, string> };
}

export class DataDirError extends Error {
  override name = 'DataDirError';
}

/** Directories this process has open (a second harness in the same process must not share one either). */
const openHere = new Set<string>();

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The lock is a file holding the owner's pid, created whole: the pid is written to a private file first and
 * hard-linked to `lock`, which fails if `lock` exists (so no reader ever sees an empty lock). A lock whose process is
 * gone is moved aside under a unique name before the retry, so two starters cannot both take it over.
 */
function takeLock(path: string): void {
  const mine = `${path}.${process.pid}.${Date.now()}`;
  // `wx`: never through a link planted under that name.
  writeFileSync(mine, `${process.pid}\n`, { mode: 0o600, flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // Removed meanwhile: try again.
      }
      const owner = Number.parseInt(text, 10);
      // An unreadable pid, or this process (a second harness here), counts as held.
      if (!Number.isInteger(owner) || owner === process.pid || processExists(owner)) {
        throw new DataDirError(
          `${path}: the data directory is in use by process ${Number.isInteger(owner) ? owner : '(unknown)'}`,
        );
      }
      try {
        renameSync(path, `${path}.stale.${owner}.${process.pid}`);
        unlinkSync(`${path}.stale.${owner}.${process.pid}`);
      } catch {
        // Another starter moved it first; the next link attempt decides.
      }
    }
    throw new DataDirError(`${path}: could not take the lock`);
  } finally {
    unlinkSync(mine);
  }
}

export class DataDir {
  readonly #statePath: string;
  readonly #lockPath: string;
  #savedVersion = -1;
  #writing: Promise<void> | undefined;
  #snapshot: (() => SavedState) | undefined;
  #scheduled = false;
  #closed = false;

  private constructor(
    readonly path: string,
    /** What the directory held at start; undefined for a new directory. */
    readonly saved: SavedState | undefined,
    private readonly changes: Changes,
  ) {
    this.#statePath = join(path, 'state.json');
    this.#lockPath = join(path, 'lock');
  }

  static async open(dir: string, changes: Changes): Promise<DataDir> {
    let path = resolve(dir);
    try {
      await mkdir(path, { recursive: true, mode: 0o700 });
      // One name per directory, however it was reached (a symlink, /var vs /private/var).
      path = realpathSync(path);
    } catch (error) {
      throw new DataDirError(`${path}: cannot create the data directory (${(error as NodeJS.ErrnoException).code})`);
    }
    assertPrivate(path);
    if (openHere.has(path)) throw new DataDirError(`${path}: the data directory is already open in this process`);
    takeLock(join(path, 'lock'));
    openHere.add(path);
    try {
      return new DataDir(path, readState(join(path, 'state.json')), changes);
    } catch (error) {
      openHere.delete(path);
      unlinkSync(join(path, 'lock'));
      throw error;
    }
  }

  /** Starts saving: `snapshot` builds the whole state; every change is then written without being asked. */
  track(snapshot: () => SavedState): void {
    this.#snapshot = snapshot;
  }

  /** The state in memory is what the directory holds (it was just restored from it): nothing to write yet. */
  markSaved(): void {
    this.#savedVersion = this.changes.version;
  }

  /** Called on every change: a background save, for changes made in process (control.reset() from a test). */
  schedule(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush().catch((error: unknown) => {
        process.stderr.write(`mock-idp: could not save state to ${this.path}: ${(error as Error).message}\n`);
      });
    });
  }

  /** Resolves once every change made before the call is on disk. */
  async flush(): Promise<void> {
    const target = this.changes.version;
    while (this.#savedVersion < target && !this.#closed) {
      if (!this.#writing) {
        const version = this.changes.version;
        const snapshot = this.#snapshot;
        if (!snapshot) return;
        const text = JSON.stringify(snapshot());
        this.#writing = this.#write(text)
          .then(() => {
            this.#savedVersion = Math.max(this.#savedVersion, version);
          })
          .finally(() => {
            this.#writing = undefined;
          });
      }
      await this.#writing;
    }
  }

  async #write(text: string): Promise<void> {
    const temporary = `${this.#statePath}.${process.pid}.tmp`;
    // Created new (O_EXCL) with mode 0600: a link planted under this name is never followed, and the file holds
    // private keys and secrets. One left by a killed harness is removed first (unlink removes a link, not its target).
    await unlink(temporary).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    const file = await open(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.#statePath);
    // The rename itself is durable only once the directory entry is flushed (where the platform can: Windows
    // cannot open a directory for fsync, and renames there are already durable).
    try {
      const directory = await open(this.path, 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    } catch (error) {
      if (!['EPERM', 'EISDIR', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }

  /** Copies the state file aside (before a start overwrites saved state it could not use); returns the copy's path. */
  setAside(): string | undefined {
    const copy = join(this.path, `state.${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    try {
      copyFileSync(this.#statePath, copy, constants.COPYFILE_EXCL);
      return copy;
    } catch {
      return undefined;
    }
  }

  /** Writes what is pending and releases the lock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      openHere.delete(this.path);
      try {
        unlinkSync(this.#lockPath);
      } catch {
        // Already gone: nothing to release.
      }
    }
  }
}

/**
 * The directory holds private keys and secrets. Refused (issue 10: a planted link was followed and its target
 * overwritten): a directory of another user, one every user may write to (sticky ones like /tmp itself included:
 * others may still create names in it), one a group other than the user's own may write to, and a state file that is
 * a link. A group-writable directory of the user's own primary group (umask 002 with per-user groups, as on Ubuntu)
 * is accepted. Windows has no such mode bits.
 */
function assertPrivate(path: string): void {
  if (process.platform === 'win32' || process.getuid === undefined) return;
  const problem = directoryProblem(statSync(path), { uid: process.getuid(), gid: process.getgid?.() ?? -1 });
  if (problem)
    throw new DataDirError(
      `${path}: the data directory ${problem}; it holds private keys and secrets: use a directory of your own (chmod 700 ${path})`,
    );
  try {
    if (lstatSync(join(path, 'state.json')).isSymbolicLink())
      throw new DataDirError(`${path}/state.json is a symbolic link; the harness will not follow it (move it away)`);
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Why a directory with this owner and mode must not hold the data (undefined: it may), for the user `me`. */
export function directoryProblem(
  dir: { mode: number; uid: number; gid: number },
  me: { uid: number; gid: number },
): string | undefined {
  const mode = (dir.mode & 0o7777).toString(8);
  if (dir.uid !== me.uid) return `belongs to another user (uid ${dir.uid})`;
  if ((dir.mode & 0o002) !== 0) return `is writable by every user (mode ${mode})`;
  if ((dir.mode & 0o020) !== 0 && dir.gid !== me.gid) return `is writable by group ${dir.gid}, which is not yours (mode ${mode})`;
  return undefined;
}

function readState(path: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataDirError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataDirError(`${path} is not valid JSON (${(error as Error).message}); move it away to start afresh`);
  }
  const state = parsed as Partial<SavedState> | null;
  if (state?.format !== STATE_FORMAT || typeof state.tenants !== 'object' || state.tenants === null) {
    throw new DataDirError(`${path}: not a dcr-kit state file of format ${STATE_FORMAT}; move it away to start afresh`);
  }
  return state as SavedState;
}
