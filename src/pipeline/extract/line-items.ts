/**
 * Arrays of objects read from tables (line items: description, quantity, unit price, amount).
 * A header line names the columns ("Description  Qty  Unit price  Amount"); each item field is
 * matched to one of them by its concept (concepts.ts, column concepts). The lines under the
 * header are rows until a total line, a wide gap or the page's end. Words go to the column
 * whose span holds their centre (boxes), or by cell position (tables without boxes).
 *
 * Rows: a line with an amount in a money column is an item; lines of text alone are a
 * description (the line before its numbers on receipts, or a description's second line).
 */

import { abstainBelow } from './confidence.ts';
import { type DocLine, lineHeight, unionBox } from './doc-lines.ts';
import { describeField } from './field-descriptor.ts';
import { fitValue } from './fit-value.ts';
import { fold } from './fold.ts';
import { readHeaderlessItems } from './headerless-items.ts';
import { checkItems } from './item-checks.ts';
import { type Column, cellsByIndex, cellsByPosition, type Header, headerLines } from './item-columns.ts';
import { type DocContext, type FieldResult, notFound } from './read-field.ts';
import { readValue } from './read-value.ts';
import type { ObjectField, ScalarField } from './schema-fields.ts';
import { rowsBelow } from './table-rows.ts';
import { printedTotals } from './totals.ts';

/** A line that ends the items: totals and summaries, or a tax line with its amount. */
const endOfItems =
  /\b(total|totaal|totale|gesamt|summe|montant total|amount due|balance due|grand total|net amount|tax summary|gst summary|vat summary)\b/;
const taxLine = /^(tax|vat|gst|sales tax|mwst|ust|btw|tva|iva)\b/;
/** The columns whose decimal amount makes a line an item (a tax rate or discount does not). */
const priceColumns = new Set(['unitPrice', 'lineAmount']);
const sectionHeading = /^\s*[-=*~_]{2,}.*[-=*~_]{2,}\s*$/;
/** Subtotals of a section, after which more items may follow. */
const sectionTotal = /^(sub ?total|zwischensumme|subtotaal|sous total)\b/;

export function readLineItems(items: ObjectField, ctx: DocContext): Map<string, FieldResult>[] | null {
  const scalars = items.properties.filter((p): p is ScalarField => p.kind === 'scalar');
  const described = scalars.map((property) => ({ property, descriptor: describeField(property, true) }));
  const rows: Map<string, FieldResult>[] = [];
  for (const header of headerLines(described, ctx.lines)) {
    rows.push(...readTable(header, items, ctx));
  }
  const found = rows.length > 0 ? rows : readHeaderlessItems(described, ctx);
  if (!found) return null;
  checkItems(found, described, printedTotals(ctx.lines));
  // As for single fields: a value too unsure to be worth reading is withheld.
  for (const row of found) {
    for (const [name, result] of row) {
      if (result.value !== null && result.confidence < abstainBelow)
        row.set(name, { ...notFound, confidence: result.confidence });
    }
  }
  return found;
}

interface Cells {
  line: DocLine;
  /** Words per column (by index into columns). */
  words: number[][];
}

