/**
 * Shared pieces of the bench/ scripts: a docjobs instance in a temp dir (PGlite) or a throwaway
 * schema (PostgreSQL), table printing, polling. Everything talks to 127.0.0.1 only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import { type Docjobs, startDocjobs } from '../src/app.ts';
import { type Config, loadConfig } from '../src/core/config.ts';
import { terminalStatuses } from '../src/core/job-status.ts';
import { bootstrapKeys } from '../src/services/bootstrap-keys.ts';

export type Backend = 'pglite' | 'postgres';

export const benchKey = 'bench-key-0123456789abcdef';
export const authHeaders = { authorization: `Bearer ${benchKey}` };

/** The local server of the brief; BENCH_DATABASE_URL may point elsewhere on 127.0.0.1. */
export const postgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function backendsOf(value: string): Backend[] {
  if (value === 'both') return ['pglite', 'postgres'];
  if (value === 'pglite' || value === 'postgres') return [value];
  throw new Error(`--backend must be pglite, postgres or both, got "${value}"`);
}

export function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

export function makeTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** DROP SCHEMA ... CASCADE on the server, on a connection of its own (the instance is closed by then). */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export interface BenchInstance {
  docjobs: Docjobs;
  config: Config;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** Close docjobs, then remove its temp dir and (PostgreSQL) its two schemas. */
  close(): Promise<void>;
}

export async function startBenchInstance(options: {
  backend: Backend;
  worker: boolean;
  concurrency: number;
}): Promise<BenchInstance> {
  const dir = makeTempDir('docjobs-bench');
  const schema = uniqueName('bench');
  const bossSchema = `${schema}_boss`;
  const url = options.backend === 'postgres' ? postgresUrl : '';
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dir.path,
    DATABASE_URL: url,
    WORKER_CONCURRENCY: String(options.concurrency),
    DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
    LOG_LEVEL: 'silent',
  });
  const cleanup = async () => {
    if (url) await dropSchemas(url, [schema, bossSchema]).catch((e) => console.error('drop schema:', e));
    dir.remove();
  };
  let docjobs: Docjobs;
  try {
    docjobs = await startDocjobs(config, { schema, bossSchema, http: true, worker: options.worker });
  } catch (error) {
    await cleanup();
    throw error;
  }
  try {
    await bootstrapKeys(docjobs.ctx.db, config);
    const baseUrl = await docjobs.app!.listen({ port: 0, host: '127.0.0.1' });
    return {
      docjobs,
      config,
      baseUrl,
      async close() {
        await docjobs.close();
        await cleanup();
      },
    };
  } catch (error) {
    await docjobs.close().catch(() => {});
    await cleanup();
    throw error;
  }
}

const terminalList = terminalStatuses.map((s) => `'${s}'`).join(', ');

/** Count of docjobs rows in a terminal status. */
export async function countTerminal(docjobs: Docjobs): Promise<number> {
  const [row] = await docjobs.ctx.db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM jobs WHERE status IN (${terminalList})`,
  );
  return Number(row?.n ?? 0);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll `count()` every `everyMs` until it reaches `target`; returns the ms from `startedAt`. */
export async function pollUntil(
  count: () => Promise<number>,
  target: number,
  startedAt: number,
  { everyMs = 100, timeoutMs = 600_000 } = {},
): Promise<number> {
  for (;;) {
    if ((await count()) >= target) return performance.now() - startedAt;
    if (performance.now() - startedAt > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${target} (have ${await count()})`);
    }
    await sleep(everyMs);
  }
}

/** Run `task(i)` for i in [0, n) with at most `limit` in flight. */
export async function inParallel(
  n: number,
  limit: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane));
}

export const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu';
  return `${cpus().length} cores (${cpu}), node ${process.version}, ${process.platform}`;
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export const fixed = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Submit a file from disk as a multipart upload; returns the job id. `fields` are more form fields
 * (`type`, `schema`, `categories`…): strings as they are, anything else as JSON.
 */
export async function submitFile(
  baseUrl: string,
  path: string,
  mimeType: string,
  options: Record<string, unknown>,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const form = new FormData();
  form.append('file', await openAsBlob(path, { type: mimeType }), basename(path));
  form.append('options', JSON.stringify(options));
  for (const [name, value] of Object.entries({ type: 'parse', ...fields })) {
    form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = await fetch(`${baseUrl}/v1/jobs`, { method: 'POST', headers: authHeaders, body: form });
  if (response.status !== 202) throw new Error(`submit ${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export interface FinishedJob {
  status: string;
  error: { code: string; message: string } | null;
  qualityScore: number | null;
  qualityCategory: string | null;
  /** The result in the asked-for format; '' when the job has none. */
  result: string;
}

/** A terminal job and its result (`format` of GET /result). */
export async function fetchFinished(baseUrl: string, id: string, format: string): Promise<FinishedJob> {
  const get = (path: string) => fetch(`${baseUrl}/v1/jobs/${id}${path}`, { headers: authHeaders });
  const job = (await (await get('')).json()) as Omit<FinishedJob, 'result'>;
  const done = job.status === 'completed' || job.status === 'partial';
  return { ...job, result: done ? await (await get(`/result?format=${format}`)).text() : '' };
}

/** Per-page markdown of each file by its name, and the files without a result (status and error). */
export interface ParsedPages {
  pages: Map<string, Map<number, string>>;
  problems: string[];
  seconds: number;
}

/**
 * Parse PDFs the way a user does: a docjobs instance with a worker, every file submitted at once
 * over HTTP (WORKER_CONCURRENCY = `concurrency`), each page's markdown taken from ?format=json.
 */
export async function parseOverHttp(o: {
  backend: Backend;
  concurrency: number;
  files: { path: string; name: string; options: Record<string, unknown> }[];
}): Promise<ParsedPages> {
  const instance = await startBenchInstance({ backend: o.backend, worker: true, concurrency: o.concurrency });
  const { docjobs, baseUrl } = instance;
  try {
    const started = performance.now();
    const ids = await Promise.all(
      o.files.map((f) => submitFile(baseUrl, f.path, 'application/pdf', f.options)),
    );
    const ms = await pollUntil(() => countTerminal(docjobs), ids.length, started, { timeoutMs: 1_200_000 });
    const pages = new Map<string, Map<number, string>>();
    const problems: string[] = [];
    for (const [i, f] of o.files.entries()) {
      const job = await fetchFinished(baseUrl, ids[i]!, 'json');
      if (!job.result) {
        problems.push(`${f.name}: ${job.status}${job.error ? ` (${job.error.message})` : ''}`);
        continue;
      }
      const result = JSON.parse(job.result) as { pages: { page: number; markdown: string }[] };
      pages.set(f.name, new Map(result.pages.map((p) => [p.page, p.markdown])));
    }
    return { pages, problems, seconds: ms / 1000 };
  } finally {
    await instance.close();
  }
}

export { seededRandom } from '../src/pipeline/testing/seeded-random.ts';
