import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';

const invoiceText = [
  'Northwind Traders Ltd',
  '12 High Street, London',
  'INVOICE',
  'Invoice number: INV-2024-0042',
  'Invoice date: 14 March 2024',
  'Total due: EUR 1,234.50',
].join('\n');

const invoiceSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string', description: 'The invoice number' },
    invoice_date: { type: 'string', format: 'date' },
    total: { type: 'number', description: 'Total amount due' },
    purchase_order: { type: 'string', description: 'Purchase order number' },
  },
};

const categories = [
  {
    name: 'invoice',
    description: 'A bill asking for payment',
    keywords: ['invoice', 'amount due', 'total due'],
  },
  { name: 'letter', description: 'A personal letter', keywords: ['dear', 'sincerely'] },
];

for (const backend of backends) {
  describe(`extract and classify jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'extract-jobs');
    });
    after(async () => dj?.close());

    const get = async (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const post = (url: string, payload: unknown, auth = dj.auth) =>
      dj.app.inject({ method: 'POST', url, headers: auth, payload: payload as Record<string, unknown> });
    const finished = async (job: JobView) => {
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      return done;
    };
    const resultOf = async (id: string, format = 'json') => {
      const response = await get(`/v1/jobs/${id}/result?format=${format}`);
      assert.equal(response.statusCode, 200, response.body);
      return response;
    };

    it('fills an inline schema with the built-in engine: typed values, confidence, evidence, nulls for what is absent', async () => {
      const job = await submit(dj, invoiceText, 'invoice.txt', { type: 'extract', schema: invoiceSchema });
      assert.equal(job.type, 'extract');
      const done = await finished(job);
      const result = (await resultOf(job.id)).json();
      assert.equal(result.type, 'extract');
      assert.equal(result.engine, 'builtin');
      assert.equal(result.data.invoice_number, 'INV-2024-0042');
      assert.equal(result.data.invoice_date, '2024-03-14');
      assert.equal(result.data.total, 1234.5);
      assert.equal(result.data.purchase_order, null);
      assert.equal(result.confidence.purchase_order, 0);
      assert.ok(result.confidence.invoice_number > 0.5, JSON.stringify(result.confidence));
      assert.equal(result.evidence.invoice_number.page, 1);
      assert.match(result.evidence.invoice_number.text, /INV-2024-0042/);
      // The missing field makes the job's lowest confidence 0, which the list filter sees.
      assert.equal(done.minConfidence, 0);
      const list = (await get(`/v1/jobs?type=extract&minConfidence=0.5`)).json();
      assert.ok(!list.jobs.some((listed: JobView) => listed.id === job.id));
    });

    it('renders the extraction as csv and jsonl, one row per line item', async () => {
      const schema = {
        type: 'object',
        properties: {
          invoice_number: { type: 'string' },
          lines: {
            type: 'array',
            items: {
              type: 'object',
              properties: { description: { type: 'string' }, amount: { type: 'number' } },
            },
          },
        },
      };
      const job = await submit(dj, invoiceText, 'invoice.txt', { type: 'extract', schema });
      await finished(job);
      const csv = await resultOf(job.id, 'csv');
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const [header] = csv.body.split('\r\n');
      assert.equal(header, 'invoice_number,lines.description,lines.amount');
      const jsonl = (await resultOf(job.id, 'jsonl')).body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.ok(jsonl.length >= 1);
      assert.equal(jsonl[0].invoice_number, 'INV-2024-0042');
      assert.match((await resultOf(job.id, 'markdown')).body, /Northwind Traders/);
    });

    it('answers 400 with the JSON pointer of a bad schema, and for fields of another job type', async () => {
      const bad = await post('/v1/jobs', {
        type: 'extract',
        document: Buffer.from('x').toString('base64'),
        fileName: 'x.txt',
        schema: { type: 'object', properties: { total: { type: 'money' } } },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().error.field, 'schema');
      assert.match(bad.json().error.message, /\/properties\/total\/type/);
      const empty = await dj.app.inject({ method: 'POST', url: '/v1/jobs', headers: dj.auth });
      assert.equal(empty.statusCode, 400, empty.body);
      assert.equal(empty.json().error.field, 'document');
      const missing = await post('/v1/jobs', { type: 'extract', document: 'eA==', fileName: 'x.txt' });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.field, 'schema');
      const stray = await post('/v1/jobs', { document: 'eA==', fileName: 'x.txt', schema: invoiceSchema });
      assert.equal(stray.statusCode, 400);
      assert.equal(stray.json().error.field, 'schema');
      const llm = await post('/v1/jobs', {
        type: 'extract',
        document: 'eA==',
        fileName: 'x.txt',
        schema: invoiceSchema,
        engine: 'llm',
      });
      assert.equal(llm.statusCode, 400);
      assert.match(llm.json().error.message, /LLM_BASE_URL/);
    });

    it('runs a saved extractor, records its version, and filters and counts jobs by it', async () => {
      const created = await post('/v1/extractors', { name: 'invoices', schema: invoiceSchema });
      assert.equal(created.statusCode, 201, created.body);
      const extractor = created.json();
      const first = await submit(dj, invoiceText, 'a.txt', { type: 'extract', extractorId: extractor.id });
      assert.equal(first.extractorId, extractor.id);
      assert.equal(first.extractorVersion, 1);
      const changed = await dj.app.inject({
        method: 'PATCH',
        url: `/v1/extractors/${extractor.id}`,
        headers: dj.auth,
        payload: { prompt: 'Dates are European.' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const second = await submit(dj, invoiceText, 'b.txt', { type: 'extract', extractorId: extractor.id });
      assert.equal(second.extractorVersion, 2);
      await finished(first);
      await finished(second);
      const listed = (await get(`/v1/jobs?extractorId=${extractor.id}`)).json();
      assert.deepEqual(listed.jobs.map((job: JobView) => job.id).sort(), [first.id, second.id].sort());
      const stats = (await get('/v1/jobs/stats?period=24h')).json();
      assert.equal(stats.byExtractor[extractor.id], 2);
      const exported = (
        await get(`/v1/jobs/export?format=json&include=data&extractorId=${extractor.id}`)
      ).json();
      assert.equal(exported.length, 2);
      assert.equal(exported[0].data.invoice_number, 'INV-2024-0042');
      assert.equal(exported[0].extractorId, extractor.id);
      const foreign = await post(
        '/v1/jobs',
        { type: 'extract', document: 'eA==', fileName: 'x.txt', extractorId: extractor.id },
        dj.otherAuth,
      );
      assert.equal(foreign.statusCode, 400);
      assert.equal(foreign.json().error.field, 'extractorId');
    });

    it('classifies with the built-in engine: a label, its confidence and a score per category', async () => {
      const job = await submit(dj, makeTextPdf([invoiceText]), 'invoice.pdf', {
        type: 'classify',
        categories,
      });
      await finished(job);
      const result = (await resultOf(job.id)).json();
      assert.equal(result.label, 'invoice');
      assert.ok(result.confidence > 0 && result.confidence <= 1);
      assert.deepEqual(Object.keys(result.scores).sort(), ['invoice', 'letter']);
      assert.ok(result.scores.invoice > result.scores.letter);
      const csv = (await resultOf(job.id, 'csv')).body.split('\r\n');
      assert.equal(csv[0], 'label,confidence,score.invoice,score.letter');
    });
  });
}