function readTable(table: Header, items: ObjectField, ctx: DocContext): Map<string, FieldResult>[] {
  const { line: header, columns } = table;
  const boxed = header.bbox !== null && columns.every((c) => c.hit.line.words[c.hit.from]?.bbox);
  // With boxes, rows by their height on the page (table-rows.ts); without, in reading order.
  const below = boxed
    ? rowsBelow(header, ctx.lines, new Set(table.parts))
    : ctx.lines.slice(header.index + 1);
  const height = Math.max(lineHeight(header), 1);
  const rows: Map<string, FieldResult>[] = [];
  let pending: DocLine[] = [];
  let previous: DocLine = header;
  let lastItemLine: DocLine | null = null;
  const descriptionColumn = columns.findIndex(
    (c) => c.property !== null && c.descriptor.concept?.id === 'description',
  );
  for (const line of below) {
    if (line.page !== header.page) break;
    if (boxed && line.bbox && previous.bbox && line.bbox[1] - previous.bbox[3] > 4 * height) break;
    const folded = fold(line.text);
    if (sectionTotal.test(folded)) {
      pending = [];
      continue;
    }
    if (endOfItems.test(folded) || (taxLine.test(folded) && /\d[.,]\d{2}(?!\d)/.test(line.text))) break;
    previous = line;
    const cells = { line, words: boxed ? cellsByPosition(line, columns) : cellsByIndex(line, columns) };
    const isItem = columns.some(
      (c, k) => priceColumns.has(c.descriptor.concept?.id ?? '') && hasDecimalAmount(line, cells.words[k]!),
    );
    if (!isItem) {
      // "--- Food Products ---": a section's heading, not a description's line.
      if (!sectionHeading.test(line.text)) pending.push(line);
      continue;
    }
    const row = rowValues(cells, columns, items, ctx);
    const description = descriptionColumn >= 0 ? columns[descriptionColumn]!.property!.name : null;
    if (description && pending.length > 0) {
      const own = row.get(description);
      const text = pending.map((l) => l.text).join(' ');
      if (!own || own.value === null) {
        row.set(description, textResult(text, pending, columns[descriptionColumn]!));
      } else if (rows.length > 0) {
        appendText(rows.at(-1)!, description, text);
      }
    }
    pending = [];
    rows.push(row);
    lastItemLine = line;
  }
  const description = descriptionColumn >= 0 ? columns[descriptionColumn]!.property!.name : null;
  const last = lastItemLine;
  if (description && last && pending.length > 0) {
    const run = boxed ? continuousRun(last, pending, height) : pending;
    if (run.length > 0 && run.every((l) => !/\d[.,]\d{2}\b/.test(l.text) || boxed)) {
      appendText(rows.at(-1)!, description, run.map((l) => l.text).join(' '));
    }
  }
  return rows;
}

/**
 * The lines right under the last item, each within a line and a half of the one above: its
 * description going on ("Grundgebühr pro Einheit / Dienst: … / 01.05.14-31.05.14"), not the
 * page's footer further down.
 */
function continuousRun(last: DocLine, pending: readonly DocLine[], height: number): DocLine[] {
  const run: DocLine[] = [];
  let above = last;
  for (const line of pending) {
    if (!line.bbox || !above.bbox || line.bbox[1] - above.bbox[3] > 1.5 * height) break;
    run.push(line);
    above = line;
  }
  return run;
}

function hasDecimalAmount(line: DocLine, words: number[]): boolean {
  return words.some((k) => /\d[.,]\d{2}(?!\d)/.test(line.words[k]!.text));
}

function rowValues(
  cells: Cells,
  columns: Column[],
  items: ObjectField,
  ctx: DocContext,
): Map<string, FieldResult> {
  const row = new Map<string, FieldResult>();
  for (const property of items.properties) row.set(property.name, notFound);
  columns.forEach((column, k) => {
    const property = column.property;
    const indexes = cells.words[k]!;
    if (!property) return;
    if (indexes.length === 0) return;
    const text = indexes.map((i) => cells.line.words[i]!.text).join(' ');
    // A description cell holding only a number is a price that ran left, not a description.
    if (column.descriptor.concept?.id === 'description' && !/\p{L}{2}/u.test(text)) return;
    const read = readValue(column.descriptor.kind, text, ctx.dayFirst);
    if (!read) return;
    const value = fitValue(property, column.descriptor, read, ctx.dayFirst);
    if (value === undefined || value === null || value === '') return;
    row.set(property.name, {
      value,
      confidence:
        Math.round(0.85 * read.quality * (0.55 + 0.45 * cells.line.confidence) * column.hit.strength * 1000) /
        1000,
      evidence: {
        page: cells.line.page,
        bbox: unionBox(indexes.map((i) => cells.line.words[i]!.bbox)),
        text: cells.line.text,
      },
    });
  });
  return row;
}

function textResult(text: string, lines: DocLine[], column: Column): FieldResult {
  if (column.property?.type !== 'string') return notFound;
  const confidence = lines.reduce((s, l) => s + l.confidence, 0) / lines.length;
  return {
    value: text,
    confidence: Math.round(0.7 * (0.55 + 0.45 * confidence) * 1000) / 1000,
    evidence: {
      page: lines[0]!.page,
      bbox: unionBox(lines.map((l) => l.bbox)),
      text: lines.map((l) => l.text).join('\n'),
    },
  };
}

function appendText(row: Map<string, FieldResult>, name: string, text: string): void {
  const current = row.get(name);
  if (!current || typeof current.value !== 'string') return;
  row.set(name, { ...current, value: `${current.value} ${text}` });
}
