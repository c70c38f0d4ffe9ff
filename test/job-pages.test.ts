import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

/** GET /v1/jobs/{id}/pages: what a viewer needs to draw a job's boxes on its page images. */
for (const backend of backends) {
  describe(`job pages on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'job-pages');
    });
    after(async () => dj?.close());

    const pdf = makePdf(
      [
        {
          lines: [
            [14, 72, 72, 'Invoice number: INV-77'],
            [12, 72, 100, 'Total due: EUR 12.50'],
          ],
        },
        { lines: [[12, 72, 72, 'Second page']] },
      ],
      { pageSize: [420, 595] },
    );
    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });

    it('gives every page size in the units of the boxes, for parse and extract jobs alike', async () => {
      const schema = { type: 'object', properties: { invoice_number: { type: 'string' } } };
      for (const extra of [{}, { type: 'extract', schema }]) {
        const job = await submit(dj, pdf, 'two-pages.pdf', extra);
        assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
        const response = await get(`/v1/jobs/${job.id}/pages`);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as { jobId: string; pages: Record<string, unknown>[] };
        assert.equal(body.jobId, job.id);
        assert.deepEqual(
          body.pages.map(({ page, width, height, source }) => ({ page, width, height, source })),
          [
            { page: 1, width: 420, height: 595, source: 'textLayer' },
            { page: 2, width: 420, height: 595, source: 'textLayer' },
          ],
        );
        assert.equal(typeof body.pages[0]!.qualityScore, 'number');
        // Another organisation's job is not found, like every job route.
        assert.equal((await get(`/v1/jobs/${job.id}/pages`, dj.otherAuth)).statusCode, 404);
      }
    });

    it('refuses a job that did not complete with RESULT_NOT_READY', async () => {
      const job = await submit(dj, pdf, 'cancelled.pdf');
      const cancel = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: dj.auth,
      });
      // On a fast machine the job may have completed before the cancel: then there is nothing to check.
      if (cancel.statusCode !== 200) return;
      const response = await get(`/v1/jobs/${job.id}/pages`);
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(response.json().error.code, 'RESULT_NOT_READY');
    });
  });
}
