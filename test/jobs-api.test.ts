import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeDocx, makePaperPdf, makePdf, makeTextPdf } from './fixtures.ts';
import { backends, multipart, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

for (const backend of backends) {
  describe(`Jobs API on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'jobs-api');
    });
    after(async () => dj?.close());

    it('parses a seven-page paper submitted as multipart, end to end', async () => {
      const pdf = Buffer.from(makePaperPdf(7).pdf);
      const form = multipart(
        { name: 'paper.pdf', bytes: pdf, type: 'application/pdf' },
        { metadata: '{"project":"solar"}', 'metadata.team': 'astro' },
      );
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(response.statusCode, 202, response.body);
      const queued = response.json();
      assert.match(queued.id, /^job_[0-9a-z]{26}$/);
      assert.equal(queued.status, 'queued');
      assert.equal(queued.fileName, 'paper.pdf');
      assert.equal(queued.sizeBytes, pdf.length);
      assert.deepEqual(queued.metadata, { project: 'solar', team: 'astro' });
      assert.equal(response.headers.location, `/v1/jobs/${queued.id}`);

      const job = await waitTerminal(dj, queued.id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      assert.equal(job.progress, 100);
      assert.equal(job.pagesTotal, 7);
      assert.equal(job.pagesDone, 7);
      assert.equal(job.mimeType, 'application/pdf');
      assert.ok(typeof job.processingMs === 'number' && job.processingMs >= 0);
      assert.ok(job.startedAt && job.completedAt);

      const result = (await dj.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: dj.auth })).json();
      assert.equal(result.metadata.pages, 7);
      assert.equal(result.metadata.fileType, 'pdf');
      assert.equal(result.pages.length, 7);
      assert.ok(result.pages[0].blocks.length > 0);
      assert.equal(result.pages[0].blocks[0].bbox.length, 4);
      assert.match(result.text, /convective overshooting/);

      const markdown = await dj.app.inject({
        url: `/v1/jobs/${job.id}/result?format=markdown`,
        headers: dj.auth,
      });
      assert.match(markdown.headers['content-type'] as string, /text\/markdown/);
      assert.match(markdown.body, /^# /m);
      const text = await dj.app.inject({ url: `/v1/jobs/${job.id}/result?format=text`, headers: dj.auth });
      assert.doesNotMatch(text.body, /^# /m);
      const jsonl = await dj.app.inject({ url: `/v1/jobs/${job.id}/result?format=jsonl`, headers: dj.auth });
      const lines = jsonl.body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(
        lines.map((line) => line.page),
        [1, 2, 3, 4, 5, 6, 7],
      );

      const document = await dj.app.inject({ url: `/v1/jobs/${job.id}/document`, headers: dj.auth });
      assert.equal(document.statusCode, 200);
      assert.deepEqual(document.rawPayload, pdf);

      const thumbnail = await dj.app.inject({
        url: `/v1/jobs/${job.id}/pages/1/thumbnail`,
        headers: dj.auth,
      });
      assert.equal(thumbnail.statusCode, 200, thumbnail.body);
      assert.equal(thumbnail.headers['content-type'], 'image/png');
      assert.deepEqual([...thumbnail.rawPayload.subarray(1, 4)], [...Buffer.from('PNG')]);
      const again = await dj.app.inject({ url: `/v1/jobs/${job.id}/pages/1/thumbnail`, headers: dj.auth });
      assert.deepEqual(again.rawPayload, thumbnail.rawPayload);
      const missingPage = await dj.app.inject({
        url: `/v1/jobs/${job.id}/pages/99/thumbnail`,
        headers: dj.auth,
      });
      assert.equal(missingPage.statusCode, 404);
    });

    it('accepts JSON with base64 or a data URL, DOCX, HTML and text', async () => {
      const html =
        '<html><head><title>Menu</title></head><body><h1>Lunch</h1><ul><li>Soup</li><li>Bread</li></ul></body></html>';
      const dataUrl = `data:text/html;base64,${Buffer.from(html).toString('base64')}`;
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { document: dataUrl, fileName: 'menu.html' },
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = await waitTerminal(dj, response.json().id);
      assert.equal(job.status, 'completed');
      const markdown = (
        await dj.app.inject({ url: `/v1/jobs/${job.id}/result?format=markdown`, headers: dj.auth })
      ).body;
      assert.match(markdown, /# Lunch/);
      assert.match(markdown, /[-*] +Soup/);

      const docx = makeDocx({
        title: 'Quarterly report',
        heading: 'Results',
        paragraphs: ['Revenue grew.'],
        table: [
          ['Region', 'Sales'],
          ['North', '12'],
        ],
      });
      const word = await waitTerminal(dj, (await submit(dj, docx, 'report.docx')).id);
      assert.equal(word.status, 'completed', JSON.stringify(word.error));
      const wordMarkdown = (
        await dj.app.inject({ url: `/v1/jobs/${word.id}/result?format=markdown`, headers: dj.auth })
      ).body;
      assert.match(wordMarkdown, /# Results/);
      assert.match(wordMarkdown, /\| *Region *\| *Sales *\|/);

      const text = await submit(dj, 'plain words\nand more', 'notes.txt');
      const done = await waitTerminal(dj, text.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.mimeType, 'text/plain');
    });

    it('holds a long poll until the job ends, woken by the database notification', async () => {
      const job = await submit(dj, 'wake me when done', 'wake.txt');
      const started = Date.now();
      const response = await dj.app.inject({ url: `/v1/jobs/${job.id}?wait=30`, headers: dj.auth });
      assert.equal(response.json().status, 'completed');
      // Far below the 30 s it may hold: the wait ended on the status change, not on its timer.
      assert.ok(Date.now() - started < 15_000);
      const quick = await dj.app.inject({ url: `/v1/jobs/${job.id}?wait=61`, headers: dj.auth });
      assert.equal(quick.statusCode, 400);
    });

    it('detects the type from the bytes, not the name', async () => {
      const job = await submit(dj, makeTextPdf(['Invoice 42']), 'looks-like.txt', { mimeType: 'text/plain' });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed');
      assert.equal(done.mimeType, 'application/pdf');
    });

    it('fails corrupt, empty, encrypted and unsupported documents with their codes', async () => {
      const pdf = makeTextPdf(['a page that will be cut short']);
      const cases: [string, Uint8Array | string, string][] = [
        ['truncated.pdf', pdf.subarray(0, 200), 'PARSE_ERROR'],
        [
          'locked.pdf',
          makePdf([{ lines: [[12, 72, 72, 'secret']] }], { encrypt: true }),
          'DOCUMENT_ENCRYPTED',
        ],
        [
          'broken.docx',
          makeDocx({ title: 't', heading: 'h', paragraphs: [], table: [] }).subarray(0, 300),
          'UNSUPPORTED_FORMAT',
        ],
        ['empty.pdf', new Uint8Array(0), 'UNSUPPORTED_FORMAT'],
        ['program.exe', Buffer.from(`4d5a900003000000040000${'00'.repeat(60)}`, 'hex'), 'UNSUPPORTED_FORMAT'],
        ['archive.zip', Buffer.from(`504b0304140000000000${'00'.repeat(40)}`, 'hex'), 'UNSUPPORTED_FORMAT'],
      ];
      for (const [name, bytes, code] of cases) {
        const job = await submit(dj, bytes, name);
        const done = await waitTerminal(dj, job.id);
        assert.equal(done.status, 'failed', name);
        assert.equal(done.error?.code, code, `${name}: ${JSON.stringify(done.error)}`);
        assert.equal(done.error?.retryable, false);
        assert.equal(done.retryCount, 0, `${name} is permanent: no retries`);
        const result = await dj.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: dj.auth });
        assert.equal(result.statusCode, 409);
        assert.equal(result.json().error.code, 'RESULT_NOT_READY');
      }
    });

    it('flags pages without a text layer', async () => {
      const pdf = makeTextPdf(['Some text on page one', '']);
      const done = await waitTerminal(dj, (await submit(dj, pdf, 'half-empty.pdf')).id);
      const result = (await dj.app.inject({ url: `/v1/jobs/${done.id}/result`, headers: dj.auth })).json();
      assert.deepEqual(
        result.pages.map((page: { textLayer: boolean }) => page.textLayer),
        [true, false],
      );
    });

    it('validates metadata limits, naming the field', async () => {
      const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
      const cases: [Record<string, unknown>, string][] = [
        [tooMany, 'metadata'],
        [{ ['k'.repeat(65)]: 'v' }, 'metadata'],
        [{ long: 'v'.repeat(513) }, 'metadata.long'],
      ];
      for (const [metadata, field] of cases) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: 'aGk=', fileName: 'a.txt', metadata },
        });
        assert.equal(response.statusCode, 400);
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
        assert.ok(response.json().error.message.includes(field), response.body);
        assert.ok(response.json().error.requestId);
      }
      const form = multipart({ name: 'a.txt', bytes: 'hi' }, { 'metadata.big': 'v'.repeat(513) });
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.field, 'metadata.big');
    });

    it('keeps webhookUrl, caseId and expiresAt, with a default expiry of RETENTION_DAYS', async () => {
      const plain = await submit(dj, 'hi', 'a.txt');
      const days =
        (Date.parse(plain.expiresAt as string) - Date.parse(plain.createdAt as string)) / 86_400_000;
      assert.ok(Math.abs(days - dj.config.retentionDays) < 0.01, `expires after ${days} days`);
      const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const created = await dj.app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers: dj.auth,
        payload: { name: 'kept documents' },
      });
      const caseId = created.json().id as string;
      const fields = { webhookUrl: 'https://example.com/hook', caseId, expiresAt };
      const kept = await submit(dj, 'hi', 'a.txt', fields);
      assert.deepEqual(
        [kept.webhookUrl, kept.caseId, kept.expiresAt],
        [fields.webhookUrl, caseId, expiresAt],
      );
      const post = (payload: Record<string, unknown>) =>
        dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: 'aGk=', fileName: 'a.txt', ...payload },
        });
      const tooFar = new Date(Date.now() + (dj.config.maxRetentionDays + 1) * 86_400_000).toISOString();
      for (const [payload, field] of [
        [{ expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
        [{ expiresAt: tooFar }, 'expiresAt'],
        [{ webhookUrl: 'ftp://example.com/hook' }, 'webhookUrl'],
      ] as const) {
        const response = await post(payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.equal(response.json().error.field, field);
      }
    });

    it('rejects bad submissions with 4xx codes', async () => {
      const post = (payload: unknown, headers: Record<string, string> = {}) =>
        dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: { ...dj.auth, ...headers },
          payload: payload as string,
        });
      assert.equal((await post({ fileName: 'a.txt' })).json().error.code, 'VALIDATION_ERROR');
      assert.equal((await post({ document: '%%%', fileName: 'a.txt' })).json().error.field, 'document');
      assert.equal((await post({ document: 'aGk=', fileName: 'a.txt', type: 'teleport' })).statusCode, 400);
      assert.equal(
        (await post({ document: 'aGk=', fileName: 'a.txt', webhookUrl: 'x' })).json().error.field,
        'webhookUrl',
      );
      assert.equal((await post({ document: 'aGk=', fileName: 'a.txt', timeoutSeconds: 0 })).statusCode, 400);
      assert.equal((await post('{"document": ', { 'content-type': 'application/json' })).statusCode, 400);
      const noFile = multipart(null, { type: 'parse' });
      const response = await post(noFile.payload, noFile.headers);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.field, 'file');
    });

    it('makes Idempotency-Key return the same job, and 409 for another body', async () => {
      const headers = { 'idempotency-key': 'order-7' };
      const post = (auth: Record<string, string>, body: string) =>
        dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: { ...auth, ...headers },
          payload: { document: Buffer.from(body).toString('base64'), fileName: 'a.txt' },
        });
      const first = await post(dj.auth, 'same body');
      assert.equal(first.statusCode, 202);
      const replay = await post(dj.auth, 'same body');
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.json().id, first.json().id);
      const other = await post(dj.auth, 'another body');
      assert.equal(other.statusCode, 409);
      assert.equal(other.json().error.code, 'CONFLICT');
      // Keys belong to an organisation: another one may use the same key for its own job.
      const foreign = await post(dj.otherAuth, 'same body');
      assert.equal(foreign.statusCode, 202);
      assert.notEqual(foreign.json().id, first.json().id);
    });

    it('deletes terminal jobs with everything they stored, and refuses others', async () => {
      const job = await waitTerminal(dj, (await submit(dj, makeTextPdf(['to delete']), 'd.pdf')).id);
      await dj.app.inject({ url: `/v1/jobs/${job.id}/pages/1/thumbnail`, headers: dj.auth });
      const deleted = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(deleted.statusCode, 200);
      assert.deepEqual(deleted.json(), { jobsDeleted: 1, errors: [] });
      for (const url of [`/v1/jobs/${job.id}`, `/v1/jobs/${job.id}/result`, `/v1/jobs/${job.id}/document`]) {
        assert.equal((await dj.app.inject({ url, headers: dj.auth })).statusCode, 404, url);
      }
      const { readdirSync } = await import('node:fs');
      assert.equal(readdirSync(`${dj.dataDir}/blobs/jobs`).includes(job.id), false);
      const unknown = await dj.app.inject({
        method: 'DELETE',
        url: '/v1/jobs/job_00000000000000000000000000',
        headers: dj.auth,
      });
      assert.equal(unknown.statusCode, 404);
    });

    it('retries a job as a new job that points back at it', async () => {
      const first = await waitTerminal(
        dj,
        (await submit(dj, 'retry me', 'r.txt', { metadata: { k: 'v' } })).id,
      );
      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${first.id}/retry`,
        headers: dj.auth,
      });
      assert.equal(response.statusCode, 202);
      const second = await waitTerminal(dj, response.json().id);
      assert.equal(second.status, 'completed');
      assert.equal(second.reprocessedFrom, first.id);
      assert.deepEqual(second.metadata, { k: 'v' });
    });

    it('answers health, readiness, OpenAPI and docs without a key, and 401 on /v1 without one', async () => {
      assert.equal((await dj.app.inject({ url: '/healthz' })).statusCode, 200);
      assert.equal((await dj.app.inject({ url: '/readyz' })).json().status, 'ready');
      const openapi = (await dj.app.inject({ url: '/openapi.json' })).json();
      assert.equal(openapi.openapi, '3.1.0');
      for (const path of [
        '/v1/jobs',
        '/v1/jobs/{id}',
        '/v1/jobs/{id}/result',
        '/v1/jobs/{id}/pages/{n}/thumbnail',
      ]) {
        assert.ok(openapi.paths[path], path);
      }
      assert.ok(openapi.paths['/v1/jobs'].post.requestBody.content['multipart/form-data']);
      const docs = await dj.app.inject({ url: '/docs' });
      assert.ok(docs.statusCode === 200 || docs.statusCode === 302);
      for (const headers of [
        {},
        { authorization: 'Bearer nope' },
        { 'x-api-key': 'nope' },
        { authorization: 'Basic abc' },
      ]) {
        const response = await dj.app.inject({ url: '/v1/jobs', headers });
        assert.equal(response.statusCode, 401);
        assert.equal(response.json().error.code, 'UNAUTHORIZED');
      }
      assert.equal(
        (await dj.app.inject({ url: '/v1/jobs', headers: { 'x-api-key': dj.key } })).statusCode,
        200,
      );
    });
  });
}

