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
import { type DocLine, lineHeight, unionBox } from './doc-lines.ts';
import { describeField, type FieldDescriptor } from './field-descriptor.ts';
import { fitValue } from './fit-value.ts';
import { fold } from './fold.ts';
import { findLabelHits, type LabelHit } from './labels.ts';
import { type DocContext, type FieldResult, notFound } from './read-field.ts';
import { readValue } from './read-value.ts';
import type { ObjectField, ScalarField } from './schema-fields.ts';

interface Column {
  property: ScalarField;
  descriptor: FieldDescriptor;
  hit: LabelHit;
  /** Left and right edge of the header label (boxes), or its cell index (no boxes). */
  x0: number;
  x1: number;
  cell: number;
}

const moneyKinds = new Set(['amount', 'number', 'percent']);
/** A line that ends the items: totals and summaries, or a tax line with its amount. */
const endOfItems =
  /\b(total|totaal|totale|gesamt|summe|montant total|amount due|balance due|grand total|net amount|tax summary|gst summary|vat summary)\b/;
const taxLine = /^(tax|vat|gst|sales tax|mwst|ust|btw|tva|iva)\b/;
/** Subtotals of a section, after which more items may follow. */
const sectionTotal = /^(sub ?total|zwischensumme|subtotaal|sous total)\b/;

export function readLineItems(items: ObjectField, ctx: DocContext): Map<string, FieldResult>[] | null {
  const scalars = items.properties.filter((p): p is ScalarField => p.kind === 'scalar');
  const described = scalars.map((property) => ({ property, descriptor: describeField(property, true) }));
  const rows: Map<string, FieldResult>[] = [];
  for (const header of headerLines(described, ctx.lines)) {
    rows.push(...readTable(header.line, header.columns, items, ctx));
  }
  return rows.length > 0 ? rows : null;
}

/** Lines where at least two item fields find their column label, each on different words. */
function headerLines(
  described: { property: ScalarField; descriptor: FieldDescriptor }[],
  lines: readonly DocLine[],
): { line: DocLine; columns: Column[] }[] {
  const byLine = new Map<DocLine, Column[]>();
  for (const { property, descriptor } of described) {
    // Only the concept's own labels: a header is made of column names, not of generic words.
    for (const hit of findLabelHits(lines, { ...descriptor, weakLabels: [] })) {
      const columns = byLine.get(hit.line) ?? [];
      const box = unionBox(hit.line.words.slice(hit.from, hit.to).map((w) => w.bbox));
      const cell = hit.line.segments.filter((s) => s <= hit.from).length - 1;
      columns.push({ property, descriptor, hit, x0: box?.[0] ?? cell, x1: box?.[2] ?? cell, cell });
      byLine.set(hit.line, columns);
    }
  }
  const headers: { line: DocLine; columns: Column[] }[] = [];
  for (const [line, found] of byLine) {
    // One column per header word: the field whose label covers more words, or came first, keeps it.
    const kept: Column[] = [];
    for (const c of found.sort(
      (a, b) => b.hit.to - b.hit.from - (a.hit.to - a.hit.from) || b.hit.strength - a.hit.strength,
    )) {
      const clash = kept.some(
        (k) => k.property === c.property || (c.hit.from < k.hit.to && k.hit.from < c.hit.to),
      );
      if (!clash) kept.push(c);
    }
    // A header is mostly column names: at least half its words, or half its cells, are.
    const covered = kept.reduce((n, c) => n + c.hit.to - c.hit.from, 0);
    const cells = new Set(kept.map((c) => c.cell)).size;
    const mostlyNames =
      covered >= 0.5 * line.words.length || (line.segments.length > 2 && cells >= 0.5 * line.segments.length);
    if (kept.length >= 2 && mostlyNames && !/\d{3,}/.test(line.text)) {
      headers.push({ line, columns: kept.sort((a, b) => a.x0 - b.x0) });
    }
  }
  return headers.sort((a, b) => a.line.index - b.line.index);
}

interface Cells {
  line: DocLine;
  /** Words per column (by index into columns). */
  words: number[][];
}

