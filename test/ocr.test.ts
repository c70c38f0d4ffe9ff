import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { qualityCategory } from '../src/core/quality.ts';
import { textPageImage } from '../src/pipeline/ocr/testing/page-image.ts';
import { scannedReceipt } from '../src/pipeline/ocr/testing/receipts.ts';
import { makePdf } from '../src/pipeline/testing/fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor, waitTerminal } from './harness.ts';

/** A generated till receipt, grainy and blurred like a scan (JPEG). */
const { image: receipt } = await scannedReceipt();

/**
 * A one-page PDF that is only a scan of a printed page, put in the scanner turned `angle`° clockwise
 * (the page is as wide as the scan: landscape when turned 90° or 270°).
 */
async function scannedPdf(angle: 0 | 90 | 180 | 270) {
  const page = await textPageImage([
    'Docling bundles PDF document conversion to',
    'JSON and Markdown in an easy self contained',
    'package',
  ]);
  const { data, info } = await sharp(page)
    .rotate(angle)
    .grayscale()
    .toColourspace('b-w')
    .jpeg()
    .toBuffer({ resolveWithObject: true });
  const scan = { jpeg: data, width: info.width, height: info.height };
  return makePdf([{ lines: [], scan }], { pageSize: angle % 180 === 0 ? [612, 792] : [792, 612] });
}

/** A PDF page that is only a picture of the receipt: a scan, with no text layer. */
async function scanPage() {
  const { data, info } = await sharp(receipt)
    .grayscale()
    .toColourspace('b-w')
    .jpeg()
    .toBuffer({ resolveWithObject: true });
  return { lines: [], scan: { jpeg: data, width: info.width, height: info.height } };
}

interface ResultPage {
  page: number;
  source: string;
  text: string;
  qualityScore: number | null;
  words?: { text: string; bbox: number[]; confidence: number }[];
  lines?: { text: string; bbox: number[]; confidence: number }[];
  ocr?: { mode: string; rotation: number };
}

