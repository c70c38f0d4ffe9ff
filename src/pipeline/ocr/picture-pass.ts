/**
 * `ocr: auto` on PDF pages that have a text layer: the pictures worth it (picture-regions.ts) are
 * cut from the page rendered at the OCR resolution and read, and what the layer lacks comes back
 * as blocks (picture-text.ts). Pages without such pictures are not rendered at all.
 */
import { DocjobsError } from '../../core/errors.ts';
import type { OcrEngineChoice, OcrLanguage, OcrMode } from '../../core/parse-options.ts';
import { loadSharp } from '../images/sharp-settings.ts';
import { ocrDpi } from '../pdf/ocr-resolution.ts';
import { renderPdfPageForOcr } from '../pdf/pdf-pool.ts';
import { sharedPdfOf } from '../pdf/protocol.ts';
import type { Block, BoundingBox, ParsedPage } from '../types.ts';
import type { OcrPass } from './ocr-pass.ts';
import { ocrPoolStats } from './ocr-pool.ts';
import { pictureRegions } from './picture-regions.ts';
import { pictureBlocks } from './picture-text.ts';
import { type OcrBox, type OcrPage, recognizeImage } from './recognize.ts';

export interface PictureOptions {
  mode: OcrMode;
  engine?: OcrEngineChoice;
  languages: OcrLanguage[];
  signal: AbortSignal;
}

/** Per page, the new blocks read from its pictures; the pass is null when no page had any. */
export async function readPictures(
  bytes: Uint8Array,
  pages: readonly ParsedPage[],
  options: PictureOptions,
): Promise<{ pass: OcrPass | null; blocks: Map<number, Block[]> }> {
  const todo = pages.map((page) => ({ page, regions: pictureRegions(page) })).filter((t) => t.regions.length);
  const blocks = new Map<number, Block[]>();
  if (todo.length === 0) return { pass: null, blocks };
  const started = performance.now();
  const pdf = sharedPdfOf(bytes);
  let next = 0;
  let failed = 0;
  const confidences: { score: number; weight: number }[] = [];
  const lane = async () => {
    while (next < todo.length) {
      const { page, regions } = todo[next++]!;
      try {
        const rendered = await renderPdfPageForOcr(pdf, page.page, ocrDpi[options.mode], options.signal);
        const found: Block[] = [];
        for (const region of regions) {
          const read = await readRegion(rendered.image.data, rendered.scale, region, options);
          found.push(...pictureBlocks(page, read));
        }
        for (const b of found) confidences.push({ score: b.confidence ?? 0, weight: b.text.length });
        if (found.length > 0) blocks.set(page.page, found);
      } catch (error) {
        // The page still has its text layer: a picture that cannot be read costs only its words.
        // A cancel, or an engine that crashed (retryable), stops the job as in the page pass.
        if (options.signal.aborted || !(error instanceof DocjobsError) || error.retryable) throw error;
        if (error.code === 'CANCELLED') throw error;
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(todo.length, ocrPoolStats().size) }, lane));
  const weight = confidences.reduce((sum, c) => sum + c.weight, 0);
  const pass: OcrPass = {
    mode: options.mode,
    pages: todo.length,
    failedPages: failed,
    score: weight === 0 ? null : confidences.reduce((sum, c) => sum + c.score * c.weight, 0) / weight,
    ms: Math.round(performance.now() - started),
    pictures: todo.reduce((sum, t) => sum + t.regions.length, 0),
  };
  return { pass, blocks };
}

/** One region cut from the rendered page (grey PNG, `scale` px a point) and read; boxes in page points. */
async function readRegion(
  png: Uint8Array,
  scale: number,
  region: BoundingBox,
  options: PictureOptions,
): Promise<OcrPage> {
  const image = (await loadSharp())(png);
  const { width = 1, height = 1 } = await image.metadata();
  const left = clamp(Math.floor(region[0] * scale), 0, width - 1);
  const top = clamp(Math.floor(region[1] * scale), 0, height - 1);
  const right = clamp(Math.ceil(region[2] * scale), left + 1, width);
  const bottom = clamp(Math.ceil(region[3] * scale), top + 1, height);
  const crop = await image
    .extract({ left, top, width: right - left, height: bottom - top })
    .png()
    .toBuffer();
  const read = await recognizeImage(new Uint8Array(crop), { ...options, scale, picture: true });
  return shifted(read, left / scale, top / scale, region);
}

/**
 * Boxes of a crop's reading moved to where the crop sits on the page. A crop read turned (its
 * text sideways) has boxes on the turned image: they all become the region's box.
 */
function shifted(read: OcrPage, dx: number, dy: number, region: BoundingBox): OcrPage {
  const move = (b: OcrBox): OcrBox =>
    read.rotation === 0 ? [r(b[0] + dx), r(b[1] + dy), r(b[2] + dx), r(b[3] + dy)] : [...region];
  const moveWord = <T extends { bbox: OcrBox }>(w: T): T => ({ ...w, bbox: move(w.bbox) });
  const paragraphs = read.paragraphs.map((p) => ({
    ...p,
    bbox: move(p.bbox),
    lines: p.lines.map((l) => ({ ...moveWord(l), words: l.words.map(moveWord) })),
  }));
  const lines = paragraphs.flatMap((p) => p.lines);
  return { ...read, paragraphs, lines, words: lines.flatMap((l) => l.words) };
}

const r = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));
