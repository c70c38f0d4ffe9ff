/**
 * The whole `parse` stage: text layers first (parse-document.ts), then OCR for the pages that need
 * it, a quality score for every page and for the document, and a premium OCR pass when the
 * standard one scores under `minQuality`. Pages that cannot be read are listed in `errors`; the
 * job ends `partial` when others could be, and fails only when none could.
 */
import { DocjobsError, permanent } from '../core/errors.ts';
import { isSelected, parsePageSelection } from '../core/page-selection.ts';
import type { OcrMode, OcrSetting, ParseOptions } from '../core/parse-options.ts';
import { documentOfPages, documentScore } from './document-pages.ts';
import { markFurniture, withBlocks } from './layout/mark-furniture.ts';
import { withPictureText } from './layout/picture-placement.ts';
import { type OcrOutcome, type OcrPass, runOcrPass } from './ocr/ocr-pass.ts';
import { imageDocument, type OcrSource, pagesNeedingOcr, pdfOcrSources } from './ocr/ocr-sources.ts';
import { applyOcr } from './ocr/ocr-to-page.ts';
import { readPictures } from './ocr/picture-pass.ts';
import { textLayerQuality } from './ocr/quality.ts';
import { type ParseOptions as PdfParseOptions, parseDocument, throwIfAborted } from './parse-document.ts';
import { markContinued, mergeContinued } from './pdf/tables/continued.ts';
import { ReadProgress } from './read-progress.ts';
import {
  type Block,
  type DetectedType,
  isImageKind,
  type PageError,
  type ParsedDocument,
  type ParsedPage,
  type StageContext,
} from './types.ts';

export interface ReadOptions extends ParseOptions, PdfParseOptions {}

export interface ReadOutcome {
  document: ParsedDocument;
  /** One per OCR pass that ran (none when no page needed OCR), for the job's trace. */
  passes: OcrPass[];
  parseMs: number;
}

export async function readDocument(
  bytes: Uint8Array,
  detected: DetectedType,
  ctx: StageContext,
  options: ReadOptions,
): Promise<ReadOutcome> {
  const started = performance.now();
  const progress = new ReadProgress(ctx.onRead, isImageKind(detected.kind) ? 'force' : options.ocr);
  const parsing = { ...ctx, onProgress: (done: number, total: number) => progress.parsed(done, total) };
  const {
    document: base,
    sources,
    errors,
  } = selectPages(await baseDocument(bytes, detected, parsing, options), options.pages);
  const parseMs = Math.round(performance.now() - started);
  const passes: OcrPass[] = [];
  let outcomes = new Map<number, OcrOutcome>();
  if (sources.length > 0) {
    const gate = options.minQuality;
    const gated = options.ocrMode === 'standard' && gate !== null;
    const total = base.pages.length;
    const first = await ocrPass(sources, options.ocrMode, options, ctx, {
      starting: (kept) => progress.ocrStarting(total, sources.length, kept, !gated),
      page: (done) => progress.ocrPage(done),
    });
    passes.push(first.pass);
    outcomes = first.outcomes;
    const score = documentScore(pagesWith(base.pages, outcomes, options.ocr));
    if (gated && (score === null || score < gate)) {
      const second = await ocrPass(sources, 'premium', options, ctx, {
        starting: (kept) => progress.ocrStarting(total, sources.length, kept, true),
        page: (done) => progress.ocrPage(done),
      });
      outcomes = keepBetter(outcomes, second.outcomes, second.pass);
      passes.push(second.pass);
    }
  }
  let pictures = new Map<number, Block[]>();
  if (options.ocr === 'auto' && detected.kind === 'pdf') {
    // Pages read whole by OCR need no second look at their pictures.
    const read = new Set(sources.map((source) => source.page));
    const layerPages = base.pages.filter((page) => !read.has(page.page));
    const found = await readPictures(bytes, layerPages, {
      mode: options.ocrMode,
      engine: options.ocrEngine,
      languages: options.languages,
      signal: ctx.signal,
    });
    if (found.pass) passes.push(found.pass);
    pictures = found.blocks;
  }
  throwIfAborted(ctx.signal);
  const document = finish(base, outcomes, pictures, errors, options);
  return { document, passes, parseMs };
}

/**
 * options.pages: the other pages leave before OCR, so only the chosen ones are read by it. Every
 * text layer is still parsed — it is cheap, and heading levels need the whole document's fonts.
 */
function selectPages<T extends { document: ParsedDocument; sources: OcrSource[]; errors: PageError[] }>(
  base: T,
  pages: string | null,
): T {
  if (pages === null) return base;
  const selection = parsePageSelection(pages);
  if ('error' in selection) throw permanent('VALIDATION_ERROR', selection.error);
  const chosen = (page: { page: number }) => isSelected(selection, page.page);
  const kept = base.document.pages.filter(chosen);
  if (kept.length === 0) {
    const total = base.document.pages.length;
    throw permanent(
      'VALIDATION_ERROR',
      `options.pages "${pages}" selects none of the document's ${total} pages`,
    );
  }
  return {
    ...base,
    document: { ...base.document, pages: kept },
    sources: base.sources.filter(chosen),
    errors: base.errors.filter(chosen),
  };
}