describe('upload limits', () => {
  let dj: TestDocjobs;
  before(async () => {
    dj = await startTestDocjobs('pglite', 'upload-limits', { MAX_UPLOAD_MB: '1' });
  });
  after(async () => dj?.close());

  it('answers 413 PAYLOAD_TOO_LARGE and keeps nothing of the upload', async () => {
    const big = new Uint8Array(1024 * 1024 + 10).fill(65);
    const form = multipart({ name: 'big.txt', bytes: big });
    const response = await dj.app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: { ...dj.auth, ...form.headers },
      payload: form.payload,
    });
    assert.equal(response.statusCode, 413, response.body);
    assert.equal(response.json().error.code, 'PAYLOAD_TOO_LARGE');
    const json = await dj.app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: dj.auth,
      payload: { document: Buffer.from(big).toString('base64'), fileName: 'big.txt' },
    });
    assert.equal(json.statusCode, 413);
    const { readdirSync, existsSync } = await import('node:fs');
    const jobsDir = `${dj.dataDir}/blobs/jobs`;
    assert.deepEqual(existsSync(jobsDir) ? readdirSync(jobsDir) : [], []);
    const list = (await dj.app.inject({ url: '/v1/jobs', headers: dj.auth })).json();
    assert.equal(list.total, 0);
  });
});
