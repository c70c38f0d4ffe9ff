/**
 * An edit job's work (issue 19): its operations applied in order to a plan of pages, the new PDF
 * made from the plan with pdf-lib (untouched pages copied as they are, redacted ones made anew by
 * redacted-page.ts), then parsed again to prove each redaction: a redacted text still found on its
 * page fails the job rather than hand out a PDF that leaks it.
 */
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import type { EditOperation, RedactOperation } from '../../core/edit-operations.ts';
import { permanent } from '../../core/errors.ts';
import type { JobId } from '../../core/ids.ts';
import type { BoundingBox, ParsedDocument } from '../types.ts';
import {
  matchSpans,
  type RuleCount,
  redactBox,
  redactText,
  removedBoxes,
  textRules,
} from './find-redactions.ts';
import { applyPageOperation, initialPlan, type PlannedPage, selectedIndexes } from './page-plan.ts';
import { type PageToRedact, paintedRaster, placeRedactedPage } from './redacted-page.ts';
import { type UprightViews, uprightBox, uprightViews } from './upright-pages.ts';
import { verifyRedactions } from './verify-redactions.ts';

/** A document the edit reads: the job's own (first), or a dependsOn job's. */
export interface EditSource {
  jobId: JobId;
  pdf: Uint8Array;
  parsed: ParsedDocument;
}

/** One evidence entry of an extraction: its field path, page and box. */
export interface EvidenceBox {
  field: string;
  page: number;
  bbox: BoundingBox;
}

export interface EditInputs {
  sources: EditSource[];
  /** The evidence of each redaction's fromJob. */
  evidence: ReadonlyMap<JobId, EvidenceBox[]>;
  /** Our parse pipeline over the new PDF. */
  reparse: (pdf: Uint8Array) => Promise<ParsedDocument>;
}

export interface EditReport {
  type: 'edit';
  pages: number;
  sourcePages: number;
  operations: { type: EditOperation['type']; pagesAfter: number }[];
  redactions: RuleCount[];
  pagesRedacted: number[];
  outputBytes: number;
  verified: boolean;
}

export interface EditOutcome {
  pdf: Uint8Array;
  report: EditReport;
  /** The new PDF parsed: what children with dependsOn on the edit job read. */
  parsed: ParsedDocument;
}

export async function editDocument(
  inputs: EditInputs,
  operations: readonly EditOperation[],
  signal: AbortSignal,
): Promise<EditOutcome> {
  const documents = await Promise.all(inputs.sources.map((source) => loadPdf(source)));
  // Pages turned by their own /Rotate are redacted upright (upright-pages.ts).
  const upright = operations.some((operation) => operation.type === 'redact')
    ? await uprightViews(documents, inputs.reparse)
    : new Map();
  let plan = initialPlan(0, documents[0]!.getPageCount());
  const report: EditReport['operations'] = [];
  const redactions: RuleCount[] = [];
  for (const [index, operation] of operations.entries()) {
    const at = `operations[${index}] (${operation.type})`;
    if (operation.type === 'merge') {
      for (const id of operation.jobs) {
        const source = inputs.sources.findIndex((candidate) => candidate.jobId === id);
        plan = [...plan, ...initialPlan(source, documents[source]!.getPageCount())];
      }
    } else if (operation.type === 'redact') {
      plan = redact(plan, operation, { ...inputs, upright }, at, redactions);
    } else {
      plan = applyPageOperation(plan, operation, at);
    }
    report.push({ type: operation.type, pagesAfter: plan.length });
  }
  const out = await PDFDocument.create();
  out.setProducer('docjobs');
  const font = await out.embedFont(StandardFonts.Helvetica);
  const pagesRedacted: number[] = [];
  const copied = await copyUntouched(out, plan, documents);
  const rasters = await rasterise(plan, inputs.sources, documents, upright, signal);
  for (const [k, planned] of plan.entries()) {
    signal.throwIfAborted();
    const raster = rasters.get(k);
    const page = raster
      ? await placeRedactedPage(out, font, raster.input, raster.jpeg)
      : out.addPage(copied.get(k)!);
    if (planned.redaction) pagesRedacted.push(k + 1);
    // A redacted page is drawn upright: it takes its source page's own rotation back.
    const own = raster ? raster.input.rotation : page.getRotation().angle;
    page.setRotation(degrees((own + planned.rotation) % 360));
  }
  const pdf = await out.save();
  const parsed = await inputs.reparse(pdf);
  // Painted boxes are upright coordinates; a turned page's parse is in its shown ones: text only.
  const painted = [...rasters].filter(([, raster]) => raster.input.rotation === 0);
  verifyRedactions(parsed, plan, new Map(painted.map(([k, raster]) => [k, raster.input.boxes])));
  return {
    pdf,
    parsed,
    report: {
      type: 'edit',
      pages: plan.length,
      sourcePages: documents.reduce((sum, document) => sum + document.getPageCount(), 0),
      operations: report,
      redactions,
      pagesRedacted,
      outputBytes: pdf.byteLength,
      verified: true,
    },
  };
}

