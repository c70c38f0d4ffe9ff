import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { degrees, PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import { textPageImage } from '../src/pipeline/ocr/testing/page-image.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import { renderPageThumbnail } from '../src/pipeline/render.ts';
import { corpusDir, needsCorpus } from '../src/pipeline/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  outputPdf,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitCompleted,
} from './harness.ts';

const pdfType = { kind: 'pdf', mimeType: 'application/pdf' } as const;
const parse = async (bytes: Uint8Array): Promise<ParsedDocument> =>
  (await readDocument(bytes, pdfType, { signal: new AbortController().signal }, defaultParseOptions))
    .document;
const words = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

/** A letter with personal data, a red picture under the e-mail address, and a second page. */
async function letterPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([612, 792]);
  first.drawRectangle({ x: 250, y: 640, width: 130, height: 30, color: rgb(1, 0, 0) });
  const lines = [
    'Dear customer John Smith,',
    'we write about account 4411-2233 opened in March.',
    'Reply to john.smith@example.com within ten days.',
    'Kind regards from the billing office.',
  ];
  for (const [i, line] of lines.entries()) first.drawText(line, { x: 72, y: 700 - i * 24, size: 12, font });
  doc
    .addPage([612, 792])
    .drawText('Second page: terms and conditions apply.', { x: 72, y: 700, size: 12, font });
  return doc.save();
}

