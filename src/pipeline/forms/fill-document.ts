/**
 * A fill job's work (issue 19): the PDF's AcroForm fields filled from the data, or — for a PDF
 * without fields, or when asked (`mode: agent`) — the values written at the blanks found next to
 * the printed labels. `flatten` turns the filled fields into page content (no longer editable).
 * The original bytes are never changed: the result is a new PDF.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
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
  if (flattened) form.flatten({ updateFieldAppearances: false });
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
