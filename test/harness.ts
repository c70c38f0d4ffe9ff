import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Docjobs, type StartOptions, startDocjobs } from '../src/app.ts';
import { type Config, loadConfig } from '../src/core/config.ts';
import { createApiKey } from '../src/store/orgs.ts';
import { dropSchemas } from '../src/store/testing/drop-schemas.ts';

/** Every integration suite runs on PGlite, and on the PostgreSQL server too when DATABASE_URL is set. */
export const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export { corpus } from '../src/pipeline/testing/fixtures.ts';
export { dropSchemas } from '../src/store/testing/drop-schemas.ts';

export interface TestDocjobs extends Docjobs {
  app: FastifyInstance;
  config: Config;
  /** A key of the organisation "acme", and one of "globex", to prove isolation. */
  key: string;
  otherKey: string;
  auth: { authorization: string };
  otherAuth: { authorization: string };
  dataDir: string;
}

/**
 * A fresh service per suite: its own data directory and, on PostgreSQL, its own schemas named
 * from a hash of the suite name (pg-boss's test/hooks.ts does the same), dropped afterwards.
 */
export async function startTestDocjobs(
  backend: 'pglite' | 'postgres',
  suite: string,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestDocjobs> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-test-'));
  const schema = `t_${createHash('sha1').update(`${suite}:${process.pid}`).digest('hex').slice(0, 12)}`;
  const databaseUrl = backend === 'postgres' ? process.env.DATABASE_URL! : '';
  if (backend === 'postgres') await dropSchemas(databaseUrl, schema);
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'silent',
    // A suite that closes with jobs still running hands them back after this, not the default 30 s.
    SHUTDOWN_GRACE_SECONDS: '2',
    ...env,
  });
  const docjobs = await startDocjobs(config, options);
  const { key } = await createApiKey(docjobs.ctx.db, 'acme');
  const { key: otherKey } = await createApiKey(docjobs.ctx.db, 'globex');
  return {
    ...docjobs,
    app: docjobs.app!,
    config,
    key,
    otherKey,
    auth: { authorization: `Bearer ${key}` },
    otherAuth: { authorization: `Bearer ${otherKey}` },
    dataDir,
    async close() {
      await docjobs.close();
      if (backend === 'postgres') await dropSchemas(databaseUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A multipart body for app.inject: one file part plus string fields. */
export function multipart(
  file: { name: string; bytes: Uint8Array | string; type?: string } | null,
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----docjobs${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export interface JobView {
  id: string;
  status: string;
  error: { code: string; message: string; stage: string | null; retryable: boolean } | null;
  [field: string]: unknown;
}

/** Submit a document as JSON (base64) and return the job. */
export async function submit(
  dj: TestDocjobs,
  bytes: Uint8Array | string,
  fileName: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<JobView> {
  const response = await dj.app.inject({
    method: 'POST',
    url: '/v1/jobs',
    headers: { ...dj.auth, ...headers },
    payload: { document: Buffer.from(bytes).toString('base64'), fileName, ...extra },
  });
  if (response.statusCode !== 202) throw new Error(`submit → ${response.statusCode} ${response.body}`);
  return response.json();
}

const terminal = new Set(['completed', 'partial', 'failed', 'timeout', 'cancelled', 'expired']);

/** Follow a job with the long poll until it is terminal (or the time is up). */
export async function waitTerminal(dj: TestDocjobs, id: string, seconds = 60): Promise<JobView> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const response = await dj.app.inject({ method: 'GET', url: `/v1/jobs/${id}?wait=5`, headers: dj.auth });
    const job = response.json() as JobView;
    if (terminal.has(job.status) || Date.now() > deadline) return job;
  }
}

/** waitTerminal, failing the test unless the job completed (its error in the message). */
export async function waitCompleted(dj: TestDocjobs, id: string, seconds = 60): Promise<JobView> {
  const ended = await waitTerminal(dj, id, seconds);
  if (ended.status !== 'completed')
    throw new Error(`job ${id} ended ${ended.status}: ${JSON.stringify(ended.error)}`);
  return ended;
}

/** GET /v1/jobs/{id}/output as bytes, failing the test unless it is a 200 PDF. */
export async function outputPdf(dj: TestDocjobs, id: string): Promise<Uint8Array> {
  const response = await dj.app.inject({ method: 'GET', url: `/v1/jobs/${id}/output`, headers: dj.auth });
  if (response.statusCode !== 200 || response.headers['content-type'] !== 'application/pdf')
    throw new Error(`GET /v1/jobs/${id}/output → ${response.statusCode} ${response.body.slice(0, 300)}`);
  return new Uint8Array(response.rawPayload);
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  seconds = 30,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