for (const backend of backends) {
  describe(`edit jobs on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'edit-jobs');
    });
    after(async () => dj?.close());

    const get = (url: string, auth = dj.auth) => dj.app.inject({ method: 'GET', url, headers: auth });
    const post = (payload: Record<string, unknown>) =>
      dj.app.inject({ method: 'POST', url: '/v1/jobs', headers: dj.auth, payload });
    const done = (job: JobView) => waitCompleted(dj, job.id, 120);
    const output = (id: string) => outputPdf(dj, id);
    const pages = ['ALPHA first page', 'BRAVO second page', 'CHARLIE third page'];

    it('rotates, deletes and reorders pages; the original stays as it was', async () => {
      const original = makeTextPdf(pages);
      const job = await submit(dj, original, 'three.pdf', {
        type: 'edit',
        options: {
          operations: [
            { type: 'rotate', pages: '1', degrees: 90 },
            { type: 'delete', pages: [2] },
            { type: 'reorder', order: [2, 1] },
          ],
        },
      });
      assert.equal(job.type, 'edit');
      await done(job);
      const pdf = await output(job.id);
      const edited = await PDFDocument.load(pdf);
      assert.deepEqual(
        edited.getPages().map((page) => page.getRotation().angle),
        [0, 90],
      );
      const reparsed = await parse(pdf);
      assert.match(reparsed.pages[0]!.text, /CHARLIE/);
      assert.match(reparsed.pages[1]!.text, /ALPHA/);
      assert.doesNotMatch(reparsed.text, /BRAVO/);
      const result = (await get(`/v1/jobs/${job.id}/result`)).json();
      assert.equal(result.type, 'edit');
      assert.equal(result.pages, 2);
      assert.deepEqual(
        result.operations.map((op: { pagesAfter: number }) => op.pagesAfter),
        [3, 2, 2],
      );
      const document = await get(`/v1/jobs/${job.id}/document`);
      assert.deepEqual(new Uint8Array(document.rawPayload), original, 'the original is untouched');
      // A job over the edit job reads the edited pages.
      const child = (await post({ type: 'parse', dependsOn: job.id })).json() as JobView;
      await done(child);
      const childResult = (await get(`/v1/jobs/${child.id}/result`)).json() as ParsedDocument;
      assert.equal(childResult.pages.length, 2);
      assert.match(childResult.pages[0]!.text, /CHARLIE/);
    });

    it("merges other jobs' documents in order, extracts pages, and edits an edit's output", async () => {
      const a = await submit(dj, makeTextPdf(['ALPHA one', 'ALPHA two']), 'a.pdf');
      const b = await submit(dj, makeTextPdf(['BRAVO one']), 'b.pdf');
      await Promise.all([done(a), done(b)]);
      const merged = (
        await post({
          type: 'edit',
          dependsOn: [a.id, b.id],
          options: {
            operations: [
              { type: 'merge', jobs: [b.id] },
              { type: 'extract', pages: '2-3' },
            ],
          },
        })
      ).json() as JobView;
      await done(merged);
      const reparsed = await parse(await output(merged.id));
      assert.deepEqual(
        reparsed.pages.map((page) => page.text.trim()),
        ['ALPHA two', 'BRAVO one'],
      );
      // Run again as a new job: the same operations over the same parents.
      const retried = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${merged.id}/retry`,
        headers: dj.auth,
      });
      assert.equal(retried.statusCode, 202, retried.body);
      const rerun = await done(retried.json() as JobView);
      assert.deepEqual(rerun.options, merged.options);
      assert.equal((await PDFDocument.load(await output(rerun.id))).getPageCount(), 2);
      const again = (
        await post({
          type: 'edit',
          dependsOn: merged.id,
          options: { operations: [{ type: 'reorder', order: [2, 1] }] },
        })
      ).json() as JobView;
      await done(again);
      assert.deepEqual(
        (await parse(await output(again.id))).pages.map((page) => page.text.trim()),
        ['BRAVO one', 'ALPHA two'],
      );
    });

    it('redacts strings and regexes: the words are gone from the text, the rest is still found, pixels are black', async () => {
      const job = await submit(dj, await letterPdf(), 'letter.pdf', {
        type: 'edit',
        options: {
          operations: [
            {
              type: 'redact',
              strings: ['john smith', '4411-2233'],
              regexes: ['[\\w.]+@[\\w.]+\\.com'],
            },
          ],
        },
      });
      await done(job);
      const result = (await get(`/v1/jobs/${job.id}/result`)).json();
      assert.equal(result.verified, true);
      assert.deepEqual(result.pagesRedacted, [1]);
      assert.deepEqual(
        result.redactions.map((r: { rule: string; matches: number; words: number }) => [
          r.rule,
          r.matches,
          r.words,
        ]),
        [
          ['string', 1, 2],
          ['string', 1, 1],
          ['regex', 1, 1],
        ],
      );
      const pdf = await output(job.id);
      const text = (await parse(pdf)).text;
      for (const gone of ['John', 'Smith', '4411', 'example.com', 'john.smith'])
        assert.ok(!text.includes(gone), `"${gone}" is gone from ${JSON.stringify(text)}`);
      const kept = words(text);
      for (const word of [
        'Dear',
        'customer',
        'account',
        'opened',
        'March.',
        'Reply',
        'within',
        'billing',
        'terms',
      ])
        assert.ok(kept.has(word), `"${word}" is still found in ${JSON.stringify(text)}`);
      // No text of the page survives in its content stream either: the page is one picture.
      const raw = Buffer.from(pdf).toString('latin1');
      assert.ok(!raw.includes('Smith') && !raw.includes('4411'));
      // The e-mail sat on a red picture: the box is black in the pixels, the red beside it stays.
      const { loadImage, createCanvas } = await import('@napi-rs/canvas');
      const png = await renderPageThumbnail(pdf, pdfType, 1, 612);
      const image = await loadImage(Buffer.from(png));
      const canvas = createCanvas(image.width, image.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      const at = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
      const email = (await parse(await letterPdf())).pages[0]!.lines!.find((line) =>
        line.text.startsWith('Reply'),
      )!;
      const box = email.words[2]!.bbox; // john.smith@example.com
      assert.deepEqual(at(Math.round((box[0] + box[2]) / 2), Math.round((box[1] + box[3]) / 2)), [0, 0, 0]);
      const red = at(375, 792 - 665);
      assert.ok(red[0]! > 200 && red[1]! < 60, `red kept beside the box: ${red}`);
    });

    it("redacts an extraction's evidence boxes from a job it depends on", async () => {
      const invoice = makeTextPdf([
        'Invoice number: INV-2231\nInvoice date: 2024-03-05\nTotal: 99.50 EUR\nThank you',
      ]);
      const extract = await submit(dj, invoice, 'invoice.pdf', {
        type: 'extract',
        schema: {
          type: 'object',
          properties: { total: { type: 'number', description: 'Total amount due' } },
        },
      });
      await done(extract);
      const evidence = (await get(`/v1/jobs/${extract.id}/result`)).json().evidence;
      assert.ok(evidence.total?.bbox, JSON.stringify(evidence));
      const job = (
        await post({
          type: 'edit',
          dependsOn: extract.id,
          options: { operations: [{ type: 'redact', fromJob: extract.id, fields: ['total'] }] },
        })
      ).json() as JobView;
      await done(job);
      const result = (await get(`/v1/jobs/${job.id}/result`)).json();
      assert.equal(result.redactions[0].rule, 'evidence');
      assert.equal(result.redactions[0].matches, 1);
      const text = (await parse(await output(job.id))).text;
      assert.ok(!text.includes('99.50'), text);
      assert.match(text, /INV-2231/);
    });

    it('redacts a scanned page from its OCR words, and the rest re-parses with its spaces', async () => {
      const png = await textPageImage([
        'Invoice for Maria Lindqvist',
        'Account 4411 2233 closed',
        'Total due 880.00 EUR',
      ]);
      const doc = await PDFDocument.create();
      const image = await doc.embedPng(png);
      const height = (612 * image.height) / image.width;
      doc.addPage([612, 792]).drawImage(image, { x: 0, y: 792 - height, width: 612, height });
      const job = await submit(dj, await doc.save(), 'scan.pdf', {
        type: 'edit',
        options: { operations: [{ type: 'redact', strings: ['Lindqvist', '4411'] }] },
      });
      await done(job);
      const text = (await parse(await output(job.id))).text;
      assert.ok(!text.includes('Lindqvist') && !text.includes('4411'), text);
      for (const kept of ['Invoice for Maria', '2233 closed', 'Total due 880.00 EUR'])
        assert.ok(text.includes(kept), `${kept} in ${text}`);
    });

    it('redacts pages turned by their own /Rotate, which keep their rotation', async () => {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      for (const angle of [90, 270]) {
        const page = doc.addPage([612, 792]);
        page.drawText(`Secret name Zorro lives here at ${angle}.`, { x: 72, y: 700, size: 14, font });
        page.drawText('The second line stays readable.', { x: 72, y: 670, size: 14, font });
        page.setRotation(degrees(angle));
      }
      const job = await submit(dj, await doc.save(), 'turned.pdf', {
        type: 'edit',
        options: { operations: [{ type: 'redact', strings: ['Zorro'] }] },
      });
      await done(job);
      const result = (await get(`/v1/jobs/${job.id}/result`)).json();
      assert.deepEqual(result.pagesRedacted, [1, 2]);
      assert.equal(result.redactions[0].matches, 2);
      const pdf = await output(job.id);
      const edited = await PDFDocument.load(pdf);
      assert.deepEqual(
        edited.getPages().map((page) => page.getRotation().angle),
        [90, 270],
      );
      const text = (await parse(pdf)).text;
      assert.ok(!text.includes('Zorro'), text);
      for (const kept of ['Secret name', 'lives here at 90', 'lives here at 270', 'second line stays'])
        assert.ok(text.includes(kept), `${kept} in ${text}`);
    });

    it('answers clear 400s for bad operations, and 404s for output that is not there', async () => {
      const pdf = makeTextPdf(['x']);
      const document = Buffer.from(pdf).toString('base64');
      const cases: [Record<string, unknown>, string][] = [
        [{ type: 'edit', document, fileName: 'x.pdf' }, 'options.operations'],
        [
          { type: 'edit', document, fileName: 'x.pdf', options: { operations: [{ type: 'rotat' }] } },
          'options.operations[0].type',
        ],
        [
          {
            type: 'edit',
            document,
            fileName: 'x.pdf',
            options: { operations: [{ type: 'rotate', degrees: 45 }] },
          },
          'options.operations[0].degrees',
        ],
        [
          {
            type: 'edit',
            document,
            fileName: 'x.pdf',
            options: { operations: [{ type: 'redact', regexes: ['('] }] },
          },
          'options.operations[0].regexes[0]',
        ],
        [
          {
            type: 'edit',
            document,
            fileName: 'x.pdf',
            options: { operations: [{ type: 'merge', jobs: ['job_01abc'] }] },
          },
          'options.operations[0].jobs',
        ],
        [
          { type: 'edit', document, fileName: 'x.pdf', options: { operations: [{ type: 'redact' }] } },
          'options.operations[0]',
        ],
        [{ type: 'parse', document, fileName: 'x.pdf', options: { operations: [] } }, 'options.operations'],
      ];
      for (const [payload, field] of cases) {
        const response = await post(payload);
        assert.equal(response.statusCode, 400, `${JSON.stringify(payload.options)}: ${response.body}`);
        assert.equal(response.json().error.field, field, response.body);
      }
      const parsed = await submit(dj, pdf, 'x.pdf');
      await done(parsed);
      assert.equal((await get(`/v1/jobs/${parsed.id}/output`)).statusCode, 404, 'a parse job has no output');
      const edit = await submit(dj, pdf, 'x.pdf', {
        type: 'edit',
        options: { operations: [{ type: 'rotate', degrees: -90 }] },
      });
      await done(edit);
      assert.equal(
        (await get(`/v1/jobs/${edit.id}/output`, dj.otherAuth)).statusCode,
        404,
        "another org's job",
      );
      const removed = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${edit.id}`, headers: dj.auth });
      assert.ok(removed.statusCode < 300, removed.body);
      assert.equal(await dj.ctx.blobs.exists(`jobs/${edit.id}/output.pdf`), false, 'deleted with the job');
    });

    it('redacts a word on a corpus invoice and keeps the rest searchable', {
      skip: needsCorpus,
    }, async () => {
      const bytes = readFileSync(corpusDir('invoice2data_invoices', 'inputs', 'QualityHosting.pdf'));
      const before = await parse(bytes);
      const target = before.pages[0]!.lines!.flatMap((line) => line.words).find((word) =>
        /^\d{4,}$/.test(word.text),
      );
      assert.ok(target, 'a number to redact');
      const job = await submit(dj, bytes, 'QualityHosting.pdf', {
        type: 'edit',
        options: { operations: [{ type: 'redact', pages: '1', regexes: [`\\b${target.text}\\b`] }] },
      });
      await done(job);
      const after = await parse(await output(job.id));
      assert.ok(!after.pages[0]!.text.includes(target.text));
      const keptBefore = [...words(before.pages[0]!.text)].filter((word) => !word.includes(target.text));
      const keptAfter = words(after.pages[0]!.text);
      const recall = keptBefore.filter((word) => keptAfter.has(word)).length / keptBefore.length;
      assert.ok(recall > 0.9, `recall of the other words ${recall}`);
    });
  });
}
