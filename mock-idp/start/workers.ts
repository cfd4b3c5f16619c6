/**
 * `--workers N` (issue 15): the CLI's primary process forks N harness processes with node:cluster; they share the
 * harness, portal and gateway ports (the primary accepts connections and hands them round-robin to the workers:
 * https://nodejs.org/api/cluster.html#how-it-works), and their state through the shared store (`--store redis://…`),
 * so they answer as one harness. The primary prints the first worker's banner once every worker serves, stops
 * them all on Ctrl-C or SIGTERM, and replaces a worker that dies later (a rolling restart loses nothing: the state
 * is in Redis).
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/** What a worker tells the primary once it serves: its banner (the primary prints one). */
export interface WorkerReady {
  type: 'dcr-kit:ready';
  stdout: string;
}

/** `auto` is one worker per core; anything else a positive whole number (undefined: not a valid count). */
export function parseWorkers(value: string): number | undefined {
  if (value === 'auto') return availableParallelism();
  return /^[1-9]\d{0,3}$/.test(value) ? Number(value) : undefined;
}

/** In a worker: hands the banner to the primary instead of printing it. */
export function reportReady(stdout: string): void {
  process.send?.({ type: 'dcr-kit:ready', stdout } satisfies WorkerReady);
}

export const isWorker = (): boolean => cluster.isWorker;

/** Runs in the primary: forks `count` workers with the same arguments, and never returns until they stop. */
export function runWorkers(count: number, env: Record<string, string>): void {
  let serving = 0;
  let stopping = false;
  let banner: string | undefined;
  const ready = new Set<Worker>();

  const fork = () => {
    const worker = cluster.fork(env);
    worker.on('message', (message: WorkerReady) => {
      if (message?.type !== 'dcr-kit:ready' || ready.has(worker)) return;
      ready.add(worker);
      banner ??= message.stdout;
      serving++;
      if (serving === count) process.stdout.write(banner);
    });
    worker.on('exit', (code, signal) => {
      const wasReady = ready.delete(worker);
      if (stopping) return;
      if (!wasReady && serving < count) {
        // A worker that could not start (busy port, Redis unreachable, bad config): the fleet does not start.
        stopAll(code ?? 1);
        return;
      }
      process.stderr.write(`mock-idp: worker ${worker.process.pid} stopped (${signal ?? code}); starting another\n`);
      // A replacement that cannot start either (Redis unreachable) is retried once a second, not in a tight loop.
      setTimeout(fork, wasReady ? 0 : 1000);
    });
  };

  /**
   * Stops every worker with SIGTERM and exits once they are gone: with `code`, or 1 if a worker did not stop cleanly
   * (it says which). A second Ctrl-C or SIGTERM while they stop ends them at once (SIGKILL, exit 130), as one
   * process does.
   */
  const stopAll = (code: number) => {
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (stopping) {
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(130);
    }
    stopping = true;
    if (workers.length === 0) process.exit(code);
    let left = workers.length;
    let exitCode = code;
    for (const worker of workers) {
      const started = ready.has(worker);
      worker.once('exit', (workerCode, signal) => {
        // One still starting may be ended by Ctrl-C's SIGINT before it can ignore it: it had nothing to close.
        if (workerCode !== 0 && started) {
          process.stderr.write(`mock-idp: worker ${worker.process.pid} did not stop cleanly (${signal ?? workerCode})\n`);
          exitCode ||= 1;
        }
        if (--left === 0) process.exit(exitCode);
      });
      worker.process.kill('SIGTERM');
    }
  };

  for (let i = 0; i < count; i++) fork();
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
}

/**
 * In a worker: stop on the first SIGTERM, and ignore SIGINT and any later SIGTERM. Ctrl-C in a terminal signals the
 * whole process group, and so do systemd (KillMode=control-group), `timeout` and `kill -TERM -<pgid>`: a worker gets
 * the group's signal and then the primary's SIGTERM, and must not take the second for "stop now" in the middle of
 * its graceful close. The primary is the one to force a stop (SIGKILL on a second signal to it).
 */
export function workerSignals(stop: () => void): void {
  let stopping = false;
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    stop();
  });
}
