/**
 * A throwaway Redis for the fleet tests (issue 15): Debian's `redis-server` on a free port, with no persistence
 * (`--save ''`, `--appendonly no`), stopped by the test. `.ci/run` installs it when missing; without it the tests
 * fail with the command that installs it (never skipped).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { quietPortTrio } from './ports';

export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server for `ms` (SIGSTOP, then SIGCONT): it answers nothing meanwhile, and keeps its data. */
  pause(ms: number): Promise<void>;
  /** Ends it (SIGKILL: it has nothing to save). */
  close(): Promise<void>;
  /** Ends it and starts it again on the same port, empty (a restart without persistence). */
  restart(): Promise<void>;
  /** Sends one command (e.g. `FLUSHALL`) and resolves with the first line of the reply. */
  command(...args: string[]): Promise<string>;
}

function installed(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** PING over a raw socket until it answers PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** One command in RESP (https://redis.io/docs/latest/develop/reference/protocol-spec/), the reply's first line. */
function command(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().split('\r\n', 1)[0] ?? '');
    });
    socket.once('error', reject);
  });
}

function spawnServer(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function answering(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; ; i++) {
    if (await pong(port)) return;
    if (i === 100) {
      await kill(child);
      throw new Error(`redis-server did not answer PING on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRedis(): Promise<TestRedis> {
  if (!installed()) throw new Error('redis-server is not installed: install it: apt-get install redis-server');
  const port = await quietPortTrio();
  let child = spawnServer(port);
  await answering(port, child);
  const pause = async (ms: number) => {
    child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, ms));
    child.kill('SIGCONT');
  };
  const restart = async () => {
    await kill(child);
    child = spawnServer(port);
    await answering(port, child);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pause,
    close: () => kill(child),
    restart,
    command: (...args) => command(port, args),
  };
}
