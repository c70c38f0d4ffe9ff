import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { defaultParseOptions, type OcrSetting } from '../../core/parse-options.ts';
import { textImage } from '../images/testing/text-image.ts';
import { closeThreadPools } from '../parse-document.ts';
import { readDocument } from '../read-document.ts';
import { corpusDir, makePdf, needsCorpus, type PdfPageSpec } from '../testing/fixtures.ts';

const pdf = { kind: 'pdf', mimeType: 'application/pdf' } as const;
const read = (bytes: Uint8Array, ocr: OcrSetting) =>
  readDocument(bytes, pdf, { signal: new AbortController().signal }, { ...defaultParseOptions, ocr });

const body: PdfPageSpec['lines'] = [
  [16, 72, 80, 'Annual harbour report', 'bold'],
  [11, 72, 110, 'The harbour board met four times this year to review the works on the quays.'],
  [11, 72, 126, 'This page shows the notice posted at the ferry terminal in the spring.'],
  [11, 72, 560, 'The board thanks the crews who kept the ferries running during the works.'],
];

/** A text page with a picture of `lines` (rendered text, a grayscale JPEG) `width` pt wide at (72, 160). */
async function pageWithPicture(lines: string[], width = 320): Promise<PdfPageSpec> {
  const jpeg = await textImage(lines, { format: 'jpeg' });
  const size = await sharp(jpeg).metadata();
  const height = Math.round((width * (size.height ?? 1)) / (size.width ?? 1));
  return {
    lines: body,
    scan: { jpeg, width: size.width ?? 0, height: size.height ?? 0, box: [72, 160, width, height] },
  };
}

const words = (text: string) => text.replace(/\s+/g, ' ');
const count = (text: string, phrase: string) => words(text).split(phrase).length - 1;

describe('pictures on text pages (ocr auto)', () => {
  after(closeThreadPools);

  it("reads a picture's words the text layer lacks, after its figure, marked as OCR", async () => {
    const bytes = makePdf([await pageWithPicture(['Northern pier closed', 'Ferries leave from gate seven'])]);
    const { document, passes } = await read(bytes, 'auto');
    const page = document.pages[0]!;
    assert.equal(page.source, 'textLayer');
    assert.match(words(page.markdown), /Northern pier closed/);
    assert.match(words(page.markdown), /Ferries leave from gate seven/);
    const types = page.blocks.map((b) => (b.source === 'ocr' ? 'ocr' : b.type));
    assert.deepEqual(types, ['heading', 'paragraph', 'figure', 'ocr', 'paragraph']);
    const ocr = page.blocks.find((b) => b.source === 'ocr')!;
    assert.ok((ocr.confidence ?? 0) > 0.8, JSON.stringify(ocr));
    assert.equal(passes.length, 1);
    assert.equal(passes[0]?.pictures, 1);
    // The figure's own box frames the picture; the page keeps no image list in the result.
    assert.equal(page.images, undefined);

    const off = await read(bytes, 'off');
    assert.doesNotMatch(words(off.document.markdown), /Northern pier|gate seven/);
    assert.deepEqual(off.passes, []);
  });

  it('does not repeat words the text layer already has', async () => {
    const bytes = makePdf([await pageWithPicture(['Annual harbour report'])]);
    const { document, passes } = await read(bytes, 'auto');
    assert.equal(passes[0]?.pictures, 1, 'the picture is read');
    const page = document.pages[0]!;
    assert.equal(count(page.markdown, 'Annual harbour report'), 1, page.markdown);
    assert.deepEqual(
      page.blocks.filter((b) => b.source === 'ocr'),
      [],
    );
  });

  it('costs nothing on a text page or one with a small logo', async () => {
    const plain = await read(makePdf([{ lines: body }]), 'auto');
    assert.deepEqual(plain.passes, []);
    const logo = await pageWithPicture(['Harbour Board'], 80);
    const small = await read(makePdf([logo]), 'auto');
    assert.deepEqual(small.passes, []);
    assert.doesNotMatch(small.document.markdown, /Harbour Board/);
  });

  it("reads olmOCR's graphical-text poster: its present tests pass", { skip: needsCorpus }, async () => {
    const dir = corpusDir('olmocr_bench_sample');
    const tests = readFileSync(`${dir}/dataset.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { pdf: string; type: string; text?: string })
      .filter((t) => t.pdf === 'test-graphical-text.pdf' && t.type === 'present');
    assert.ok(tests.length >= 3);
    const bytes = new Uint8Array(readFileSync(`${dir}/pdfs/test-graphical-text.pdf`));
    const { document } = await read(bytes, 'auto');
    for (const test of tests) assert.ok(words(document.markdown).includes(test.text!), test.text);
    const off = await read(bytes, 'off');
    assert.ok(!words(off.document.markdown).includes('by FutureSkill'));
  });
});
