import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { DocjobsError } from '../../core/errors.ts';
import { closeThreadPools, type ParseOptions, parseDocument } from '../parse-document.ts';
import {
  corpus,
  hasCorpus,
  makePaperPdf,
  makePdf,
  needsCorpus,
  type PdfPageSpec,
} from '../testing/fixtures.ts';
import type { DetectedType } from '../types.ts';
import { pdfPool } from './pdf-pool.ts';
import { planChunks } from './protocol.ts';

const pdfType: DetectedType = { kind: 'pdf', mimeType: 'application/pdf' };
const arxiv = `${corpus}/pypdf_arxiv_text_groundtruth/pdf`;

after(() => closeThreadPools());

function parse(
  bytes: Uint8Array,
  pdfChunking: ParseOptions['pdfChunking'],
  signal = new AbortController().signal,
) {
  const progress: [number, number][] = [];
  const doc = parseDocument(
    bytes,
    pdfType,
    { signal, onProgress: (done, total) => progress.push([done, total]) },
    { pdfChunking },
  );
  return { doc, progress };
}

/** `count` pages of 40 lines each: long enough to be split into many chunks. */
function longPdf(count: number): Uint8Array {
  const pages = Array.from(
    { length: count },
    (_, p): PdfPageSpec => ({
      lines: Array.from({ length: 40 }, (_, i) => [
        12,
        72,
        72 + i * 16,
        `Page ${p + 1} line ${i + 1} of text`,
      ]),
    }),
  );
  return makePdf(pages);
}

describe('planChunks', () => {
  it('keeps small documents whole and splits bigger ones into near-equal chunks of 4-8 pages', () => {
    assert.equal(planChunks(3, 2, 4), null);
    assert.deepEqual(planChunks(7, 2, 4), [
      [1, 3],
      [4, 7],
    ]);
    assert.deepEqual(planChunks(12, 2, 4), [
      [1, 4],
      [5, 8],
      [9, 12],
    ]);
    const big = planChunks(1500, 2, 4)!;
    assert.equal(big[0]![0], 1);
    assert.equal(big.at(-1)![1], 1500);
    assert.ok(big.every(([from, to], k) => to - from + 1 <= 8 && (k === 0 || big[k - 1]![1] === from - 1)));
  });
});

describe('parsing a PDF in chunks across threads', () => {
  const arxivPdfs = hasCorpus ? readdirSync(arxiv).filter((n) => n.endsWith('.pdf')) : [];
  const documents: [string, () => Uint8Array][] = [
    ['a generated two-column paper', () => makePaperPdf(11).pdf],
    ...arxivPdfs.map((name): [string, () => Uint8Array] => [name, () => readFileSync(`${arxiv}/${name}`)]),
  ];
  if (!hasCorpus)
    it('gives the same pages, text and markdown as one thread: the arXiv papers', { skip: needsCorpus });
  for (const [name, read] of documents) {
    it(`gives the same pages, text and markdown as one thread: ${name}`, async () => {
      const bytes = read();
      const whole = parse(bytes, 'off');
      const chunked = parse(bytes, 'on');
      const [a, b] = await Promise.all([whole.doc, chunked.doc]);
      assert.equal(b.text, a.text);
      assert.equal(b.markdown, a.markdown);
      assert.deepEqual(b, a);
      const n = a.pages.length;
      // Pages finish out of order across threads, but the count only goes up.
      assert.deepEqual(
        chunked.progress,
        Array.from({ length: n }, (_, k) => [k + 1, n]),
      );
    });
  }

  it('gives the same result with several documents in the pool at once', { skip: needsCorpus }, async () => {
    const files = arxivPdfs.map((n) => readFileSync(`${arxiv}/${n}`));
    const whole = [];
    for (const bytes of files) whole.push(await parse(bytes, 'off').doc);
    const together = await Promise.all([...files, ...files].map((bytes) => parse(bytes, 'auto').doc));
    assert.deepEqual(together, [...whole, ...whole]);
  });

  it('stops every chunk within 2 s of a cancel and leaves the pool usable', async () => {
    const controller = new AbortController();
    const { doc, progress } = parse(longPdf(400), 'on', controller.signal);
    while (progress.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const cancelledAt = Date.now();
    controller.abort();
    await assert.rejects(doc, (e: unknown) => e instanceof DocjobsError && e.code === 'CANCELLED');
    assert.ok(Date.now() - cancelledAt < 2000);
    const seen = progress.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(progress.length, seen, 'no progress after the cancel');
    assert.ok(pdfPool().threads <= pdfPool().size);
    const after = await parse(longPdf(10), 'on').doc;
    assert.equal(after.pages.length, 10);
  });

  it('reports an encrypted PDF, and a page that cannot be read, once with a permanent error', async () => {
    const encrypted = makePdf([{ lines: [[12, 72, 72, 'secret']] }, { lines: [] }], { encrypt: true });
    await assert.rejects(parse(encrypted, 'on').doc, { code: 'DOCUMENT_ENCRYPTED', retryable: false });
    // Page 10's entry in the page tree points to an object that does not exist: only its chunk fails.
    const bytes = Buffer.from(longPdf(12));
    const pageTen = 4 + 2 * 9;
    bytes.write('99 0 R', bytes.indexOf(`${pageTen} 0 R`), 'latin1');
    const broken = parse(new Uint8Array(bytes), 'on');
    await assert.rejects(broken.doc, { code: 'PARSE_ERROR', retryable: false });
    const counts = broken.progress.map(([done]) => done);
    assert.deepEqual(
      counts,
      counts.map((_, k) => k + 1),
    );
    assert.ok(counts.length < 12);
  });
});