for (const backend of backends) {
  describe(`OCR on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'ocr', { WORKER_CONCURRENCY: '2' });
    });
    after(async () => dj?.close());

    const get = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}`, headers: dj.auth })).json();
    const resultOf = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}/result`, headers: dj.auth })).json() as {
        pages: ResultPage[];
        text: string;
        errors: { page: number; code: string }[];
        qualityScore: number | null;
      };
    const buildJobTrace = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}/trace`, headers: dj.auth })).json() as {
        stages: { stage: string; passes?: { mode: string; score: number | null; pagesKept?: number }[] }[];
      };
    const run = async (bytes: Uint8Array, name: string, extra: Record<string, unknown> = {}) =>
      waitTerminal(dj, (await submit(dj, bytes, name, extra)).id, 120);

    it('reads a scanned receipt: text, words and lines with boxes, a quality score and its band', async () => {
      const job = await run(receipt, 'receipt.jpg');
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const score = job.qualityScore as number;
      assert.ok(score > 0 && score <= 1, `qualityScore ${score}`);
      assert.equal(job.qualityCategory, qualityCategory(score));
      const [page] = (await resultOf(job.id)).pages;
      assert.equal(page?.source, 'ocr');
      assert.match(page?.text ?? '', /UNIHAKKA/);
      assert.equal(page?.qualityScore, score);
      const word = page?.words?.find((w) => w.text.includes('UNIHAKKA'));
      assert.ok(word, 'the word UNIHAKKA with its box');
      assert.equal(word.bbox.length, 4);
      assert.ok(word.bbox[2]! > word.bbox[0]! && word.bbox[3]! > word.bbox[1]!);
      assert.ok(word.confidence > 0.5 && word.confidence <= 1);
      assert.ok((page?.lines?.length ?? 0) > 10);
      const trace = await buildJobTrace(job.id);
      const ocr = trace.stages.find((s) => s.stage === 'ocr');
      assert.deepEqual(
        ocr?.passes?.map((p) => p.mode),
        ['standard'],
      );
    });

    it('OCRs only the pages without a text layer (auto), none (off), every page (force)', async () => {
      const pdf = makePdf([{ lines: [[16, 72, 72, 'A born digital page of text']] }, await scanPage()]);
      const auto = await run(pdf, 'mixed.pdf');
      assert.equal(auto.status, 'completed', JSON.stringify(auto.error));
      const pages = (await resultOf(auto.id)).pages;
      assert.deepEqual(
        pages.map((p) => p.source),
        ['textLayer', 'ocr'],
      );
      assert.match(pages[1]!.text, /UNIHAKKA/);
      assert.ok(pages.every((p) => typeof p.qualityScore === 'number'));

      const off = await run(pdf, 'mixed.pdf', { options: { ocr: 'off' } });
      const offPages = (await resultOf(off.id)).pages;
      assert.deepEqual(
        offPages.map((p) => p.source),
        ['textLayer', 'none'],
      );
      assert.equal(offPages[1]!.qualityScore, null);
      // The text layer alone is clean text: its sanity score is high.
      assert.ok((off.qualityScore as number) >= 0.85, `text-layer score ${off.qualityScore}`);

      const force = await run(pdf, 'mixed.pdf', { options: { ocr: 'force' } });
      const forced = (await resultOf(force.id)).pages;
      assert.deepEqual(
        forced.map((p) => p.source),
        ['ocr', 'ocr'],
      );
      assert.match(forced[0]!.text, /born digital/i);
    });

    it('reads a scanned PDF, turning rotated pages upright', async () => {
      for (const angle of [0, 90, 180, 270] as const) {
        const file = `scan_rotated_${angle}.pdf`;
        const job = await run(await scannedPdf(angle), file);
        assert.equal(job.status, 'completed', JSON.stringify(job.error));
        const { text } = await resultOf(job.id);
        assert.match(text, /Docling bundles PDF document conversion/, `${file}: ${text.slice(0, 200)}`);
      }
    });

    it('re-runs OCR in premium mode when the first pass scores under minQuality', async () => {
      const job = await run(receipt, 'receipt.jpg', { minQuality: 0.99 });
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      assert.equal((job.options as { minQuality: number }).minQuality, 0.99);
      const passes = (await buildJobTrace(job.id)).stages.find((s) => s.stage === 'ocr')?.passes ?? [];
      assert.deepEqual(
        passes.map((p) => p.mode),
        ['standard', 'premium'],
      );
      assert.ok(passes.every((p) => typeof p.score === 'number'));
      // Whichever pass won, the job's score is the better of the two.
      const best = Math.max(...passes.map((p) => p.score as number));
      assert.ok(Math.abs((job.qualityScore as number) - best) < 0.02, `${job.qualityScore} vs ${best}`);
    });

    it('answers 400 for languages that are not shipped and OCR settings that do not exist', async () => {
      for (const [options, field] of [
        [{ languages: ['xx'] }, 'options.languages'],
        [{ ocr: 'maybe' }, 'options.ocr'],
        [{ ocrMode: 'best' }, 'options.ocrMode'],
        [{ colour: true }, 'options.colour'],
      ] as const) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: receipt.toString('base64'), fileName: 'r.jpg', options },
        });
        assert.equal(response.statusCode, 400, JSON.stringify(options));
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
        assert.equal(response.json().error.field, field);
      }
    });

    it('filters the list by minQuality', async () => {
      const clean = await run(
        makePdf([{ lines: [[16, 72, 72, 'Plain clean text for the list filter']] }]),
        'a.pdf',
      );
      const high = clean.qualityScore as number;
      const list = async (min: number) =>
        (await dj.app.inject({ url: `/v1/jobs?minQuality=${min}&limit=500`, headers: dj.auth })).json() as {
          jobs: { id: string; qualityScore: number }[];
        };
      const above = await list(high);
      assert.ok(above.jobs.some((j) => j.id === clean.id));
      assert.ok(above.jobs.every((j) => j.qualityScore >= high - 1e-6));
      const none = await list(1);
      assert.ok(none.jobs.every((j) => j.qualityScore >= 1 - 1e-6));
      const bad = await dj.app.inject({ url: '/v1/jobs?minQuality=2', headers: dj.auth });
      assert.equal(bad.statusCode, 400);
    });

    it('shows stage ocr with pages moving, and a cancel stops OCR within 2 s', async () => {
      const scan = await scanPage();
      const job = await submit(dj, makePdf(Array.from({ length: 12 }, () => scan)), 'scans.pdf');
      const running = await waitFor(async () => {
        const current = await get(job.id);
        return current.stage === 'ocr' && current.pagesDone > 0 ? current : null;
      }, 120);
      assert.equal(running.pagesTotal, 12);
      const cancelledAt = Date.now();
      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(response.json().status, 'cancelled');
      await waitFor(async () => dj.worker!.activeJobs() === 0, 10);
      const stoppedMs = Date.now() - cancelledAt;
      // The promise is 2 s; the margin is for this shared, noisy machine.
      assert.ok(stoppedMs < 5000, `OCR stopped ${stoppedMs} ms after the cancel`);
      // The OCR workers still serve the next job.
      const next = await run(receipt, 'receipt.jpg');
      assert.equal(next.status, 'completed');
    });
  });
}
