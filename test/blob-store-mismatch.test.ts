import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Docjobs, startDocjobs } from '../src/app.ts';
import { documentKey, resultKey, storeIdentityKey } from '../src/blobs/blob-store.ts';
import { createS3BlobStore } from '../src/blobs/s3-blob-store.ts';
import { startS3TestServer } from '../src/blobs/testing/s3-server.ts';
import { ConfigError, loadConfig } from '../src/core/config.ts';
import { DocjobsError } from '../src/core/errors.ts';
import type { JobId } from '../src/core/ids.ts';
import { BlobStoreFault } from '../src/engine/blob-store-guard.ts';
import { loadJobContent } from '../src/engine/job-content.ts';
import { startWorker } from '../src/engine/worker.ts';
import { checkBlobStoreIdentity } from '../src/services/blob-store-identity.ts';
import { ProcessHealth } from '../src/services/process-health.ts';
import { claimJobs } from '../src/store/jobs/move-job.ts';
import { createApiKey } from '../src/store/orgs.ts';
import { runQueue } from '../src/store/queue.ts';
import {
  backends,
  dropSchemas,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitFor,
  waitTerminal,
} from './harness.ts';

/**
 * A worker that does not see the API's blob store (another DATA_DIR, no shared BLOB_URL) must never
 * fail jobs: it refuses to start when the store's identity is not the database's, and should a
 * document still be missing, it hands the job back, stops taking jobs and says so on /readyz.
 */
const getJob = async (dj: TestDocjobs, id: string) =>
  (await dj.app.inject({ url: `/v1/jobs/${id}`, headers: dj.auth })).json() as JobView;

