/**
 * A fill job's work (issue 19): the PDF's AcroForm fields filled from the data, or — for a PDF
 * without fields, or when asked (`mode: agent`) — the values written at the blanks found next to
 * the printed labels. `flatten` turns the filled fields into page content (no longer editable).
 * The original bytes are never changed: the result is a new PDF.
 */
import { PDFDocument, PDFRef, StandardFonts } from 'pdf-lib';
import { permanent } from '../../core/errors.ts';
import type { FillTask } from '../../core/task.ts';
import type { ParsedDocument } from '../types.ts';
import { agentFill, type BlankMapper, documentBlanks } from './agent-fill.ts';
import { fillAcroForm } from './fill-acroform.ts';
import { dataEntries } from './fill-data.ts';
import type { FillReport } from './fill-report.ts';

export interface FillResultReport extends FillReport {
  type: 'fill';
  /** fields: the AcroForm was filled; agent: values were written at blanks. */
  mode: 'fields' | 'agent';
  /** Agent fill: who decided which key goes to which blank. */
  engine: 'builtin' | 'llm' | null;
  /** The form's fields (fields mode), or the blanks found (agent mode). */
  targets: number;
  flattened: boolean;
  outputBytes: number;
}

export interface FillInputs {
  pdf: Uint8Array;
  /** The document's parsed pages: agent fill reads its words (asked for only then). */
  parsed: () => Promise<ParsedDocument>;
  /** Agent fill's mapping, and which engine it is. */
  mapper: { map: BlankMapper; engine: 'builtin' | 'llm' };
}

export async function fillDocument(
  inputs: FillInputs,
  task: Pick<FillTask, 'data' | 'schema' | 'flatten' | 'mode'>,
  signal: AbortSignal,
): Promise<{ pdf: Uint8Array; report: FillResultReport }> {
  const document = await loadPdf(inputs.pdf);
  const font = await document.embedFont(StandardFonts.Helvetica);
  const form = document.getForm();
  const fieldCount = form.getFields().length;
  const entries = dataEntries(task.data, task.schema);
  const mode = task.mode === 'auto' ? (fieldCount > 0 ? 'fields' : 'agent') : task.mode;
  if (mode === 'fields' && fieldCount === 0)
    throw permanent(
      'VALIDATION_ERROR',
      'the PDF has no form fields to fill; with options.mode "agent" (or "auto") values are written at the blanks next to its labels',
    );
  let report: FillReport;
  let targets = fieldCount;
  if (mode === 'fields') {
    report = fillAcroForm(form, font, entries);
  } else {
    const parsed = await inputs.parsed();
    signal.throwIfAborted();
    const blanks = documentBlanks(document, parsed);
    targets = blanks.length;
    const { blanks: _blanks, ...agent } = await agentFill(document, font, blanks, entries, inputs.mapper.map);
    report = agent;
  }
  signal.throwIfAborted();
  // Appearances drawn in Helvetica: what a viewer shows and what flattening keeps.
  if (fieldCount > 0) form.updateFieldAppearances(font);
  const flattened = task.flatten && fieldCount > 0;
  if (flattened) {
    form.flatten({ updateFieldAppearances: false });
    dropDanglingAnnotations(document);
  }
  const pdf = await document.save({ updateFieldAppearances: false });
  return {
    pdf,
    report: {
      type: 'fill',
      mode,
      engine: mode === 'agent' ? inputs.mapper.engine : null,
      targets,
      flattened,
      ...report,
      outputBytes: pdf.byteLength,
    },
  };
}

/**
 * The filled PDF with its fields made page content: what the parse reads the values from. Our
 * parse reads page content, not the appearance streams of form widgets (pdftotext reads both), so
 * a fill job that keeps its fields is parsed from this copy, and its children see the values.
 */
export async function flattenedCopy(pdf: Uint8Array): Promise<Uint8Array> {
  const document = await loadPdf(pdf);
  if (document.getForm().getFields().length === 0) return pdf;
  document.getForm().flatten({ updateFieldAppearances: false });
  dropDanglingAnnotations(document);
  return document.save({ updateFieldAppearances: false });
}

/**
 * pdf-lib's flatten deletes the widgets but may leave them in the pages' /Annots (when a widget has
 * no /P naming its page), and a reference to a deleted object is a broken xref entry to other
 * readers (poppler: "Invalid XRef entry"). Such references are dropped.
 */
function dropDanglingAnnotations(document: PDFDocument) {
  for (const page of document.getPages()) {
    const annotations = page.node.Annots();
    if (!annotations) continue;
    for (let i = annotations.size() - 1; i >= 0; i--) {
      const entry = annotations.get(i);
      if (entry instanceof PDFRef && !document.context.lookup(entry)) annotations.remove(i);
    }
  }
}

async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    const encrypted = /encrypted/i.test(String(error));
    throw permanent(
      encrypted ? 'DOCUMENT_ENCRYPTED' : 'UNSUPPORTED_FORMAT',
      encrypted ? 'the PDF is encrypted: it cannot be filled' : 'the document is not a PDF pdf-lib can read',
      error,
    );
  }
}
