import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

for (const backend of backends) {
  describe(`GET /v1/jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    const ids: string[] = [];
    let middle = '';
    before(async () => {
      dj = await startTestDocjobs(backend, 'list-jobs');
      for (let i = 0; i < 12; i++) {
        const job = await submit(dj, `document ${i}`, `doc-${i}.txt`, {
          metadata: { batch: i < 6 ? 'first' : 'second', parity: i % 2 === 0 ? 'even' : 'odd' },
        });
        ids.push(job.id);
        if (i === 5) middle = new Date().toISOString();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      for (const id of ids) await waitTerminal(dj, id);
      // One failed job to filter on.
      await waitTerminal(
        dj,
        (await submit(dj, new Uint8Array(0), 'empty.bin', { metadata: { batch: 'bad' } })).id,
      );
    });
    after(async () => dj?.close());

    const list = async (query: string, auth = dj.auth) => {
      const response = await dj.app.inject({ url: `/v1/jobs?${query}`, headers: auth });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as {
        jobs: { id: string; status: string }[];
        total: number;
        hasMore: boolean;
        nextCursor: string | null;
      };
    };

    it('lists newest first with total, hasMore and a cursor that walks every job once', async () => {
      const seen: string[] = [];
      let page = await list('limit=5');
      assert.equal(page.total, 13);
      assert.equal(page.hasMore, true);
      seen.push(...page.jobs.map((job) => job.id));
      while (page.nextCursor) {
        page = await list(`limit=5&cursor=${page.nextCursor}`);
        seen.push(...page.jobs.map((job) => job.id));
      }
      assert.equal(seen.length, 13);
      assert.equal(new Set(seen).size, 13);
      assert.deepEqual(seen.slice(1).reverse(), ids);
      assert.equal(page.hasMore, false);
    });

    it('pages with offset', async () => {
      const page = await list('limit=4&offset=4');
      assert.deepEqual(
        page.jobs.map((job) => job.id),
        [ids[8], ids[7], ids[6], ids[5]],
      );
    });

    it('filters by status (repeatable), type, dates and metadata', async () => {
      assert.equal((await list('status=failed')).total, 1);
      assert.equal((await list('status=completed')).total, 12);
      assert.equal((await list('status=completed&status=failed')).total, 13);
      assert.equal((await list('type=parse')).total, 13);
      assert.equal((await list('metadata.batch=first')).total, 6);
      assert.equal((await list('metadata.batch=second&metadata.parity=odd')).total, 3);
      assert.equal((await list('metadata.batch=none')).total, 0);
      assert.equal((await list(`createdBefore=${encodeURIComponent(middle)}`)).total, 6);
      assert.equal((await list(`createdAfter=${encodeURIComponent(middle)}`)).total, 7);
    });

    it('rejects bad list parameters with VALIDATION_ERROR', async () => {
      for (const query of [
        'limit=0',
        'limit=501',
        'status=done',
        'createdAfter=yesterday',
        'cursor=bm9wZQ',
        'sort=asc',
        'offset=1&cursor=x',
      ]) {
        const response = await dj.app.inject({ url: `/v1/jobs?${query}`, headers: dj.auth });
        assert.equal(response.statusCode, 400, query);
        assert.equal(response.json().error.code, 'VALIDATION_ERROR', query);
      }
    });

    it('shows an organisation only its own jobs', async () => {
      const page = await list('', dj.otherAuth);
      assert.equal(page.total, 0);
    });
  });
}
