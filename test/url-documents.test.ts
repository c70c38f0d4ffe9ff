import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeIdentityKey } from '../src/blobs/blob-store.ts';
import { makeTextPdf } from './fixtures.ts';
import { backends, multipart, startTestDocjobs, type TestDocjobs, waitTerminal } from './harness.ts';

const pdf = makeTextPdf(['Fetched by URL\nThe quarterly report']);
const mib = 1024 * 1024;

/**
 * A real document server on 127.0.0.1. Every request is logged, so a test can prove that a refused
 * URL was never fetched.
 */
async function startDocumentServer() {
  const requested: string[] = [];
  const send = (res: ServerResponse, status: number, headers: Record<string, string | number>, body = '') =>
    res.writeHead(status, headers).end(body);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requested.push(path);
    const base = `http://127.0.0.1:${port}`;
    switch (path) {
      case '/files/quarterly%20report.pdf':
        return res.writeHead(200, { 'content-type': 'application/pdf; qs=0.9' }).end(pdf);
      case '/download?id=7':
        return res
          .writeHead(200, {
            'content-type': 'application/octet-stream',
            'content-disposition': `attachment; filename="fallback.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`,
          })
          .end(pdf);
      case '/moved':
        return send(res, 302, { location: '/moved-again' });
      case '/moved-again':
        return send(res, 301, { location: `${base}/files/quarterly%20report.pdf` });
      case '/elsewhere':
        // The same server under another name: still another host.
        return send(res, 302, { location: `http://localhost:${port}/files/quarterly%20report.pdf` });
      case '/loop':
        return send(res, 307, { location: '/loop' });
      case '/missing':
        return send(res, 404, { 'content-type': 'text/plain' }, 'no such file');
      case '/big': {
        // Chunked, no Content-Length: only counting the bytes finds out.
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        res.writeHead(200, { 'content-type': 'text/plain' });
        let sent = 0;
        const write = () => {
          while (sent < 3 * mib && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return res.once('drain', write);
          }
          res.end();
        };
        return write();
      }
      case '/big-declared':
        return send(res, 200, { 'content-length': 2 * mib }, 'x'.repeat(2 * mib));
      case '/hang':
        return; // never answers
      case '/stall':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
        return res.write(pdf.subarray(0, 100)); // and never the rest
      default:
        return send(res, 404, {});
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    requested,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The files of the blob store (none left half-written or orphaned by a refused download), but the
 * store's identity, written once at start (services/blob-store-identity.ts).
 */
function blobFiles(dj: TestDocjobs): string[] {
  const root = join(dj.dataDir, 'blobs');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => path !== join(root, storeIdentityKey));
}

for (const backend of backends) {
  describe(`documents by URL (${backend})`, () => {
    let dj: TestDocjobs;
    let server: Awaited<ReturnType<typeof startDocumentServer>>;

    before(async () => {
      server = await startDocumentServer();
      dj = await startTestDocjobs(backend, `url-documents-${backend}`, {
        URL_FETCH_ALLOW_PRIVATE: 'true',
        URL_FETCH_TIMEOUT_MS: '500',
        MAX_UPLOAD_MB: '1',
      });
    });
    after(async () => {
      await dj?.close();
      await server?.close();
    });

    const submitUrl = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      dj.app.inject({ method: 'POST', url: '/v1/jobs', headers: { ...dj.auth, ...headers }, payload });

    const refusal = async (url: string) => {
      const response = await submitUrl({ url });
      return { status: response.statusCode, error: response.json().error };
    };

    it('answers 413 for a body over MAX_UPLOAD_MB, whatever the headers say, and keeps nothing', async () => {
      for (const path of ['/big', '/big-declared']) {
        const { status, error } = await refusal(`${server.base}${path}`);
        assert.equal(status, 413, path);
        assert.equal(error.code, 'PAYLOAD_TOO_LARGE');
      }
      assert.deepEqual(blobFiles(dj), []);
    });

    it('gives up after URL_FETCH_TIMEOUT_MS, before the headers or in the middle of the body', {
      timeout: 20_000,
    }, async () => {
      for (const path of ['/hang', '/stall']) {
        const { status, error } = await refusal(`${server.base}${path}`);
        assert.equal(status, 400, path);
        assert.equal(error.field, 'url');
        assert.match(error.message, /URL_FETCH_TIMEOUT_MS \(500 ms\)/);
      }
      assert.deepEqual(blobFiles(dj), []);
    });

    it('names the status of an HTTP error and an unreachable server, and refuses other schemes', async () => {
      const missing = await refusal(`${server.base}/missing`);
      assert.equal(missing.status, 400);
      assert.equal(missing.error.field, 'url');
      assert.equal(missing.error.message, 'url answered HTTP 404');
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const unreachable = await refusal(`http://127.0.0.1:${closedPort}/doc.pdf`);
      assert.equal(unreachable.status, 400);
      assert.match(unreachable.error.message, /url could not be fetched \(ECONNREFUSED/);
      for (const url of ['ftp://127.0.0.1/doc.pdf', 'file:///etc/passwd', 'not a url']) {
        const { status, error } = await refusal(url);
        assert.equal(status, 400, url);
        assert.deepEqual([error.code, error.field], ['VALIDATION_ERROR', 'url']);
      }
    });

    it('refuses a redirect to another host, and more than 5 redirects', async () => {
      const before = server.requested.length;
      const elsewhere = await refusal(`${server.base}/elsewhere`);
      assert.equal(elsewhere.status, 400);
      assert.equal(elsewhere.error.field, 'url');
      assert.match(elsewhere.error.message, /another host \(localhost\)/);
      assert.deepEqual(server.requested.slice(before), ['/elsewhere']);

      const loop = await refusal(`${server.base}/loop`);
      assert.equal(loop.status, 400);
      assert.match(loop.error.message, /more than 5 times/);
      assert.equal(server.requested.filter((path) => path === '/loop').length, 6);
    });

    it('refuses url together with a document, in JSON and in multipart', async () => {
      const json = await submitUrl({
        url: `${server.base}/files/quarterly%20report.pdf`,
        document: Buffer.from(pdf).toString('base64'),
        fileName: 'a.pdf',
      });
      assert.equal(json.statusCode, 400);
      assert.equal(json.json().error.field, 'url');
      const form = multipart(
        { name: 'a.pdf', bytes: pdf },
        { url: `${server.base}/files/quarterly%20report.pdf` },
      );
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.field, 'url');
      assert.deepEqual(blobFiles(dj), []);
    });

    it('downloads a document through same-host redirects and parses it', async () => {
      const response = await submitUrl({ url: `${server.base}/moved` });
      assert.equal(response.statusCode, 202, response.body);
      const job = response.json();
      assert.equal(job.fileName, 'quarterly report.pdf');
      assert.equal(job.mimeType, 'application/pdf');
      assert.equal(job.sizeBytes, pdf.length);
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed');
      const document = await dj.app.inject({
        method: 'GET',
        url: `/v1/jobs/${job.id}/document`,
        headers: dj.auth,
      });
      assert.deepEqual(new Uint8Array(document.rawPayload), pdf);
      const markdown = await dj.app.inject({
        method: 'GET',
        url: `/v1/jobs/${job.id}/result?format=markdown`,
        headers: dj.auth,
      });
      assert.match(markdown.body, /quarterly report/);
    });

    it('takes the name from Content-Disposition, in a multipart submit, and replays by idempotency key', async () => {
      const form = multipart(null, { url: `${server.base}/download?id=7`, 'metadata.source': 'crm' });
      const send = () =>
        dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: { ...dj.auth, ...form.headers, 'idempotency-key': 'url-once' },
          payload: form.payload,
        });
      const first = await send();
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(first.json().fileName, 'résumé.pdf');
      assert.equal(first.json().mimeType, null);
      assert.deepEqual(first.json().metadata, { source: 'crm' });
      const again = await send();
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().id, first.json().id);
    });
  });

  describe(`documents by URL, private addresses refused (${backend})`, () => {
    let dj: TestDocjobs;
    let server: Awaited<ReturnType<typeof startDocumentServer>>;

    before(async () => {
      server = await startDocumentServer();
      dj = await startTestDocjobs(backend, `url-documents-guard-${backend}`);
    });
    after(async () => {
      await dj?.close();
      await server?.close();
    });

    it('refuses loopback targets, by address and by name, without connecting', async () => {
      for (const url of [
        `${server.base}/files/quarterly%20report.pdf`,
        `http://localhost:${server.port}/files/quarterly%20report.pdf`,
        `http://[::ffff:127.0.0.1]:${server.port}/files/quarterly%20report.pdf`,
        'http://169.254.169.254/latest/meta-data/',
      ]) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { url },
        });
        assert.equal(response.statusCode, 400, url);
        assert.deepEqual(
          [response.json().error.code, response.json().error.field],
          ['VALIDATION_ERROR', 'url'],
        );
        assert.match(response.json().error.message, /refused|private, loopback or link-local/, url);
      }
      assert.deepEqual(server.requested, []);
      assert.deepEqual(blobFiles(dj), []);
    });
  });
}
