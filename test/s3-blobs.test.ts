import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type S3TestServer, startS3TestServer } from '../src/blobs/testing/s3-server.ts';
import { makeTextPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

for (const backend of backends) {
  describe(`documents and results in S3 on ${backend}`, () => {
    let s3: S3TestServer;
    let dj: TestDocjobs;
    before(async () => {
      s3 = await startS3TestServer();
      // Config does not carry AWS credentials: openBlobStore reads them from process.env, as in
      // production (this file runs in a process of its own under node --test).
      Object.assign(process.env, {
        AWS_ENDPOINT_URL: s3.settings.endpoint,
        AWS_REGION: s3.settings.region,
        AWS_ACCESS_KEY_ID: s3.settings.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.settings.credentials.secretAccessKey,
      });
      dj = await startTestDocjobs(backend, `s3-blobs-${backend}`, {
        BLOB_URL: `s3://${s3.settings.bucket}/docjobs`,
      });
    });
    after(async () => {
      await dj?.close();
      await s3?.close();
      for (const name of ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        delete process.env[name];
      }
    });

    it('stores the document and the result in the bucket, and deletes them with the job', async () => {
      const pdf = makeTextPdf(['Invoice 2024-117\nTotal due 1,250.00 EUR']);
      const job = await submit(dj, pdf, 'invoice.pdf');
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const keys = () => s3.keys().filter((key) => key.startsWith(`docjobs/jobs/${job.id}/`));
      assert.ok(keys().includes(`docjobs/jobs/${job.id}/document`), keys().join(', '));
      assert.ok(keys().includes(`docjobs/jobs/${job.id}/result.json`), keys().join(', '));
      assert.deepEqual(
        readdirSync(dj.dataDir).includes('blobs') ? readdirSync(join(dj.dataDir, 'blobs')) : [],
        [],
      );

      const result = await dj.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: dj.auth });
      assert.equal(result.statusCode, 200);
      assert.match(result.body, /Total due 1,250\.00 EUR/);
      const document = await dj.app.inject({ url: `/v1/jobs/${job.id}/document`, headers: dj.auth });
      assert.equal(document.statusCode, 200);
      assert.deepEqual(document.rawPayload, Buffer.from(pdf));

      const deleted = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(deleted.statusCode, 200);
      assert.deepEqual(keys(), []);
      const operations = s3.operations.map((entry) => entry.operation);
      assert.ok(operations.includes('ListObjectsV2') && operations.includes('DeleteObjects'));
      assert.ok(
        s3.operations.every((entry) => entry.status < 500),
        'no request failed on the server',
      );
    });

    it('runs a job to the end while the bucket fails every other request, and every retry lands', async () => {
      s3.inject(
        [
          { kind: 'error', status: 503, code: 'SlowDown' },
          { kind: 'drop' },
          { kind: 'error', status: 500, code: 'InternalError' },
        ],
        { every: 2, times: Infinity },
      );
      try {
        const since = s3.operations.length;
        const job = await submit(dj, makeTextPdf(['Receipt 88\nTotal 9.99 EUR']), 'receipt.pdf');
        const done = await waitTerminal(dj, job.id);
        assert.equal(done.status, 'completed', JSON.stringify(done.error));
        assert.equal(done.retryCount, 0, 'the S3 failures stayed inside the blob store');
        const result = await dj.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: dj.auth });
        assert.match(result.body, /Total 9\.99 EUR/);
        assert.ok(s3.operations.slice(since).filter((entry) => entry.fault).length >= 2);
      } finally {
        s3.clearFaults();
      }
    });
  });
}
