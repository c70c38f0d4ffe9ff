/**
 * The worker processes of a chaos run: N `docjobs worker` children, one of which is SIGKILLed every
 * few seconds and started again at once. Before each kill the jobs in flight are noted, so the time
 * until all of them have ended (picked up again by a live worker) can be measured afterwards.
 * A worker that exits without being killed is a crash, reported with the end of its output.
 */
import type pg from 'pg';
import { type RunningProcess, runDocjobs, waitForOutput } from '../processes.ts';

export interface Kill {
  /** The database's clock at the kill, so it compares with jobs.completed_at. */
  at: Date;
  inFlight: string[];
}

export interface WorkerFleet {
  kills: Kill[];
  crashes: string[];
  /** Begin killing one worker every `everyMs`, chosen by `random`. */
  startKilling(everyMs: number, random: () => number): void;
  stopKilling(): Promise<void>;
  /** SIGTERM every worker and wait for them. */
  stopAll(): Promise<void>;
}

export async function startWorkerFleet(options: {
  count: number;
  env: Record<string, string>;
  pool: pg.Pool;
  schema: string;
}): Promise<WorkerFleet> {
  const kills: Kill[] = [];
  const crashes: string[] = [];
  const meantToEnd = new Set<RunningProcess>();
  const workers: RunningProcess[] = [];
  let fleetStopped = false;
  // A worker that exits by itself is reported, and replaced as a process supervisor would.
  const spawnWorker = (slot: number) => {
    const worker = runDocjobs(['worker'], options.env);
    workers[slot] = worker;
    worker.child.once('exit', (code, signal) => {
      if (meantToEnd.has(worker)) return;
      crashes.push(`worker exited ${code ?? signal}: ${worker.output().slice(-2000)}`);
      if (!fleetStopped) spawnWorker(slot);
    });
  };
  for (let slot = 0; slot < options.count; slot++) spawnWorker(slot);
  await Promise.all(workers.map((worker) => waitForOutput(worker, /docjobs worker running/)));

  let killing: Promise<void> | null = null;
  let stopped = false;
  let wake = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  async function killOne(random: () => number) {
    const index = Math.floor(random() * workers.length);
    const victim = workers[index]!;
    const noted = await options.pool
      .query<{ at: Date; ids: string[] | null }>(
        `SELECT now() AS at, array_agg(id) AS ids FROM ${options.schema}.jobs WHERE status = 'processing'`,
      )
      .catch(() => null); // the database may be restarting: kill all the same
    meantToEnd.add(victim);
    victim.child.kill('SIGKILL');
    await victim.exited;
    spawnWorker(index);
    if (noted) kills.push({ at: noted.rows[0]!.at, inFlight: noted.rows[0]!.ids ?? [] });
  }

  return {
    kills,
    crashes,
    startKilling(everyMs, random) {
      killing = (async () => {
        while (!stopped) {
          await pause(everyMs);
          if (!stopped) await killOne(random);
        }
      })();
    },
    async stopKilling() {
      stopped = true;
      wake();
      await killing;
    },
    async stopAll() {
      fleetStopped = true;
      for (const worker of workers) meantToEnd.add(worker);
      await Promise.all(
        workers.map(async (worker) => {
          if (worker.child.exitCode === null && worker.child.signalCode === null)
            worker.child.kill('SIGTERM');
          await worker.exited;
        }),
      );
    },
  };
}
