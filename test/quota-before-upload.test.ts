import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backends, multipart, startTestDocjobs, type TestDocjobs } from './harness.ts';

const mib = 1024 * 1024;

for (const backend of backends) {
  describe(`quotas checked before the upload is read on ${backend}`, () => {
    let dj: TestDocjobs;
    let port: number;
    before(async () => {
      dj = await startTestDocjobs(
        backend,
        'quota-before-upload',
        { QUOTA_CONCURRENT_JOBS: '1', MAX_UPLOAD_MB: '64', URL_FETCH_ALLOW_PRIVATE: 'true' },
        { worker: false },
      );
      await dj.app.listen({ port: 0, host: '127.0.0.1' });
      port = (dj.app.server.address() as AddressInfo).port;
    });
    after(async () => dj?.close());

    const storedJobs = () => readdirSync(join(dj.dataDir, 'blobs', 'jobs')).sort();
    const submitJson = (payload: Record<string, unknown>) =>
      dj.app.inject({ method: 'POST', url: '/v1/jobs', headers: dj.auth, payload });

    it('answers a 60 MB multipart upload over the concurrent-jobs quota with 429 after its first 64 KB', async () => {
      const first = await submitJson({
        document: Buffer.from('one\n').toString('base64'),
        fileName: 'a.txt',
      });
      assert.equal(first.statusCode, 202, first.body);
      const before = storedJobs();
      assert.deepEqual(before, [first.json().id]);

      // The part's headers and 64 KB of a file the request says is 60 MB long; the rest is held back
      // until the answer comes. A server that read the body first would never answer.
      const boundary = '----docjobsquota';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      );
      const sent = Buffer.concat([head, Buffer.alloc(64 * 1024, 0x25)]);
      const started = Date.now();
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/jobs',
        headers: {
          ...dj.auth,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(60 * mib),
        },
      });
      req.on('error', () => {}); // the server closes the connection on its answer
      const answered = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
      req.write(sent);
      const response = await Promise.race([
        answered,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      if (!response) {
        req.destroy();
        assert.fail('no answer within 10 s while the body was held back');
      }
      let body = '';
      for await (const chunk of response) body += chunk;
      req.destroy();
      const elapsed = Date.now() - started;

      assert.equal(response.statusCode, 429, body);
      const error = JSON.parse(body).error;
      assert.equal(error.code, 'QUOTA_EXCEEDED');
      assert.equal(error.quota, 'concurrentJobs');
      assert.equal(response.headers['retry-after'], '10');
      assert.equal(response.headers.connection, 'close');
      assert.ok(elapsed < 5000, `answered after ${elapsed} ms`);
      assert.deepEqual(storedJobs(), before, 'no document of the refused request was written');

      // The same through app.inject, the whole body at once: refused, and nothing stored.
      const form = multipart({ name: 'b.txt', bytes: Buffer.alloc(4 * mib, 'b') });
      const injected = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(injected.statusCode, 429);
      assert.deepEqual(storedJobs(), before);
    });

    it('refuses a JSON submit before decoding its document or fetching its url', async () => {
      const requested: string[] = [];
      const documents = createServer((req, res) => {
        requested.push(req.url ?? '/');
        res.end('a document');
      });
      await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(documents.address() as AddressInfo).port}/doc.txt`;
        const before = storedJobs();
        const byUrl = await submitJson({ url });
        assert.equal(byUrl.statusCode, 429, byUrl.body);
        assert.equal(byUrl.json().error.code, 'QUOTA_EXCEEDED');
        assert.deepEqual(requested, [], 'the url was not fetched');
        const byDocument = await submitJson({
          document: Buffer.from('x').toString('base64'),
          fileName: 'x.txt',
        });
        assert.equal(byDocument.statusCode, 429);
        assert.deepEqual(storedJobs(), before);

        // Once the slot is free the same url is fetched and the job made.
        const [running] = before;
        const cancelled = await dj.app.inject({
          method: 'POST',
          url: `/v1/jobs/${running}/cancel`,
          headers: dj.auth,
        });
        assert.equal(cancelled.statusCode, 200, cancelled.body);
        const accepted = await submitJson({ url });
        assert.equal(accepted.statusCode, 202, accepted.body);
        assert.deepEqual(requested, ['/doc.txt']);
      } finally {
        documents.closeAllConnections();
        await new Promise((resolve) => documents.close(resolve));
      }
    });
  });
}
