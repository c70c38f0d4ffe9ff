/**
 * A throwaway PostgreSQL cluster of its own (initdb in a temp dir, a free port on 127.0.0.1) that
 * the chaos run may crash and restart without disturbing the shared server other tests use.
 * The server binaries come from PG_BIN, `pg_config --bindir`, or Debian's /usr/lib/postgresql/N/bin.
 * PostgreSQL refuses to run as root, so as root every command runs as the `postgres` user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface PrivatePostgres {
  url: string;
  port: number;
  /** Stop the server: `immediate` is a crash (recovery from WAL on start), `fast` a clean stop. */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  /** Stop it for good and remove its files. */
  destroy(): Promise<void>;
  /** The server's own log, for a failed run's report. */
  log(): string;
}

/** The directory of initdb/pg_ctl, or null when this machine has no PostgreSQL server binaries. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH: Debian keeps the server binaries in versioned folders
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

export async function startPrivatePostgres(bin: string, port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'docjobs-chaos-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  // Asynchronous: the chaos run's submitter and webhook receiver go on while the server restarts.
  const run = async (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    await promisify(execFile)(command, fullArgs, { timeout: 120_000 });
  };
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // fsync off: a crash of the server process (what the chaos run does) loses nothing the OS
  // already has; only a crash of the machine would. Commits stay synchronous, so an answered
  // submit is never lost. The socket lives in the cluster's folder, not the shared /run.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']);
  const stop = (mode: 'immediate' | 'fast' = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop('immediate').catch(() => {}); // already stopped
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