async function baseDocument(
  bytes: Uint8Array,
  detected: DetectedType,
  ctx: StageContext,
  options: ReadOptions,
) {
  if (isImageKind(detected.kind)) return imageDocument(bytes, detected.kind, detected.mimeType, options.ocr);
  const parsed = await parseDocument(bytes, detected, ctx, options);
  // Each text-layer page is scored once here: the choice of pages to OCR and the score use it.
  const document = { ...parsed, pages: parsed.pages.map(scored) };
  const needing = pagesNeedingOcr(document.pages, options.ocr);
  const sources = detected.kind === 'pdf' ? pdfOcrSources(bytes, needing) : [];
  return { document, sources, errors: [] as PageError[] };
}

/**
 * A pass that reuses the readings an earlier attempt stored and stores its own (page checkpoints).
 * `report.starting` is told, before any page is read, how many were read already; `report.page`
 * how many are done as each one is.
 */
async function ocrPass(
  sources: OcrSource[],
  mode: OcrMode,
  options: ReadOptions,
  ctx: StageContext,
  report: { starting: (kept: number) => void; page: (done: number) => void },
) {
  // A page alone gains nothing from a checkpoint but its two statements: its job has no other page to
  // resume at (a receipt, a photo: most OCR jobs).
  const checkpoints = sources.length > 1 ? ctx.checkpoints : undefined;
  const kept = (await checkpoints?.kept(mode)) as ReadonlyMap<number, OcrOutcome> | undefined;
  let started = false;
  return runOcrPass(sources, {
    mode,
    engine: options.ocrEngine,
    languages: options.languages,
    signal: ctx.signal,
    handBack: ctx.handBack,
    kept,
    onRead: checkpoints ? (page, outcome) => checkpoints.save(mode, page, outcome) : undefined,
    onPageDone: (done) => {
      if (started) return report.page(done);
      started = true;
      report.starting(done);
    },
  });
}

/** Per page, the premium result where it is more confident; the pass records how many it took. */
function keepBetter(first: Map<number, OcrOutcome>, second: Map<number, OcrOutcome>, pass: OcrPass) {
  const kept = new Map(first);
  let taken = 0;
  for (const [page, outcome] of second) {
    const before = first.get(page);
    const better = outcome.ok && (!before?.ok || outcome.result.confidence > before.result.confidence);
    if (better) {
      kept.set(page, outcome);
      taken++;
    }
  }
  pass.pagesKept = taken;
  return kept;
}

/**
 * The pages with their OCR readings in. Under `auto` a page OCR'd for a poor text layer keeps
 * that layer when the reading is no surer than the layer is sane (a page of text with a few
 * broken glyphs need not become an OCR guess); under `force` the reading always wins.
 */
function pagesWith(pages: ParsedPage[], outcomes: Map<number, OcrOutcome>, ocr: OcrSetting): ParsedPage[] {
  return pages.map((page) => {
    const outcome = outcomes.get(page.page);
    if (!outcome?.ok) return page;
    const layer = page.textLayer ? (page.qualityScore ?? 0) : 0;
    if (ocr === 'auto' && layer >= outcome.result.confidence) return page;
    return applyOcr(page, outcome.result, outcome.mode, outcome.languages);
  });
}

/** Continued tables marked, and under `mergeTables` merged into the table they continue. */
function tablesAcrossPages(pages: ParsedPage[], options: Pick<ReadOptions, 'keepFurniture' | 'mergeTables'>) {
  const marked = markContinued(pages);
  if (!options.mergeTables) return marked;
  const merged = mergeContinued(marked);
  return merged.pages.map((page) =>
    merged.changed.has(page.page) ? withBlocks(page, page.blocks, options.keepFurniture) : page,
  );
}

const scored = (page: ParsedPage): ParsedPage => ({
  ...page,
  qualityScore: page.qualityScore ?? (page.text.trim() ? textLayerQuality(page.text) : null),
});

function finish(
  base: ParsedDocument,
  outcomes: Map<number, OcrOutcome>,
  pictures: Map<number, Block[]>,
  decodeErrors: PageError[],
  options: Pick<ReadOptions, 'ocr' | 'keepFurniture' | 'pageSeparator' | 'mergeTables'>,
): ParsedDocument {
  const read = pagesWith(base.pages, outcomes, options.ocr).map(({ images: _, ...page }) =>
    page.source === 'textLayer' ? withPictureText(page, pictures.get(page.page) ?? []) : page,
  );
  // Furniture is found over the final pages, so OCR'd and text-layer pages are judged together;
  // tables continued over a page break are found once furniture no longer stands between them.
  const pages = tablesAcrossPages(markFurniture(read, options.keepFurniture), options);
  const errors = [...decodeErrors];
  for (const [page, outcome] of outcomes) {
    if (!outcome.ok) errors.push({ page, code: outcome.code, message: outcome.message, stage: 'ocr' });
  }
  errors.sort((a, b) => a.page - b.page);
  if (errors.length > 0 && errors.length >= pages.length) {
    const first = errors[0]!;
    const message =
      pages.length === 1 ? first.message : `no page could be read; page ${first.page}: ${first.message}`;
    throw new DocjobsError(first.code, message, { details: { errors } });
  }
  return documentOfPages(base, pages, errors, options.pageSeparator);
}