/**
 * How the new PDF is read again. Its redacted pages are a picture under our own text layer, and
 * `auto` would OCR that picture as well (6.5 s of a 7.5 s edit of one page, bench/redact.ts): when
 * no source page needed OCR, the text layers are the whole text and OCR is left off; otherwise the
 * job's own setting, so a scan's untouched pages keep their text for the jobs that reuse them.
 */
export function reparseOcr<T extends string>(sources: readonly EditSource[], asked: T): T | 'off' {
  const scanned = sources.some((source) => source.parsed.pages.some((page) => page.source === 'ocr'));
  return scanned ? asked : 'off';
}

async function loadPdf(source: EditSource): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(source.pdf, { updateMetadata: false });
  } catch (error) {
    const encrypted = /encrypted/i.test(String(error));
    throw permanent(
      encrypted ? 'DOCUMENT_ENCRYPTED' : 'UNSUPPORTED_FORMAT',
      `the document of ${source.jobId} cannot be edited: ${encrypted ? 'it is encrypted' : 'it is not a PDF pdf-lib can read'}`,
      error,
    );
  }
}

function redact(
  plan: PlannedPage[],
  operation: RedactOperation,
  inputs: EditInputs & { upright: UprightViews },
  at: string,
  counts: RuleCount[],
): PlannedPage[] {
  const chosen = new Set(selectedIndexes(operation.pages, plan, at));
  const rules = textRules(operation);
  const ruleCounts = rules.map(({ rule, value }) => ({ rule, value, matches: 0, words: 0 }));
  const evidence = operation.fromJob ? (inputs.evidence.get(operation.fromJob) ?? []) : [];
  const wanted = evidence.filter(
    (entry) => operation.fields === null || operation.fields.some((field) => covers(field, entry.field)),
  );
  const evidenceSource = Math.max(
    0,
    inputs.sources.findIndex((source) => source.jobId === operation.fromJob),
  );
  const fieldCounts = new Map<string, RuleCount>();
  for (const field of operation.fields ?? [...new Set(wanted.map((entry) => entry.field))])
    fieldCounts.set(field, { rule: 'evidence', value: field, matches: 0, words: 0 });
  const next = plan.map((planned, k) => {
    if (!chosen.has(k)) return planned;
    const view = inputs.upright.get(planned.source)?.get(planned.page);
    const parsed = view?.parsed ?? parsedPage(inputs.sources[planned.source]!, planned.page, at);
    const removed = new Set(planned.redaction?.removed ?? []);
    const boxes = [...(planned.redaction?.boxes ?? [])];
    rules.forEach((rule, r) => {
      const found = redactText(parsed, rule, removed);
      // The page's text holds a match its words do not place (text the layout could not put in
      // lines: a page turned by its own /Rotate, sideways text): failing beats leaving it there.
      const inText = parsed.text
        .split('\n')
        .reduce((sum, line) => sum + matchSpans(rule.pattern!, line.replace(/\s+/g, ' ')).length, 0);
      if (inText > found.matches)
        throw permanent(
          'PARSE_ERROR',
          `${at}: ${rule.rule} "${rule.value}" is in the text of page ${k + 1} but not at a place on it the redaction can paint (its text is not laid out in lines); nothing was redacted`,
        );
      ruleCounts[r]!.matches += found.matches;
      ruleCounts[r]!.words += found.words;
    });
    for (const entry of wanted) {
      if (planned.source !== evidenceSource || entry.page !== planned.page) continue;
      const count = [...fieldCounts.entries()].find(([field]) => covers(field, entry.field))?.[1];
      const box = view ? uprightBox(entry.bbox, view) : entry.bbox;
      const words = redactBox(parsed, box, removed);
      if (count) {
        count.matches += 1;
        count.words += words;
      }
      boxes.push(box);
    }
    const before = planned.redaction?.removed.size ?? 0;
    if (removed.size === before && boxes.length === (planned.redaction?.boxes.length ?? 0)) return planned;
    const patterns = [...(planned.redaction?.patterns ?? []), ...rules.map((rule) => rule.pattern!)];
    return { ...planned, redaction: { removed, boxes, patterns } };
  });
  counts.push(...ruleCounts, ...fieldCounts.values());
  return next;
}

