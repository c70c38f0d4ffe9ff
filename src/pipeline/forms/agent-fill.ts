/**
 * Agent fill: a PDF without form fields gets its values written at the blanks found next to its
 * labels (blank-finder.ts), in the embedded standard font, sized to fit the blank. Which key goes to
 * which blank is decided by `map`: the built-in matcher (label words against key words, one blank
 * per key) or the LLM (llm-mapping.ts). A string value no blank is labelled with may still tick the
 * one checkbox whose label is that value ("gender": "Female" → the box labelled Female).
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { rgb } from 'pdf-lib';
import type { BoundingBox, ParsedDocument } from '../types.ts';
import { type Blank, findBlanks } from './blank-finder.ts';
import { checkboxState, type DataEntry, valueText } from './fill-data.ts';
import { emptyReport, type FillReport } from './fill-report.ts';
import { labelScore, normalisedLabel, pairBest } from './label-match.ts';
import { pageShapes } from './page-shapes.ts';
import { fittedSize, oneLine, unsupportedCharacters } from './standard-font.ts';

/** Which blank each entry goes to: entry index → blank index. */
export type BlankMapper = (
  blanks: readonly Blank[],
  entries: readonly DataEntry[],
) => Promise<Map<number, number>>;

/** Under this score a key and a label are not the same thing (label-match.ts). */
const matchThreshold = 0.6;

export interface AgentFillOutcome extends FillReport {
  blanks: Blank[];
}

/** The blanks of every parsed page the PDF has upright (a page turned by /Rotate is left alone). */
export function documentBlanks(document: PDFDocument, parsed: ParsedDocument): Blank[] {
  return parsed.pages.flatMap((page) => {
    const pdfPage = document.getPages()[page.page - 1];
    if (!pdfPage || pdfPage.getRotation().angle % 360 !== 0) return [];
    return findBlanks(page, pageShapes(pdfPage));
  });
}

export async function agentFill(
  document: PDFDocument,
  font: PDFFont,
  blanks: readonly Blank[],
  entries: readonly DataEntry[],
  map: BlankMapper,
): Promise<AgentFillOutcome> {
  const report = emptyReport();
  const mapping = await map(blanks, entries);
  const used = new Set(mapping.values());
  for (const [index, entry] of entries.entries()) {
    let target = mapping.get(index);
    const named = target === undefined ? checkboxNamedBy(blanks, entry, used) : undefined;
    target ??= named;
    if (target === undefined) {
      report.notFound.push(entry.key);
      continue;
    }
    used.add(target);
    const blank = blanks[target]!;
    const page = document.getPages()[blank.page - 1]!;
    const written =
      blank.kind === 'checkbox'
        ? tick(page, font, blank, named !== undefined ? true : entry.value)
        : write(page, font, blank, entry);
    if ('reason' in written)
      report.skipped.push({ key: entry.key, field: blank.label, reason: written.reason });
    else report.filled.push({ key: entry.key, field: blank.label, page: blank.page, ...written });
  }
  return { ...report, blanks: [...blanks] };
}

/** The built-in mapping: key words (and the schema's title and description) against label words. */
export const builtInMapper: BlankMapper = async (blanks, entries) => {
  const pairs = pairBest(
    [...entries.keys()],
    [...blanks.keys()],
    (e, b) => (fits(entries[e]!, blanks[b]!) ? entryScore(entries[e]!, blanks[b]!.label) : 0),
    matchThreshold,
  );
  return new Map(pairs.map((pair) => [pair.key, pair.label]));
};

/** Whether the blank can take the value: a checkbox a yes/no, a line or box some text. */
export const fits = (entry: DataEntry, blank: Blank) =>
  blank.kind === 'checkbox' ? checkboxState(entry.value) !== null : valueText(entry.value) !== null;

function entryScore(entry: DataEntry, label: string): number {
  const last = entry.key.split('.').pop() ?? entry.key;
  const names = [entry.key, last, entry.target, ...entry.hints];
  return Math.max(...names.map((name) => labelScore(name, label)));
}

function checkboxNamedBy(blanks: readonly Blank[], entry: DataEntry, used: Set<number>): number | undefined {
  if (typeof entry.value !== 'string' || !entry.value.trim()) return undefined;
  const wanted = normalisedLabel(entry.value);
  const named = [...blanks.keys()].filter(
    (b) => !used.has(b) && blanks[b]!.kind === 'checkbox' && normalisedLabel(blanks[b]!.label) === wanted,
  );
  return named.length === 1 ? named[0] : undefined;
}

type Written = { kind: 'text' | 'checkbox'; value: string | boolean; bbox: BoundingBox } | { reason: string };

function write(page: PDFPage, font: PDFFont, blank: Blank, entry: DataEntry): Written {
  const raw = valueText(entry.value);
  if (raw === null) return { reason: 'the value has no text form (an object or a list of objects)' };
  const text = oneLine(raw);
  const missing = unsupportedCharacters(font, text);
  if (missing) return { reason: `the standard font cannot draw ${missing}` };
  const [x0, y0, x1, y1] = blank.area;
  const height = y1 - y0;
  const preferred = blank.kind === 'line' ? 10 : Math.min(11, (height - 2) * 0.72);
  const size = fittedSize(font, text, x1 - x0 - 4, preferred);
  if (size === null)
    return { reason: `${JSON.stringify(text)} does not fit the blank (${Math.round(x1 - x0)} points wide)` };
  // On a line the text sits just above it; in a box, in the middle of its height.
  const baseline = blank.kind === 'line' ? y1 - 2.5 : y0 + (height + size * 0.7) / 2;
  draw(page, font, text, x0 + 2, baseline, size);
  const width = font.widthOfTextAtSize(text, size);
  return {
    kind: 'text',
    value: text,
    bbox: [x0 + 2, baseline - size * 0.75, x0 + 2 + width, baseline + size * 0.2],
  };
}

/** `value`: the entry's, or true for the box its value names. */
function tick(page: PDFPage, font: PDFFont, blank: Blank, value: unknown): Written {
  const state = checkboxState(value);
  if (state === null)
    return { reason: 'a checkbox takes true or false ("Yes"/"No") or the label of the box' };
  if (!state) return { kind: 'checkbox', value: false, bbox: blank.area };
  const [x0, y0, x1, y1] = blank.area;
  const size = (y1 - y0) * 0.85;
  const width = font.widthOfTextAtSize('X', size);
  const baseline = y0 + (y1 - y0 + size * 0.7) / 2;
  draw(page, font, 'X', (x0 + x1 - width) / 2, baseline, size);
  return { kind: 'checkbox', value: true, bbox: blank.area };
}

/** `x` and `baseline` in points from the page's top-left, as the parsed boxes are. */
function draw(page: PDFPage, font: PDFFont, text: string, x: number, baseline: number, size: number) {
  const media = page.getMediaBox();
  page.drawText(text, {
    x: media.x + x,
    y: media.y + media.height - baseline,
    size,
    font,
    color: rgb(0, 0, 0),
  });
}