for (const backend of backends) {
  describe(`a worker whose blob store lacks a job's document, on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'blob-store-missing', { MAX_RETRIES: '0' }, { worker: false });
    });
    after(async () => dj?.close());

    it('hands the job back without spending a retry, stops taking jobs and reports itself unready', async () => {
      const first = await submit(dj, 'the first document', 'first.txt');
      const second = await submit(dj, 'the second document', 'second.txt');
      const kept = new Map<string, Uint8Array>();
      for (const job of [first, second]) {
        kept.set(job.id, await dj.ctx.blobs.getBytes(documentKey(job.id)));
        await dj.ctx.blobs.delete(documentKey(job.id));
      }
      const worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: 1 });
      try {
        const ready = await waitFor(async () => {
          const response = await dj.app.inject({ url: '/readyz' });
          return response.statusCode === 503
            ? (response.json() as { status: string; faults: string[] })
            : null;
        });
        assert.equal(ready.status, 'unavailable');
        assert.equal(ready.faults.length, 1, 'one fault, however many jobs met it');
        const [fault = ''] = ready.faults;
        assert.match(
          fault,
          /^blob store: the document of job job_\w+ \(jobs\/job_\w+\/document\) is missing from the blob store in DATA_DIR=/,
        );
        assert.match(fault, /BLOB_URL \(or DATA_DIR\)/);
        // MAX_RETRIES=0: a failure would have ended the job. Both wait, untouched, for a worker that sees them.
        await waitFor(async () => dj.ctx.queue.getWipData().every((wip) => wip.name !== runQueue));
        for (const job of [first, second]) {
          const seen = await getJob(dj, job.id);
          assert.deepEqual([seen.status, seen.retryCount, seen.error], ['queued', 0, null], job.id);
        }
        const handedBack = await dj.ctx.db.query<{ output: unknown }>(
          `SELECT output FROM ${dj.ctx.db.bossSchema}.job WHERE name = $1 AND data->>'jobId' = $2 AND state = 'completed'`,
          [runQueue, first.id],
        );
        assert.deepEqual(
          handedBack.map((row) => row.output),
          [{ handedBack: true }],
        );
      } finally {
        await worker.stop({ graceMs: 0 });
      }

      // The store fixed (the documents back), a new worker runs both to the end.
      for (const [id, bytes] of kept) await dj.ctx.blobs.put(documentKey(id), bytes);
      const next = await startWorker(dj.ctx, { concurrency: 1, batchSize: 1 });
      try {
        for (const job of [first, second]) assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      } finally {
        await next.stop({ graceMs: 0 });
      }
    });

    it("does the same for a child whose parent's stored pages are missing, and runs it once they are back", async () => {
      const first = await startWorker(dj.ctx, { concurrency: 1, batchSize: 1 });
      let parent: JobView;
      try {
        parent = await submit(dj, 'an invoice to pay by the end of the month', 'parent.txt');
        assert.equal((await waitTerminal(dj, parent.id)).status, 'completed');
      } finally {
        await first.stop({ graceMs: 0 });
      }
      const categories = [
        { name: 'invoice', description: 'a bill asking for payment' },
        { name: 'letter', description: 'a personal letter' },
      ];
      const submitted = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { type: 'classify', categories, dependsOn: parent.id },
      });
      assert.equal(submitted.statusCode, 202, submitted.body);
      const child = submitted.json() as JobView;
      const pagesKey = resultKey(parent.id);
      const pages = await dj.ctx.blobs.getBytes(pagesKey);
      await dj.ctx.blobs.delete(pagesKey);

      const health = new ProcessHealth();
      const worker = await startWorker({ ...dj.ctx, health }, { concurrency: 1, batchSize: 1 });
      try {
        const [fault = ''] = await waitFor(async () => health.faults().length > 0 && health.faults());
        assert.match(
          fault,
          new RegExp(
            `^blob store: the pages of job ${parent.id} \\(${pagesKey}\\), which job ${child.id} depends on, are missing from the blob store in DATA_DIR=`,
          ),
        );
        await waitFor(async () => dj.ctx.queue.getWipData().every((wip) => wip.name !== runQueue));
        const seen = await getJob(dj, child.id);
        assert.deepEqual([seen.status, seen.retryCount, seen.error], ['queued', 0, null]);
      } finally {
        await worker.stop({ graceMs: 0 });
      }
      await dj.ctx.blobs.put(pagesKey, pages);
      const next = await startWorker(dj.ctx, { concurrency: 1, batchSize: 1 });
      try {
        const done = await waitTerminal(dj, child.id);
        assert.equal(done.status, 'completed', JSON.stringify(done.error));
      } finally {
        await next.stop({ graceMs: 0 });
      }
    });

    it('fails a job whose document went with the job itself (cancelled and deleted as it started), not the worker', async () => {
      const job = await submit(dj, 'deleted under the worker', 'deleted.txt');
      const [record] = await claimJobs(dj.ctx.db, [{ id: job.id as JobId, attempt: 1 }]);
      assert.ok(record);
      await dj.ctx.blobs.delete(documentKey(job.id));
      const stage = { signal: new AbortController().signal };
      // Still the worker's to run: the store lacks what the database says it holds.
      await assert.rejects(
        loadJobContent(dj.ctx, record, stage, () => {}),
        (error: Error) => {
          assert.ok(error instanceof BlobStoreFault, String(error));
          assert.match(error.message, /is missing from the blob store in DATA_DIR=/);
          return true;
        },
      );
      // Cancelled (and its files deleted) meanwhile: the job's own end, which its guarded move ignores.
      const cancel = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(cancel.statusCode, 200, cancel.body);
      await assert.rejects(
        loadJobContent(dj.ctx, record, stage, () => {}),
        (error: Error) => {
          assert.ok(!(error instanceof BlobStoreFault), 'not a fault of the store');
          assert.ok(error instanceof DocjobsError && error.code === 'INTERNAL_ERROR' && !error.retryable);
          assert.equal(error.message, 'the document of this job is gone');
          return true;
        },
      );
    });

    it('does the same when the store refuses the worker (S3 403: wrong or expired credentials)', async () => {
      const s3 = await startS3TestServer();
      try {
        const job = await submit(dj, 'the third document', 'third.txt');
        const expired = { ...s3.settings.credentials, secretAccessKey: 'expired' };
        const blobs = createS3BlobStore({ ...s3.settings, prefix: 'docjobs', credentials: expired });
        const health = new ProcessHealth();
        const worker = await startWorker({ ...dj.ctx, blobs, health }, { concurrency: 1, batchSize: 1 });
        try {
          const [fault = ''] = await waitFor(async () => health.faults().length > 0 && health.faults());
          assert.match(fault, /refuses this worker: S3 GetObject docjobs\/jobs\/.*\/document failed: 403/);
          await waitFor(async () => dj.ctx.queue.getWipData().every((wip) => wip.name !== runQueue));
          const seen = await getJob(dj, job.id);
          assert.deepEqual([seen.status, seen.retryCount, seen.error], ['queued', 0, null]);
        } finally {
          await worker.stop({ graceMs: 0 });
        }
        // At start, before any job: the refusal names the store as well as the keys.
        const config = { ...dj.ctx.config, blobUrl: `s3://${s3.settings.bucket}/docjobs` };
        await assert.rejects(
          checkBlobStoreIdentity({ config, db: dj.ctx.db, blobs }),
          refusal(
            /^the blob store BLOB_URL=s3:\/\/\S+\/docjobs refuses this process: S3 GetObject docjobs\/store-identity failed: 403 .*check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
          ),
        );
      } finally {
        await s3.close();
      }
    });
  });
}