function readTable(
  header: DocLine,
  columns: Column[],
  items: ObjectField,
  ctx: DocContext,
): Map<string, FieldResult>[] {
  const boxed = header.bbox !== null && columns.every((c) => c.hit.line.words[c.hit.from]?.bbox);
  const height = Math.max(lineHeight(header), 1);
  const rows: Map<string, FieldResult>[] = [];
  let pending: DocLine[] = [];
  let previous: DocLine = header;
  const descriptionColumn = columns.findIndex((c) => c.descriptor.concept?.id === 'description');
  for (let i = header.index + 1; i < ctx.lines.length; i++) {
    const line = ctx.lines[i]!;
    if (line.page !== header.page) break;
    if (boxed && line.bbox && previous.bbox && line.bbox[1] - previous.bbox[3] > 4 * height) break;
    const folded = fold(line.text);
    if (sectionTotal.test(folded)) {
      pending = [];
      continue;
    }
    if (endOfItems.test(folded) || (taxLine.test(folded) && /\d[.,]\d{2}(?!\d)/.test(line.text))) break;
    previous = line;
    const cells = boxed ? cellsByPosition(line, columns) : cellsByIndex(line, columns);
    const isItem = columns.some(
      (c, k) =>
        moneyKinds.has(c.descriptor.kind) &&
        c.descriptor.concept?.id !== 'quantity' &&
        hasDecimalAmount(line, cells.words[k]!),
    );
    if (!isItem) {
      pending.push(line);
      continue;
    }
    const row = rowValues(cells, columns, items, ctx);
    const description = descriptionColumn >= 0 ? columns[descriptionColumn]!.property.name : null;
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
  }
  const description = descriptionColumn >= 0 ? columns[descriptionColumn]!.property.name : null;
  if (
    description &&
    pending.length > 0 &&
    rows.length > 0 &&
    pending.every((l) => !/\d[.,]\d{2}\b/.test(l.text))
  ) {
    appendText(rows.at(-1)!, description, pending.map((l) => l.text).join(' '));
  }
  return rows;
}

function hasDecimalAmount(line: DocLine, words: number[]): boolean {
  return words.some((k) => /\d[.,]\d{2}(?!\d)/.test(line.words[k]!.text));
}

/** Each word goes to the column whose span (out to the midpoints between headers) holds its centre. */
function cellsByPosition(line: DocLine, columns: Column[]): Cells {
  const words = columns.map(() => [] as number[]);
  const bounds = columns.map((c, k) => {
    const next = columns[k + 1];
    return next ? (c.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY;
  });
  let previous = -1;
  line.words.forEach((w, k) => {
    if (!w.bbox) return;
    const centre = (w.bbox[0] + w.bbox[2]) / 2;
    let column = bounds.findIndex((b) => centre < b);
    // Long descriptions run past their header's span: a word that carries on the text of a text
    // column, in the same segment, stays in that column.
    const sameSegment = k > 0 && !line.segments.includes(k);
    if (
      sameSegment &&
      previous >= 0 &&
      !moneyKinds.has(columns[previous]!.descriptor.kind) &&
      !/^[\d.,$€£%-]+$/.test(w.text)
    ) {
      column = previous;
    }
    if (column >= 0) words[column]!.push(k);
    previous = column;
  });
  return { line, words };
}

/** Without boxes: cell k under header cell k; when counts differ, numbers align from the right. */
function cellsByIndex(line: DocLine, columns: Column[]): Cells {
  const cellOf = (word: number) => line.segments.filter((s) => s <= word).length - 1;
  const cellCount = line.segments.length;
  const headerCells = Math.max(...columns.map((c) => c.cell)) + 1;
  const shift = cellCount - headerCells;
  const words = columns.map(() => [] as number[]);
  line.words.forEach((_, k) => {
    const cell = cellOf(k);
    const column = columns.findIndex((c) =>
      shift === 0 || c.cell === 0 ? c.cell === cell : c.cell + shift === cell,
    );
    if (column >= 0) words[column]!.push(k);
  });
  return { line, words };
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
    const indexes = cells.words[k]!;
    if (indexes.length === 0) return;
    const text = indexes.map((i) => cells.line.words[i]!.text).join(' ');
    // A description cell holding only a number is a price that ran left, not a description.
    if (column.descriptor.concept?.id === 'description' && !/\p{L}{2}/u.test(text)) return;
    const read = readValue(column.descriptor.kind, text, ctx.dayFirst);
    if (!read) return;
    const value = fitValue(column.property, column.descriptor, read, ctx.dayFirst);
    if (value === undefined || value === null || value === '') return;
    row.set(column.property.name, {
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
  if (column.property.type !== 'string') return notFound;
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
