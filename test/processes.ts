import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { dropSchemas } from './harness.ts';

export const binPath = new URL('../bin/docjobs.js', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A Node older than the project's (the machine's own, here v20), on which bin/docjobs.js hands
 * over to node_modules/node; null where there is none (then there is no launcher to try).
 */
export function olderNode(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'node');
    if (!existsSync(candidate) || realpathSync(candidate).includes('/node_modules/')) continue;
    const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const [major = 0, minor = 0] = version.trim().split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 18)) return candidate;
  }
  return null;
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * `docjobs …` as a child process with its own environment; output is kept for assertions. `node`
 * is the Node that starts bin/docjobs.js (an older one hands over to the project's Node 24).
 */
export function runDocjobs(
  args: string[],
  env: Record<string, string>,
  node: string = process.execPath,
): RunningProcess {
  const child = spawn(node, [binPath, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(
  process: RunningProcess,
  pattern: RegExp,
  seconds = 60,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const match = process.output().match(pattern);
    if (match) return match;
    if (process.child.exitCode !== null)
      throw new Error(`process exited ${process.child.exitCode}:\n${process.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Poll `${base}/readyz` until it answers 200 ("can take jobs"). */
export async function waitForReady(process: RunningProcess, base: string, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const status = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (process.child.exitCode !== null)
      throw new Error(`process exited ${process.child.exitCode}:\n${process.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${base}/readyz not ready in ${seconds} s:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function stop(process: RunningProcess): Promise<void> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGTERM');
  await process.exited;
}

/**
 * A data directory and a schema of their own for docjobs child processes, and `docjobs ARGS` run
 * there. `cleanup` stops the server the test started, if any, and removes both.
 */
export function processSandbox(backend: 'pglite' | 'postgres', name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `docjobs-${name}-`));
  const schema = `t_${name.replaceAll('-', '_')}_${process.pid}`;
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: backend === 'postgres' ? process.env.DATABASE_URL! : '',
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'warn',
  };
  const docjobs = (...args: string[]) =>
    promisify(execFile)(process.execPath, [binPath, ...args], { env, timeout: 120_000 });
  async function cleanup(server: RunningProcess | null): Promise<void> {
    if (server) await stop(server);
    if (backend === 'postgres') await dropSchemas(env.DATABASE_URL, schema);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { dataDir, env, docjobs, cleanup };
}