/** A process on `dataDir` and `schema` (PostgreSQL when DATABASE_URL is set), closed by the test. */
function configFor(backend: 'pglite' | 'postgres', dataDir: string, schema: string) {
  return loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: backend === 'postgres' ? process.env.DATABASE_URL! : '',
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_SECONDS: '1',
  });
}

const refusal = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ConfigError, String(error));
  assert.match((error as Error).message, pattern);
  return true;
};

for (const backend of backends) {
  describe(`the blob store identity, on ${backend}`, () => {
    const schema = `t_${createHash('sha1').update(`blob-identity:${process.pid}`).digest('hex').slice(0, 12)}`;
    const dirs: string[] = [];
    const newDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'docjobs-identity-'));
      dirs.push(dir);
      return dir;
    };
    const identityFile = (dir: string) => join(dir, 'blobs', storeIdentityKey);
    const recorded = async (docjobs: Docjobs) =>
      (await docjobs.ctx.db.query<{ id: string }>('SELECT id FROM blob_store_identity')).map((row) => row.id);
    before(async () => {
      if (backend === 'postgres') await dropSchemas(process.env.DATABASE_URL!, schema);
    });
    after(async () => {
      if (backend === 'postgres') await dropSchemas(process.env.DATABASE_URL!, schema);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it('is written to both on the first start, checked on the next, and refused when it differs or is missing', async () => {
      const dir = newDir();
      const config = configFor(backend, dir, schema);
      const first = await startDocjobs(config, { http: false, worker: false });
      const id = readFileSync(identityFile(dir), 'utf8');
      assert.deepEqual(await recorded(first), [id]);
      await first.close();

      const again = await startDocjobs(config, { http: false, worker: false });
      assert.deepEqual(await recorded(again), [id]);
      await again.close();

      writeFileSync(identityFile(dir), 'another-deployment');
      await assert.rejects(
        startDocjobs(config, { http: false, worker: false }),
        refusal(/DATA_DIR=.* belongs to another deployment: its identity is another-deployment/),
      );
      unlinkSync(identityFile(dir));
      await assert.rejects(
        startDocjobs(config, { http: false, worker: false }),
        refusal(
          /DATA_DIR=.* is not the blob store this database's other processes use .*Give this process the DATA_DIR/,
        ),
      );
      writeFileSync(identityFile(dir), id);
      const fixed = await startDocjobs(config, { http: false, worker: false });
      await fixed.close();
    });

    it('is adopted by an existing deployment whose store has its documents, and refused by one whose store does not', async () => {
      const dir = newDir();
      const config = configFor(backend, dir, `${schema}_b`);
      if (backend === 'postgres') await dropSchemas(process.env.DATABASE_URL!, `${schema}_b`);
      const docjobs = await startDocjobs(config, { worker: false });
      const { key } = await createApiKey(docjobs.ctx.db, 'acme');
      const response = await docjobs.app!.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { authorization: `Bearer ${key}` },
        payload: { document: Buffer.from('kept').toString('base64'), fileName: 'kept.txt' },
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = response.json() as JobView;
      // As before migration 0014: jobs, and no identity anywhere.
      await docjobs.ctx.db.query('DELETE FROM blob_store_identity');
      await docjobs.close();
      unlinkSync(identityFile(dir));

      const adopted = await startDocjobs(config, { http: false, worker: false });
      const id = readFileSync(identityFile(dir), 'utf8');
      assert.deepEqual(await recorded(adopted), [id]);
      await adopted.ctx.db.query('DELETE FROM blob_store_identity');
      await adopted.ctx.blobs.delete(documentKey(job.id));
      await adopted.close();
      unlinkSync(identityFile(dir));

      await assert.rejects(
        startDocjobs(config, { http: false, worker: false }),
        refusal(/holds none of the 1 newest documents of this database's jobs/),
      );
      if (backend === 'postgres') await dropSchemas(process.env.DATABASE_URL!, `${schema}_b`);
    });

    if (backend === 'postgres') {
      it('refuses a second process on the same database with another DATA_DIR, naming DATA_DIR', async () => {
        const api = await startDocjobs(configFor(backend, newDir(), `${schema}_c`), { worker: false });
        try {
          const elsewhere = newDir();
          await assert.rejects(
            startDocjobs(configFor(backend, elsewhere, `${schema}_c`), { http: false }),
            refusal(
              new RegExp(
                `the blob store in DATA_DIR=${elsewhere} \\(BLOB_URL is unset\\) is not the blob store`,
              ),
            ),
          );
          // The same DATA_DIR is fine.
          const worker = await startDocjobs(configFor(backend, api.ctx.config.dataDir, `${schema}_c`), {
            http: false,
          });
          await worker.close();
        } finally {
          await api.close();
          await dropSchemas(process.env.DATABASE_URL!, `${schema}_c`);
        }
      });
    }
  });
}
