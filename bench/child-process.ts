/**
 * Child processes for the start and footprint benches: started from here, timed to the line that
 * says they are ready (then, for a server, to its first 200 from /readyz), their memory read from
 * /proc/PID/status (VmRSS now, VmHWM the peak since the process began), stopped with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './lib.ts';

export const projectRoot = join(import.meta.dirname, '..');

export interface Child {
  child: ChildProcess;
  pid: number;
  /** From spawn to ready (the line, then /readyz answering 200 when there is a URL). */
  readyMs: number;
  /** http://127.0.0.1:PORT when the ready line carried one. */
  url: string | null;
  output(): string;
}

/**
 * Runs `node args…` in the project directory and waits for `ready` on stdout or stderr (its first
 * group, if any, is the server's URL). Fails with the child's output if it exits first.
 */
export async function startChild(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 180_000,
): Promise<Child> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready:\n${output}`)), timeoutMs);
    let settled = false;
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}):\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = settled ? null : ready.exec(output);
      if (match) {
        settled = true;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(match[1] ?? null);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
  if (url) {
    for (;;) {
      const status = await fetch(`${url}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await sleep(20);
    }
  }
  return { child, pid: child.pid!, readyMs: performance.now() - startedAt, url, output: () => output };
}

/** MB of resident memory now, and at the process's peak so far. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Waits until `pid`'s RSS is steady: at least `minMs`, then RSS within 8 MB over the last 2 s
 * (at most 2 minutes). PGlite alone grows ~70 MB/s for 5-10 s after it opens (to ~800 MB), then
 * drops back to ~330 MB at once; an idle figure read during that climb would be meaningless.
 */
export async function settle(pid: number, minMs: number): Promise<void> {
  const startedAt = performance.now();
  const recent: number[] = [];
  for (;;) {
    await sleep(500);
    recent.push(memoryOf(pid).rssMb);
    if (recent.length > 5) recent.shift();
    const steady = recent.length === 5 && Math.max(...recent) - Math.min(...recent) < 8;
    const waited = performance.now() - startedAt;
    if ((steady && waited >= minMs) || waited > 120_000) return;
  }
}

/** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). */
export async function stopChild(child: ChildProcess, graceMs = 60_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
