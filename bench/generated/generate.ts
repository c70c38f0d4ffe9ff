/**
 * The generated set: 30 PDFs in English, German and French (papers, newsletters, reports,
 * manuals, one skewed scan), about 50 pages, each with its tests. Seeded: the same bytes and
 * tests on every run.
 *
 *   node bench/generated/generate.ts OUT_DIR     writes OUT_DIR/*.pdf and OUT_DIR/tests.jsonl
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderPdfPage } from '../../src/pipeline/pdf/render-page.ts';
import { makePdf } from '../../src/pipeline/testing/fixtures.ts';
import type { OlmocrTest } from '../scoring.ts';
import { type Ctx, makeCtx } from './blocks.ts';
import { manual, newsletter, paper, report } from './documents.ts';
import type { Doc } from './layout.ts';
import { deriveTests } from './tests.ts';
import { type Lang, makeRng, makeWriter } from './text.ts';

type Kind = 'paper' | 'newsletter' | 'report' | 'manual' | 'scan';

export interface GeneratedPdf {
  file: string;
  kind: Kind;
  lang: Lang;
  pages: number;
  outOfOrder: boolean;
}

/** [kind, language, planned pages, content stream out of reading order]: the mix of the held-out set. */
const plan: [Kind, Lang, number, boolean][] = [
  ['paper', 'en', 2, false],
  ['paper', 'en', 2, true],
  ['paper', 'en', 1, false],
  ['paper', 'de', 2, false],
  ['paper', 'de', 1, true],
  ['paper', 'fr', 2, false],
  ['paper', 'fr', 1, false],
  ['paper', 'en', 1, false],
  ['newsletter', 'en', 2, false],
  ['newsletter', 'en', 1, true],
  ['newsletter', 'de', 2, false],
  ['newsletter', 'de', 1, false],
  ['newsletter', 'fr', 2, true],
  ['newsletter', 'fr', 1, false],
  ['report', 'en', 3, false],
  ['report', 'en', 2, false],
  ['report', 'en', 2, true],
  ['report', 'de', 3, false],
  ['report', 'de', 2, false],
  ['report', 'fr', 2, false],
  ['report', 'fr', 3, false],
  ['report', 'en', 1, false],
  ['manual', 'en', 2, false],
  ['manual', 'en', 1, false],
  ['manual', 'de', 2, true],
  ['manual', 'de', 1, false],
  ['manual', 'fr', 2, false],
  ['manual', 'fr', 1, false],
  ['report', 'de', 1, false],
  ['scan', 'en', 1, false],
];

/** Report tables, in turn: each report gets two or three, the 3-page ones the log that breaks over a page. */
const reportTables = [
  ['quarter', 'log', 'items'],
  ['merged', 'items'],
  ['items', 'quarter'],
  ['log', 'merged', 'quarter'],
  ['merged', 'quarter'],
  ['quarter', 'items'],
  ['merged', 'log', 'items'],
  ['quarter', 'merged'],
  ['items', 'merged'],
] as const;

export async function generateSet(
  dir: string,
  seed = 20240611,
): Promise<{ pdfs: GeneratedPdf[]; tests: OlmocrTest[] }> {
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  const images = await Promise.all([0, 1, 2].map((k) => chartJpeg(k)));
  const pdfs: GeneratedPdf[] = [];
  const tests: OlmocrTest[] = [];
  let reports = 0;
  for (const [i, [kind, lang, pages, outOfOrder]] of plan.entries()) {
    const rng = makeRng(seed + i * 7919);
    const c: Ctx = makeCtx(
      rng,
      lang,
      makeWriter(rng, lang, used),
      kind === 'scan' ? 12 : rng.int(9, 12),
      images,
    );
    const doc: Doc =
      kind === 'paper'
        ? paper(c, pages)
        : kind === 'newsletter'
          ? newsletter(c, pages)
          : kind === 'manual'
            ? manual(c, pages)
            : report(
                kind === 'scan' ? { ...c, images: [] } : c,
                pages,
                kind === 'scan' ? [] : [...reportTables[reports++ % reportTables.length]!],
              );
    const file = `${String(i + 1).padStart(2, '0')}-${kind}-${lang}.pdf`;
    const pdf =
      kind === 'scan'
        ? await skewedScan(doc, rng.pick([-2.5, 2, 3]))
        : makePdf(doc.pages, { pageSize: doc.size, outOfOrder, title: file });
    writeFileSync(join(dir, file), pdf);
    tests.push(...deriveTests(doc, file, rng, kind === 'scan' ? { maxDiffs: 3 } : {}));
    pdfs.push({ file, kind, lang, pages: doc.pages.length, outOfOrder });
  }
  writeFileSync(join(dir, 'tests.jsonl'), `${tests.map((t) => JSON.stringify(t)).join('\n')}\n`);
  return { pdfs, tests };
}

/** A grey bar chart as a JPEG: a figure no text layer describes. */
async function chartJpeg(variant: number) {
  const [width, height] = [400, 200];
  const pixels = new Uint8Array(width * height).fill(235);
  const bars = 5 + variant;
  for (let b = 0; b < bars; b++) {
    const h = 40 + ((b * 37 + variant * 53) % 140);
    const x0 = 20 + b * Math.floor(360 / bars);
    for (let y = height - 10 - h; y < height - 10; y++)
      for (let x = x0; x < x0 + 360 / bars - 8; x++) pixels[y * width + x] = 90 + 20 * (b % 3);
  }
  // One channel: makePdf declares /DeviceGray, and an RGB JPEG under that name decodes as stripes.
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .jpeg({ quality: 85 })
    .toBuffer();
  return { jpeg: new Uint8Array(jpeg), width, height };
}

/**
 * The document's one page rendered at 200 dpi, turned by `degrees` (white corners), cut back to
 * the page and embedded as a grey JPEG: a scan with no text layer, slightly skewed.
 */
async function skewedScan(doc: Doc, degrees: number): Promise<Uint8Array> {
  const [w, h] = doc.size;
  const px = Math.round((w / 72) * 200);
  const png = await renderPdfPage(makePdf(doc.pages, { pageSize: doc.size }), 1, px);
  const turned = await sharp(png)
    .flatten({ background: '#ffffff' })
    .rotate(degrees, { background: '#ffffff' })
    .toBuffer({ resolveWithObject: true });
  const [width, height] = [px, Math.round((h / w) * px)];
  const left = Math.round((turned.info.width - width) / 2);
  const top = Math.round((turned.info.height - height) / 2);
  const jpeg = await sharp(turned.data)
    .extract({ left, top, width, height })
    .toColourspace('b-w')
    .jpeg({ quality: 80 })
    .toBuffer();
  return makePdf([{ lines: [], scan: { jpeg: new Uint8Array(jpeg), width, height } }], {
    pageSize: doc.size,
  });
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node bench/generated/generate.ts OUT_DIR');
  const { pdfs, tests } = await generateSet(dir);
  console.log(
    `${pdfs.length} PDFs, ${pdfs.reduce((a, p) => a + p.pages, 0)} pages, ${tests.length} tests in ${dir}`,
  );
}
