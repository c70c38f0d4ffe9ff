/**
 * Figures: picture recall and precision against docling's ground truth, image regions only (the
 * peer: docjobs before vector figures) beside images + vector drawings, in one run; then the count
 * of figure blocks on the arXiv papers.
 *
 *   node bench/figures.ts [--verbose] [--crops DIR]
 *
 * - docling_pdf_groundtruth: every `picture` item's box (BOTTOMLEFT origin in its JSON, turned
 *   top-left here) against the page's figure blocks; a pair matches at IoU ≥ 0.5, one to one,
 *   best first. docling's labels are its own model's output frozen as a baseline, and it labels
 *   logos and small icons as pictures too, which figures.ts's size rule (≥ 2% of the page) leaves
 *   out on purpose: recall counts them. pdfimages and pdftotext give no figure boxes.
 * - pypdf_arxiv_text_groundtruth: no figure labels; figure blocks and the pages holding them.
 *   `--crops DIR` writes each figure's PNG (the crop the API serves) there to look at.
 * docjobs runs in this process (the pdf/ functions the worker runs, one thread).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cropFigure } from '../src/pipeline/crop-figure.ts';
import { assemblePages, type PageLayout } from '../src/pipeline/pdf/assemble.ts';
import { extractPages } from '../src/pipeline/pdf/extract.ts';
import { closePdfPool } from '../src/pipeline/pdf/pdf-pool.ts';
import { withPdf } from '../src/pipeline/pdf/pdfjs.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { BoundingBox, ParsedPage } from '../src/pipeline/types.ts';
import { fixed, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: { verbose: { type: 'boolean', default: false }, crops: { type: 'string' } },
});

interface GtPicture {
  prov: { page_no: number; bbox: { l: number; t: number; r: number; b: number; coord_origin: string } }[];
}
interface GtDoc {
  pages: Record<string, { size: { width: number; height: number } }>;
  pictures: GtPicture[];
}

type Detector = 'images' | 'images+vectors';
const detectors: Detector[] = ['images', 'images+vectors'];

/** Both detectors' pages from one extraction: the peer's layouts lose their vector drawings. */
async function parse(file: string): Promise<Record<Detector, ParsedPage[]>> {
  const layouts = await withPdf(new Uint8Array(readFileSync(file)), (doc) =>
    extractPages(doc, 1, doc.numPages, () => {}),
  );
  const imagesOnly = layouts.map(({ drawings: _, ...rest }): PageLayout => rest);
  return { images: await assemblePages(imagesOnly), 'images+vectors': await assemblePages(layouts) };
}

const figures = (page: ParsedPage | undefined) =>
  (page?.blocks ?? []).filter((b) => b.type === 'figure' && b.bbox).map((b) => b.bbox!);

function iou(a: BoundingBox, b: BoundingBox): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (x: BoundingBox) => (x[2] - x[0]) * (x[3] - x[1]);
  return inter / (area(a) + area(b) - inter);
}

/** One-to-one matches at IoU ≥ 0.5, best pairs first. */
function matches(truth: readonly BoundingBox[], found: readonly BoundingBox[]): number {
  const pairs = truth
    .flatMap((t, i) => found.map((f, j) => ({ i, j, v: iou(t, f) })))
    .filter((p) => p.v >= 0.5)
    .sort((a, b) => b.v - a.v);
  const [ti, fj] = [new Set<number>(), new Set<number>()];
  for (const { i, j } of pairs) {
    if (ti.has(i) || fj.has(j)) continue;
    ti.add(i);
    fj.add(j);
  }
  return ti.size;
}

const round = (b: readonly number[]) => `[${b.map((v) => Math.round(v)).join(' ')}]`;

