import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { textImage } from '../src/pipeline/images/testing/text-image.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';

const invoicePage = [
  'Northwind Traders Ltd',
  'INVOICE',
  'Invoice number: INV-7731',
  'Invoice date: 02 May 2024',
  'Total due: 880.00 EUR',
].join('\n');
const letterPage = [
  'Dear Anna,',
  'thank you for your kind letter from the lake.',
  'Yours sincerely,',
  'Tom',
].join('\n');

const categories = [
  {
    name: 'invoice',
    description: 'A bill asking for payment',
    keywords: ['invoice', 'total due', 'amount due'],
  },
  { name: 'letter', description: 'A personal letter', keywords: ['dear', 'sincerely', 'yours'] },
];
const invoiceSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string', description: 'Invoice number' },
    total: { type: 'number' },
  },
};

interface Trace {
  stages: { stage: string; reusedFrom?: string[] }[];
}

for (const backend of backends) {
  describe(`chaining and workflows on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'chaining');
    });
    after(async () => dj?.close());

    const post = (url: string, payload: unknown, auth = dj.auth) =>
      dj.app.inject({ method: 'POST', url, headers: auth, payload: payload as Record<string, unknown> });
    const json = async (url: string) =>
      (await dj.app.inject({ method: 'GET', url, headers: dj.auth })).json();
    const submitted = (response: { statusCode: number; body: string; json(): unknown }) => {
      assert.equal(response.statusCode, 202, response.body);
      return response.json() as JobView;
    };

    it("runs a child on its parent's pages once the parent ends: no second parse, no second OCR", async () => {
      // A scan, so that the parent runs OCR; the child's trace must show none.
      const scan = await textImage(['INVOICE', 'Invoice number: INV-7731', 'Total due: 880.00']);
      const parent = await submit(dj, scan, 'scan.png');
      const child = submitted(
        await post('/v1/jobs', { type: 'extract', schema: invoiceSchema, dependsOn: parent.id }),
      );
      assert.equal(child.status, 'queued');
      assert.deepEqual(child.dependsOn, [parent.id]);
      const parentDone = await waitTerminal(dj, parent.id);
      assert.equal(parentDone.status, 'completed');
      const done = await waitTerminal(dj, child.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.equal(done.waitingFor, null);
      const trace = (await json(`/v1/jobs/${child.id}/trace`)) as Trace;
      assert.deepEqual(trace.stages[0], { ...trace.stages[0], stage: 'parsing', reusedFrom: [parent.id] });
      assert.ok(!trace.stages.some((stage) => stage.stage === 'ocr'), JSON.stringify(trace.stages));
      const parentTrace = (await json(`/v1/jobs/${parent.id}/trace`)) as Trace;
      assert.ok(parentTrace.stages.some((stage) => stage.stage === 'ocr'));
      const result = await json(`/v1/jobs/${child.id}/result`);
      assert.equal(result.data.invoice_number, 'INV-7731');
    });

    it('fails a child with DEPENDENCY_FAILED when its parent already failed', async () => {
      const broken = await submit(dj, Buffer.from('%PDF-1.7\nnot really'), 'broken.pdf');
      assert.equal((await waitTerminal(dj, broken.id)).status, 'failed');
      const orphan = submitted(
        await post('/v1/jobs', { type: 'classify', categories, dependsOn: broken.id }),
      );
      const done = await waitTerminal(dj, orphan.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.error?.code, 'DEPENDENCY_FAILED');
      assert.match(done.error?.message ?? '', new RegExp(broken.id));
    });

    it('shows the parents still running in waitingFor', async () => {
      const first = await submit(dj, makeTextPdf([invoicePage]), 'a.pdf');
      const second = await submit(dj, makeTextPdf([letterPage]), 'b.pdf');
      const child = submitted(
        await post('/v1/jobs', { type: 'classify', categories, dependsOn: [first.id, second.id] }),
      );
      assert.deepEqual([...(child.waitingFor as string[])].sort(), [first.id, second.id].sort());
      const done = await waitTerminal(dj, child.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      // Both parents' pages, one after the other: two pages.
      assert.equal(done.pagesTotal, 2);
    });

    it("answers 404 for another organisation's or an unknown parent, and 400 for a malformed list", async () => {
      const mine = await submit(dj, invoicePage, 'mine.txt');
      const foreign = await post(
        '/v1/jobs',
        { type: 'classify', categories, dependsOn: mine.id },
        dj.otherAuth,
      );
      assert.equal(foreign.statusCode, 404, foreign.body);
      const unknown = await post('/v1/jobs', {
        type: 'classify',
        categories,
        dependsOn: 'job_00000000000000000000000000',
      });
      assert.equal(unknown.statusCode, 404);
      const malformed = await post('/v1/jobs', { type: 'classify', categories, dependsOn: [] });
      assert.equal(malformed.statusCode, 400);
      const nothing = await post('/v1/jobs', { type: 'classify', categories });
      assert.equal(nothing.statusCode, 400);
      assert.equal(nothing.json().error.field, 'document');
      const foreignOperation = await post(
        `/v1/jobs/${mine.id}/operations`,
        { type: 'classify', categories },
        dj.otherAuth,
      );
      assert.equal(foreignOperation.statusCode, 404);
    });

    it("runs operations on a finished job's content", async () => {
      const parent = await submit(dj, makeTextPdf([invoicePage]), 'inv.pdf');
      await waitTerminal(dj, parent.id);
      const classify = submitted(
        await post(`/v1/jobs/${parent.id}/operations`, { type: 'classify', categories }),
      );
      const extract = submitted(
        await post(`/v1/jobs/${parent.id}/operations`, { type: 'extract', schema: invoiceSchema }),
      );
      assert.equal((await waitTerminal(dj, classify.id)).status, 'completed');
      assert.equal((await waitTerminal(dj, extract.id)).status, 'completed');
      assert.equal((await json(`/v1/jobs/${classify.id}/result`)).label, 'invoice');
      assert.equal((await json(`/v1/jobs/${extract.id}/result`)).data.total, 880);
      const prompt = await post(`/v1/jobs/${parent.id}/operations`, {
        type: 'prompt',
        prompt: 'Who sent it?',
      });
      assert.equal(prompt.statusCode, 400);
      assert.match(prompt.json().error.message, /LLM_BASE_URL/);
    });

    it('runs a workflow: split, classify each part, extract with the schema chosen by its label', async () => {
      const document = makeTextPdf([invoicePage, letterPage, letterPage]);
      const job = await submit(dj, document, 'packet.pdf', {
        type: 'workflow',
        steps: [
          { type: 'split', categories },
          { type: 'classify', categories },
          { type: 'extract', byLabel: { invoice: { schema: invoiceSchema } } },
        ],
      });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.equal(done.progress, 100);
      const result = await json(`/v1/jobs/${job.id}/result`);
      assert.deepEqual(result.parts, [
        { from: 1, to: 1, label: 'invoice' },
        { from: 2, to: 3, label: 'letter' },
      ]);
      assert.deepEqual(
        result.steps.map((step: { type: string }) => step.type),
        ['split', 'classify', 'extract'],
      );
      const [invoice, letter] = result.steps[2].outputs;
      assert.equal(invoice.data.invoice_number, 'INV-7731');
      assert.match(letter.skipped, /letter/);
      const csv = (
        await dj.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}/result?format=csv`, headers: dj.auth })
      ).body;
      assert.match(csv.split('\r\n')[1]!, /^1-1,invoice,INV-7731,880/);
    });

    it('splits at explicit page ranges, and refuses a backwards one', async () => {
      const job = await submit(dj, makeTextPdf([invoicePage, letterPage]), 'p.pdf', {
        type: 'workflow',
        steps: [
          {
            type: 'split',
            ranges: [
              { from: 1, to: 1 },
              { from: 2, to: 2, label: 'letter' },
            ],
          },
          { type: 'classify', categories },
        ],
      });
      assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      const result = await json(`/v1/jobs/${job.id}/result`);
      assert.deepEqual(
        result.parts.map((part: { from: number; to: number }) => [part.from, part.to]),
        [
          [1, 1],
          [2, 2],
        ],
      );
      assert.equal(result.steps[1].outputs[1].label, 'letter');
      const badRange = await post('/v1/jobs', {
        type: 'workflow',
        document: 'eA==',
        fileName: 'x.txt',
        steps: [{ type: 'split', ranges: [{ from: 2, to: 1 }] }],
      });
      assert.equal(badRange.statusCode, 400);
      assert.equal(badRange.json().error.field, 'steps[0].ranges[0]');
    });
  });
}

for (const backend of backends) {
  describe(`waiting jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    // No worker: parents stay queued, so the child's wait and the parent's cancel are in the test's hands.
    before(async () => {
      dj = await startTestDocjobs(backend, 'chaining-waiting', {}, { worker: false });
    });
    after(async () => dj?.close());

    it('waits in queued with waitingFor, and fails with DEPENDENCY_FAILED when a parent is cancelled', async () => {
      const parent = await submit(dj, makeTextPdf([invoicePage]), 'p.pdf');
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { type: 'classify', categories, dependsOn: parent.id },
      });
      assert.equal(response.statusCode, 202, response.body);
      const child = response.json() as JobView;
      assert.equal(child.status, 'queued');
      assert.deepEqual(child.waitingFor, [parent.id]);
      const cancel = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${parent.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(cancel.statusCode, 200);
      const failed = (
        await dj.app.inject({ method: 'GET', url: `/v1/jobs/${child.id}`, headers: dj.auth })
      ).json();
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error.code, 'DEPENDENCY_FAILED');
      assert.equal(failed.waitingFor, null);
    });
  });
}