/** A field path and what is under it: "total", "lines" covers "lines[0].amount". */
const covers = (field: string, path: string) =>
  path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

function parsedPage(source: EditSource, page: number, at: string) {
  const parsed = source.parsed.pages.find((candidate) => candidate.page === page);
  if (!parsed)
    throw permanent(
      'VALIDATION_ERROR',
      `${at}: page ${page} of ${source.jobId} was not read (options.pages), so it cannot be redacted`,
    );
  return parsed;
}

/** The pages copied as they are, one copyPages per source so their fonts and images are copied once. */
async function copyUntouched(
  out: PDFDocument,
  plan: readonly PlannedPage[],
  documents: readonly PDFDocument[],
) {
  const copied = new Map<number, Awaited<ReturnType<PDFDocument['copyPages']>>[number]>();
  for (const [source, document] of documents.entries()) {
    const wanted = plan.flatMap((planned, k) => (planned.source === source && !planned.redaction ? [k] : []));
    if (wanted.length === 0) continue;
    const pages = await out.copyPages(
      document,
      wanted.map((k) => plan[k]!.page - 1),
    );
    for (const [n, k] of wanted.entries()) copied.set(k, pages[n]!);
  }
  return copied;
}

/**
 * The redacted pages' painted rasters, two at a time: the PDF pool has two threads (min(2, cores)),
 * and a page's render is ~230 ms of its ~800 (bench/redact.ts).
 */
async function rasterise(
  plan: readonly PlannedPage[],
  sources: readonly EditSource[],
  documents: readonly PDFDocument[],
  upright: UprightViews,
  signal: AbortSignal,
): Promise<Map<number, { input: PageToRedact; jpeg: Uint8Array }>> {
  const wanted = plan.flatMap((planned, k) => (planned.redaction ? [k] : []));
  const rasters = new Map<number, { input: PageToRedact; jpeg: Uint8Array }>();
  let next = 0;
  const lane = async () => {
    while (next < wanted.length) {
      const k = wanted[next++]!;
      const input = redactionInput(plan[k]!, sources, documents, upright);
      rasters.set(k, { input, jpeg: await paintedRaster(input, signal) });
    }
  };
  await Promise.all([lane(), lane()]);
  return rasters;
}

function redactionInput(
  planned: PlannedPage,
  sources: readonly EditSource[],
  documents: readonly PDFDocument[],
  upright: UprightViews,
): PageToRedact {
  const removed = planned.redaction!.removed;
  const view = upright.get(planned.source)?.get(planned.page);
  if (view)
    return {
      bytes: view.pdf,
      page: view.index,
      width: view.width,
      height: view.height,
      rotation: view.rotation,
      parsed: view.parsed,
      removed,
      boxes: [...planned.redaction!.boxes, ...removedBoxes(view.parsed, removed)],
    };
  const source = sources[planned.source]!;
  const page = documents[planned.source]!.getPage(planned.page - 1);
  const { width, height } = page.getSize();
  const sideways = page.getRotation().angle % 180 !== 0;
  const parsed = source.parsed.pages.find((candidate) => candidate.page === planned.page)!;
  return {
    bytes: source.pdf,
    page: planned.page,
    width: sideways ? height : width,
    height: sideways ? width : height,
    rotation: 0,
    parsed,
    removed,
    boxes: [...planned.redaction!.boxes, ...removedBoxes(parsed, removed)],
  };
}