async function docling(): Promise<void> {
  const dir = corpusDir('docling_pdf_groundtruth');
  const totals = Object.fromEntries(detectors.map((d) => [d, { truth: 0, found: 0, matched: 0 }]));
  const names = readdirSync(join(dir, 'pdf'))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => basename(f, '.pdf'));
  for (const name of names) {
    const gt = JSON.parse(readFileSync(join(dir, 'groundtruth', `${name}.json`), 'utf8')) as GtDoc;
    const truthByPage = new Map<number, BoundingBox[]>();
    for (const picture of gt.pictures ?? []) {
      for (const { page_no, bbox } of picture.prov) {
        const height = gt.pages[String(page_no)]!.size.height;
        const box: BoundingBox =
          bbox.coord_origin === 'BOTTOMLEFT'
            ? [bbox.l, height - bbox.t, bbox.r, height - bbox.b]
            : [bbox.l, bbox.t, bbox.r, bbox.b];
        truthByPage.set(page_no, [...(truthByPage.get(page_no) ?? []), box]);
      }
    }
    const parsed = await parse(join(dir, 'pdf', `${name}.pdf`));
    for (const detector of detectors) {
      const pages = parsed[detector];
      for (const [k, page] of pages.entries()) {
        const truth = truthByPage.get(k + 1) ?? [];
        const found = figures(page);
        const t = totals[detector]!;
        t.truth += truth.length;
        t.found += found.length;
        t.matched += matches(truth, found);
        if (args.verbose && (truth.length > 0 || found.length > 0))
          console.log(
            `${detector.padEnd(15)} ${name} p${k + 1}: truth ${truth.map(round).join(' ')} found ${found.map(round).join(' ')}`,
          );
      }
    }
  }
  console.log('\ndocling_pdf_groundtruth: pictures matched at IoU ≥ 0.5');
  printTable(
    ['detector', 'pictures', 'figures', 'matched', 'recall', 'precision'],
    detectors.map((d) => {
      const t = totals[d]!;
      return [
        d === 'images' ? 'peer: images only (before)' : 'docjobs: images + vectors',
        String(t.truth),
        String(t.found),
        String(t.matched),
        `${fixed((100 * t.matched) / Math.max(1, t.truth), 1)}%`,
        `${fixed((100 * t.matched) / Math.max(1, t.found), 1)}%`,
      ];
    }),
  );
}

async function arxiv(): Promise<void> {
  const dir = corpusDir('pypdf_arxiv_text_groundtruth', 'pdf');
  const rows: string[][] = [];
  const sum = Object.fromEntries(detectors.map((d) => [d, { figures: 0, pages: 0 }]));
  let pageCount = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.pdf'))) {
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    const parsed = await parse(join(dir, file));
    pageCount += parsed.images.length;
    const cells = detectors.flatMap((d) => {
      const counts = parsed[d].map((page) => figures(page).length);
      const n = counts.reduce((a, b) => a + b, 0);
      const pages = counts.filter((c) => c > 0).length;
      sum[d]!.figures += n;
      sum[d]!.pages += pages;
      return [String(n), String(pages)];
    });
    rows.push([file, String(parsed.images.length), ...cells]);
    if (args.crops) {
      mkdirSync(args.crops, { recursive: true });
      for (const page of parsed['images+vectors']) {
        for (const block of page.blocks ?? []) {
          if (block.type !== 'figure' || !block.bbox) continue;
          const png = await cropFigure(
            bytes,
            { kind: 'pdf', mimeType: 'application/pdf' },
            { page: page.page, width: page.width ?? 612 },
            block.bbox,
            new AbortController().signal,
          );
          writeFileSync(join(args.crops, `${basename(file, '.pdf')}-${block.name}`), png);
          if (args.verbose)
            console.log(`${file} ${block.name} ${round(block.bbox)} ${block.caption ?? '(no caption)'}`);
        }
      }
    }
  }
  const total = detectors.flatMap((d) => [String(sum[d]!.figures), String(sum[d]!.pages)]);
  rows.push(['total', String(pageCount), ...total]);
  console.log('\npypdf_arxiv_text_groundtruth: figure blocks (no ground truth)');
  printTable(['file', 'pages', 'figures (images)', 'pages', 'figures (+vectors)', 'pages'], rows);
}

await docling();
await arxiv();
await closePdfPool();
