import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { backends, startTestDocjobs, submit, type TestDocjobs } from './harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface BulkAnswer {
  matched: number;
  succeeded: number;
  errors: { jobId: string; code: string; message: string }[];
  hasMore: boolean;
  nextCursor: string | null;
  created?: { id: string; reprocessedFrom: string }[];
}

/** RFC 4180, the reader's side: quoted fields with doubled quotes and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.equal(field, '', 'the last line ends with CRLF');
  return rows;
}

for (const backend of backends) {
  describe(`bulk actions and export on ${backend}`, () => {
    let dj: TestDocjobs;
    const batchA: string[] = [];
    const batchB: string[] = [];
    before(async () => {
      // No worker: submitted jobs stay queued until a bulk action moves them.
      dj = await startTestDocjobs(backend, 'bulk-export', {}, { worker: false });
      const [org] = await dj.ctx.db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'acme'`);
      await dj.ctx.db.query(`INSERT INTO cases (id, org_id, name) VALUES ('case_bulk', $1, 'bulk')`, [
        org!.id,
      ]);
      for (let i = 0; i < 3; i++) {
        batchA.push((await submit(dj, `a ${i}`, `a-${i}.txt`, { metadata: { batch: 'a' } })).id);
        batchB.push(
          (await submit(dj, `b ${i}`, `b-${i}.txt`, { metadata: { batch: 'b' }, caseId: 'case_bulk' })).id,
        );
      }
    });
    after(async () => dj?.close());

    const bulk = async (action: string, body: unknown, auth = dj.auth) => {
      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/bulk/${action}`,
        headers: auth,
        payload: body as Record<string, unknown>,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as BulkAnswer;
    };
    const statusOf = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}`, headers: dj.auth })).json().status as string;

    it('routes /v1/jobs/stats, /export and /bulk/* apart from /v1/jobs/{id}', async () => {
      for (const url of ['/v1/jobs/stats', '/v1/jobs/export']) {
        const response = await dj.app.inject({ url, headers: dj.auth });
        assert.equal(response.statusCode, 200, url);
      }
      const stats = (await dj.app.inject({ url: '/v1/jobs/stats', headers: dj.auth })).json();
      assert.equal(stats.byStatus.queued, 6);
      const unknown = await dj.app.inject({ method: 'POST', url: '/v1/jobs/bulk/retry', headers: dj.auth });
      assert.equal(unknown.statusCode, 404);
    });

    it('filters the list by caseId', async () => {
      const page = (await dj.app.inject({ url: '/v1/jobs?caseId=case_bulk', headers: dj.auth })).json();
      assert.equal(page.total, 3);
      assert.deepEqual(page.jobs.map((job: { id: string }) => job.id).sort(), [...batchB].sort());
    });

    it('cancels by filter, a page at a time with the cursor', async () => {
      const filter = { status: ['queued'], 'metadata.batch': 'a' };
      const first = await bulk('cancel', { filter, limit: 2 });
      assert.deepEqual([first.matched, first.succeeded, first.errors, first.hasMore], [2, 2, [], true]);
      const rest = await bulk('cancel', { filter, limit: 2, cursor: first.nextCursor });
      assert.deepEqual([rest.matched, rest.succeeded, rest.hasMore, rest.nextCursor], [1, 1, false, null]);
      for (const id of batchA) assert.equal(await statusOf(id), 'cancelled');
      for (const id of batchB) assert.equal(await statusOf(id), 'queued');
    });

    it('reports each job that cannot move, and another organisation’s ids as not found', async () => {
      const answer = await bulk('cancel', { ids: [batchA[0], batchB[0], 'job_nope', batchB[0]] });
      assert.equal(answer.matched, 3); // ids are taken once
      assert.equal(answer.succeeded, 1);
      assert.deepEqual(
        answer.errors.map((e) => [e.jobId, e.code]),
        [
          [batchA[0], 'CONFLICT'],
          ['job_nope', 'NOT_FOUND'],
        ],
      );
      const foreign = await bulk('cancel', { ids: [batchB[1]] }, dj.otherAuth);
      assert.deepEqual(
        foreign.errors.map((e) => e.code),
        ['NOT_FOUND'],
      );
      assert.equal(await statusOf(batchB[1]!), 'queued');
    });

    it('deletes terminal jobs only', async () => {
      const answer = await bulk('delete', { ids: [batchA[2], batchB[1]] });
      assert.equal(answer.succeeded, 1);
      assert.deepEqual(
        answer.errors.map((e) => [e.jobId, e.code]),
        [[batchB[1], 'JOB_NOT_TERMINAL']],
      );
      const gone = await dj.app.inject({ url: `/v1/jobs/${batchA[2]}`, headers: dj.auth });
      assert.equal(gone.statusCode, 404);
    });

    it('reprocesses as new jobs that keep reprocessedFrom', async () => {
      const answer = await bulk('reprocess', { filter: { status: ['cancelled'], metadata: { batch: 'a' } } });
      assert.equal(answer.matched, 2);
      assert.equal(answer.succeeded, 2);
      assert.deepEqual(answer.created?.map((c) => c.reprocessedFrom).sort(), [batchA[0], batchA[1]].sort());
      for (const created of answer.created ?? []) {
        const job = (await dj.app.inject({ url: `/v1/jobs/${created.id}`, headers: dj.auth })).json();
        assert.equal(job.status, 'queued');
        assert.equal(job.reprocessedFrom, created.reprocessedFrom);
        assert.deepEqual(job.metadata, { batch: 'a' });
      }
    });

    it('rejects a bad bulk body with VALIDATION_ERROR', async () => {
      for (const body of [
        {},
        { ids: ['job_x'], filter: {} },
        { ids: [] },
        { ids: Array.from({ length: 1001 }, (_, i) => `job_${i}`) },
        { ids: ['job_x'], limit: 5 },
        { filter: { colour: 'red' } },
        { filter: { status: ['done'] } },
        { filter: {}, limit: 1001 },
        { filter: {}, cursor: 'bm9wZQ' },
      ]) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs/bulk/cancel',
          headers: dj.auth,
          payload: body,
        });
        assert.equal(response.statusCode, 400, JSON.stringify(body).slice(0, 80));
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
      }
      const tooMany = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs/bulk/reprocess',
        headers: dj.auth,
        payload: { ids: Array.from({ length: 101 }, (_, i) => `job_${i}`) },
      });
      assert.equal(tooMany.statusCode, 400);
    });

    it('exports CSV with RFC 4180 quoting and formula-safe file names', async () => {
      const tricky = await submit(dj, 'tricky', '=HYPERLINK("x").txt', {
        metadata: { note: 'a, "quoted"\nsecond line', batch: 'tricky' },
      });
      const response = await dj.app.inject({
        url: '/v1/jobs/export?format=csv&metadata.batch=tricky',
        headers: dj.auth,
      });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/csv/);
      assert.match(response.headers['content-disposition'] as string, /attachment; filename="jobs-.*\.csv"/);
      const [header, row, ...rest] = parseCsv(response.body);
      assert.equal(rest.length, 0);
      const cell = (name: string) => row![header!.indexOf(name)];
      assert.equal(cell('id'), tricky.id);
      assert.equal(cell('status'), 'queued');
      assert.equal(cell('fileName'), `'=HYPERLINK("x").txt`);
      assert.deepEqual(JSON.parse(cell('metadata')!), { note: 'a, "quoted"\nsecond line', batch: 'tricky' });
      assert.equal(cell('qualityScore'), '');
    });

    it('exports JSON with the same filters as the list', async () => {
      const response = await dj.app.inject({
        url: '/v1/jobs/export?format=json&status=queued',
        headers: dj.auth,
      });
      const listed = (await dj.app.inject({ url: '/v1/jobs?status=queued', headers: dj.auth })).json();
      const jobs = response.json() as { id: string }[];
      assert.deepEqual(
        jobs.map((job) => job.id),
        listed.jobs.map((job: { id: string }) => job.id),
      );
      assert.equal(jobs.length, listed.total);
      const none = await dj.app.inject({
        url: '/v1/jobs/export?format=json&type=parse',
        headers: dj.otherAuth,
      });
      assert.deepEqual(none.json(), []);
    });

    it('streams 100,000 jobs a page at a time, fetching each page only as the client reads', async () => {
      const n = 100_000;
      const [org] = await dj.ctx.db.query<{ id: string }>(
        `SELECT id FROM organisations WHERE name = 'globex'`,
      );
      await dj.ctx.db.query(
        `INSERT INTO jobs (id, org_id, type, status, timeout_seconds, file_name, metadata, created_at)
         SELECT 'job_bulk' || lpad(g::text, 8, '0'), $1, 'parse', 'completed', 60, 'file-' || g || '.pdf',
                jsonb_build_object('project', 'p' || (g % 7), 'note', repeat('x', 100)),
                now() - g * interval '1 second'
         FROM generate_series(1, $2::int) AS g`,
        [org!.id, n],
      );
      const oldest = `job_bulk${String(n).padStart(8, '0')}`;
      const base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }, 2);
      try {
        const response = await fetch(`${base}/v1/jobs/export?format=csv`, { headers: dj.otherAuth });
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-length'), null);
        assert.equal(response.headers.get('transfer-encoding'), 'chunked');
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let text = '';
        let lines = 0;
        let deleted = false;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const chunk = decoder.decode(value, { stream: true });
          for (const c of chunk) if (c === '\n') lines++;
          text = (text + chunk).slice(-1000); // only the tail: the oldest job comes last
          // The first pages are out; the oldest job is on the last of 100. Deleting it now proves the
          // export had not read it yet: it is fetched page by page as the response drains.
          if (!deleted && lines > 2000) {
            await dj.ctx.db.query('DELETE FROM jobs WHERE id = $1', [oldest]);
            deleted = true;
          }
        }
        assert.ok(deleted);
        assert.equal(lines, n); // header + n - 1 jobs
        assert.doesNotMatch(text, new RegExp(oldest));
        assert.match(text, new RegExp(`job_bulk${String(n - 1).padStart(8, '0')}`));
      } finally {
        clearInterval(sampler);
      }
      // Loose, garbage included (no gc between samples): ~65 MB measured with pages of 1,000,
      // 230-290 MB with the whole export read as one page.
      assert.ok(peak < 150 * 1048576, `heap grew by ${(peak / 1048576).toFixed(0)} MB during the export`);
    });
  });
}
