import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import { textImage } from '../src/pipeline/images/testing/text-image.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import { needsCorpus } from '../src/pipeline/testing/fixtures.ts';
import { purgeExpired } from '../src/services/purge.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  corpus,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitTerminal,
} from './harness.ts';

interface Part {
  part: number;
  pages: { from: number; to: number };
  label: string | null;
  confidence: number;
  cues: string[];
  document: string | null;
  jobId?: string;
}

const invoice = (number: string, page: number, of: number) =>
  [
    'Northwind Traders Ltd, 12 Harbour Road, Leeds',
    page === 1 ? 'INVOICE' : 'Invoice (continued)',
    `Invoice number: ${number}`,
    'Consulting services 10 hours 800.00',
    page === of ? 'Total due: 880.00 EUR' : 'Subtotal carried over 800.00',
    `Page ${page} of ${of}`,
  ].join('\n');

const invoiceSchema = {
  type: 'object',
  properties: { invoice_number: { type: 'string', description: 'Invoice number' } },
};

for (const backend of backends) {
  describe(`split jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'split');
    });
    after(async () => dj?.close());

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const resultOf = async (id: string) => (await get(`/v1/jobs/${id}/result`)).json() as { parts: Part[] };
    const pdfOf = async (url: string) => {
      const response = await get(url);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'application/pdf');
      return PDFDocument.load(response.rawPayload);
    };

    it('cuts at explicit ranges, labels each part, and serves each as a PDF of the original pages', async () => {
      const pdf = makeTextPdf([
        invoice('INV-1', 1, 2),
        invoice('INV-1', 2, 2),
        'Dear Anna,\nthank you for your letter.\nYours sincerely,\nTom',
        invoice('INV-2', 1, 1),
      ]);
      const job = await submit(dj, pdf, 'packet.pdf', { type: 'split', options: { ranges: '1-2,3,4' } });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const { parts } = await resultOf(job.id);
      assert.deepEqual(
        parts.map((part) => [part.pages.from, part.pages.to, part.cues.join()]),
        [
          [1, 2, 'ranges'],
          [3, 3, 'ranges'],
          [4, 4, 'ranges'],
        ],
      );
      assert.deepEqual(
        parts.map((part) => part.label),
        ['invoice', 'letter', 'invoice'],
      );
      const csv = (await get(`/v1/jobs/${job.id}/result?format=csv`)).body;
      assert.match(csv, /^part,pages,label,confidence,cues,document,jobId\r?\n1,1-2,invoice,1,ranges,/);
      const first = await pdfOf(parts[0]!.document!);
      assert.equal(first.getPageCount(), 2);
      // Copied, not re-rendered: the page still draws its text with its font.
      assert.ok(first.getPage(0).node.Resources()?.toString().includes('Font'));
      const other = await get(parts[0]!.document!, dj.otherAuth);
      assert.equal(other.statusCode, 404);
      const missing = await get(`/v1/jobs/${job.id}/parts/9/document`);
      assert.equal(missing.statusCode, 404);
    });

    it('refuses bad ranges with a 400 saying how to write them', async () => {
      for (const ranges of [
        '3-1',
        '1-',
        [
          { from: 2, to: 3 },
          { from: 3, to: 4 },
        ],
        7,
      ]) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: {
            type: 'split',
            document: Buffer.from(makeTextPdf(['a'])).toString('base64'),
            fileName: 'a.pdf',
            options: { ranges },
          },
        });
        assert.equal(response.statusCode, 400, JSON.stringify(ranges));
        assert.match(response.json().error.message, /ascending|from ≤ to|last page/, response.body);
      }
    });

    it('finds boundaries from page numbers, document numbers and blank separators', async () => {
      const pdf = makeTextPdf([
        invoice('INV-10', 1, 2),
        invoice('INV-10', 2, 2),
        invoice('INV-11', 1, 1),
        '',
        invoice('INV-12', 1, 1),
      ]);
      const job = await submit(dj, pdf, 'packet.pdf', { type: 'split' });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const { parts } = await resultOf(job.id);
      assert.deepEqual(
        parts.map((part) => [part.pages.from, part.pages.to]),
        [
          [1, 2],
          [3, 4],
          [5, 5],
        ],
      );
      assert.ok(parts[1]!.cues.includes('pageNumberRestarts'), parts[1]!.cues.join());
      assert.ok(parts[2]!.cues.includes('afterBlankPage'), parts[2]!.cues.join());
      for (const part of parts) assert.ok(part.confidence > 0.5 && part.confidence <= 1);
    });

    it('submits an extract job per part (options.then) over the split job pages', async () => {
      const pdf = makeTextPdf([invoice('INV-20', 1, 1), invoice('INV-21', 1, 1)]);
      const job = await submit(dj, pdf, 'packet.pdf', {
        type: 'split',
        // biome-ignore lint/suspicious/noThenProperty: the option's name (issue 19); never awaited
        options: { ranges: '1,2', then: { type: 'extract', schema: invoiceSchema } },
      });
      assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      const { parts } = await resultOf(job.id);
      const numbers = [];
      for (const part of parts) {
        const child = (await waitTerminal(dj, part.jobId!)) as JobView & { dependsOn: string[] };
        assert.equal(child.status, 'completed', JSON.stringify(child.error));
        assert.deepEqual(child.dependsOn, [job.id]);
        const result = (await get(`/v1/jobs/${child.id}/result`)).json();
        assert.equal(result.pages, 1);
        numbers.push(result.data.invoice_number);
        const trace = (await get(`/v1/jobs/${child.id}/trace`)).json();
        assert.deepEqual(trace.stages[0].reusedFrom, [job.id]);
      }
      assert.deepEqual(numbers, ['INV-20', 'INV-21']);
    });

    it("reuses a parent's pages (dependsOn) and cuts the parent's PDF; deleted with the job", async () => {
      const parent = await submit(dj, makeTextPdf(['one', 'two', 'three']), 'three.pdf');
      assert.equal((await waitTerminal(dj, parent.id)).status, 'completed');
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: {
          type: 'split',
          dependsOn: parent.id,
          options: { ranges: [{ from: 2, to: 3, label: 'tail' }] },
        },
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = response.json() as JobView;
      assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      const { parts } = await resultOf(job.id);
      assert.equal(parts[0]!.label, 'tail');
      assert.equal((await pdfOf(parts[0]!.document!)).getPageCount(), 2);
      const trace = (await get(`/v1/jobs/${job.id}/trace`)).json();
      assert.deepEqual(trace.stages[0].reusedFrom, [parent.id]);
      const deleted = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(deleted.statusCode, 200, deleted.body);
      assert.equal((await get(parts[0]!.document!)).statusCode, 404);
    });

    it('cuts parts across several parents (dependsOn), each page copied from its own parent', async () => {
      // Each page its own text: text repeated on every page would be read as a running header.
      const sentences = [
        'Alpha apples grow in orchards near the river.',
        'Bravo boats sail across the northern bay.',
        'Charlie cooks soup for the whole village.',
        'Delta dunes shift slowly in desert winds.',
        'Echo engines hum inside the old factory.',
      ];
      const first = await submit(dj, makeTextPdf(sentences.slice(0, 2)), 'a.pdf');
      const second = await submit(dj, makeTextPdf(sentences.slice(2)), 'b.pdf');
      for (const parent of [first, second])
        assert.equal((await waitTerminal(dj, parent.id)).status, 'completed');
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { type: 'split', dependsOn: [first.id, second.id], options: { ranges: '1,2-4,5' } },
      });
      assert.equal(response.statusCode, 202, response.body);
      const job = response.json() as JobView;
      const ended = await waitTerminal(dj, job.id);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
      const { parts } = await resultOf(job.id);
      assert.deepEqual(
        parts.map((part) => part.document === null),
        [false, false, false],
      );
      const texts: string[][] = [];
      for (const part of parts) {
        const pdf = await pdfOf(part.document!);
        const parsed = await readDocument(
          await pdf.save(),
          { kind: 'pdf', mimeType: 'application/pdf' },
          { signal: new AbortController().signal },
          { ...defaultParseOptions, ocr: 'off' },
        );
        texts.push(parsed.document.pages.map((page) => page.text.split(' ')[0]!));
      }
      assert.deepEqual(texts, [['Alpha'], ['Bravo', 'Charlie', 'Delta'], ['Echo']]);
    });

    it('purges the parts with the job when it expires', async () => {
      const job = await submit(dj, makeTextPdf(['one', 'two']), 'two.pdf', {
        type: 'split',
        options: { ranges: '1,2' },
      });
      assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      const url = `/v1/jobs/${job.id}/parts/2/document`;
      assert.equal((await get(url)).statusCode, 200);
      const later = new Date(Date.now() + 30 * 86_400_000);
      assert.ok((await purgeExpired(dj.ctx, { now: later })).expired >= 1);
      // As GET …/result answers an expired job: 409 RESULT_NOT_READY, saying it is expired.
      const gone = await get(url);
      assert.equal(gone.statusCode, 409);
      assert.match(gone.json().error.message, /expired/);
      assert.equal(await dj.ctx.blobs.exists(`jobs/${job.id}/parts/1.pdf`), false);
    });

    it('splits an image into its one page, served as a one-page PDF holding the image', async () => {
      const png = await textImage(['RECEIPT', 'Coffee 3.50', 'TOTAL 3.50']);
      const job = await submit(dj, png, 'receipt.png', { type: 'split' });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const { parts } = await resultOf(job.id);
      assert.equal(parts.length, 1);
      const pdf = await pdfOf(parts[0]!.document!);
      assert.equal(pdf.getPageCount(), 1);
    });

    it('cuts a packet of corpus receipts and invoices at their boundaries', {
      skip: needsCorpus,
    }, async () => {
      const files = [
        join(corpus, 'invoice2data_invoices/inputs/QualityHosting.pdf'),
        join(corpus, 'receipts_pdf_cc0/pdf/00_de_restaurant.pdf'),
        join(corpus, 'invoice2data_invoices/inputs/oyo.pdf'),
        join(corpus, 'receipts_pdf_cc0/pdf/15_de_hotel.pdf'),
      ];
      const packet = await PDFDocument.create();
      const starts: number[] = [];
      for (const file of files) {
        const source = await PDFDocument.load(readFileSync(file));
        starts.push(packet.getPageCount() + 1);
        for (const page of await packet.copyPages(source, source.getPageIndices())) packet.addPage(page);
      }
      const job = await submit(dj, await packet.save(), 'packet.pdf', { type: 'split' });
      const done = await waitTerminal(dj, job.id, 120);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const { parts } = await resultOf(job.id);
      assert.deepEqual(
        parts.map((part) => part.pages.from),
        starts,
        JSON.stringify(parts),
      );
    });
  });
}
