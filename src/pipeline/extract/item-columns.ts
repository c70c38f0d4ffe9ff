/**
 * The columns of a line-item table, from its header line: each header word goes to the column
 * concept whose label it is (column-concepts.ts, five languages). Every known column claims its
 * words, whether the schema asks for it or not: a "Pos." or "#" column, a discount or tax-rate
 * column is a column of its own, so its numbers are never read as another field's (a position
 * 1..7 under "Pos." was read as the quantity at 0.85 when only the schema's fields were columns
 * and "Menge"'s span reached out over it).
 */
import { columnConcepts } from './column-concepts.ts';
import type { Concept } from './concepts.ts';
import { concept } from './concepts.ts';
import { type DocLine, lineHeight, unionBox } from './doc-lines.ts';
import type { FieldDescriptor } from './field-descriptor.ts';
import { findLabelHits, type LabelHit } from './labels.ts';
import type { ScalarField } from './schema-fields.ts';
import { mergeLines, sameRow } from './table-rows.ts';

export interface Column {
  /** The schema field it fills; null for a column the schema does not ask for. */
  property: ScalarField | null;
  descriptor: FieldDescriptor;
  hit: LabelHit;
  /** Left and right edge of the header label (boxes), or its cell index (no boxes). */
  x0: number;
  x1: number;
  cell: number;
}

export interface Header {
  line: DocLine;
  columns: Column[];
  /** The page lines it is made of (one, or several side by side). */
  parts: DocLine[];
}

export interface DescribedItemField {
  property: ScalarField;
  descriptor: FieldDescriptor;
}

/** A row number: never a quantity, whatever its numbers look like. */
const positionColumn = concept('position', 'id', {
  triggers: 'position|line number|row number',
  labels: 'pos|position|#|no|nr|lfd nr|line|ln|s no|sr no|sl no|sno|nummer',
  column: true,
});

const pseudoDescriptor = (c: Concept): FieldDescriptor => ({
  concept: c,
  kind: c.kind,
  party: 'vendor',
  labels: c.labels.map((p) => p.split(' ')),
  weakLabels: [],
  excludes: [],
  boosters: [],
  prefer: 'first',
  words: [],
});

/** Lines where at least two of the schema's item fields find their column label, each on different words. */
export function headerLines(described: readonly DescribedItemField[], lines: readonly DocLine[]): Header[] {
  const taken = new Set(described.map((d) => d.descriptor.concept?.id));
  const others = [...columnConcepts, positionColumn]
    .filter((c) => !taken.has(c.id))
    .map((c) => ({ property: null, descriptor: pseudoDescriptor(c) }));
  const byLine = new Map<DocLine, Column[]>();
  for (const { property, descriptor } of [...described, ...others]) {
    // Only the concept's own labels: a header is made of column names, not of generic words.
    for (const hit of findLabelHits(lines, { ...descriptor, weakLabels: [] })) {
      const columns = byLine.get(hit.line) ?? [];
      const box = unionBox(hit.line.words.slice(hit.from, hit.to).map((w) => w.bbox));
      const cell = hit.line.segments.filter((s) => s <= hit.from).length - 1;
      columns.push({ property, descriptor, hit, x0: box?.[0] ?? cell, x1: box?.[2] ?? cell, cell });
      byLine.set(hit.line, columns);
    }
  }
  const headers: Header[] = [];
  for (const [line, found] of byLine) {
    // One column per header word: the label that covers more words, then the stronger, then
    // the schema's field keeps it.
    const kept: Column[] = [];
    const rank = (c: Column) => (c.hit.to - c.hit.from) * 10 + c.hit.strength + (c.property ? 0.5 : 0);
    for (const c of found.sort((a, b) => rank(b) - rank(a))) {
      const clash = kept.some(
        (k) =>
          (c.property !== null && k.property === c.property) ||
          k.descriptor.concept?.id === c.descriptor.concept?.id ||
          (c.hit.from < k.hit.to && k.hit.from < c.hit.to),
      );
      if (!clash) kept.push(c);
    }
    // A header is mostly column names: at least half its words, or half its cells, are.
    const covered = kept.reduce((n, c) => n + c.hit.to - c.hit.from, 0);
    const cells = new Set(kept.map((c) => c.cell)).size;
    const mostlyNames =
      covered >= 0.5 * line.words.length || (line.segments.length > 2 && cells >= 0.5 * line.segments.length);
    const schemaColumns = kept.filter((c) => c.property !== null).length;
    if (schemaColumns >= 2 && mostlyNames && !/\d{3,}/.test(line.text)) {
      headers.push({ line, columns: kept.sort((a, b) => a.x0 - b.x0), parts: [line] });
    }
  }
  return mergeSideBySide(headers.sort((a, b) => a.line.index - b.line.index));
}

/**
 * Header lines on one height, side by side, are one header read as two columns ("Artikel
 * Aantal" and "Prijs per stuk BTW Prijs incl. BTW"): one line, their columns together, each
 * concept and field once (the leftmost).
 */
function mergeSideBySide(headers: Header[]): Header[] {
  const out: Header[] = [];
  const done = new Set<Header>();
  for (const h of headers) {
    if (done.has(h)) continue;
    const group = headers.filter((o) => o === h || (!done.has(o) && sameRow(h.line, o.line)));
    for (const g of group) done.add(g);
    if (group.length === 1) {
      out.push(h);
      continue;
    }
    const columns: Column[] = [];
    for (const c of group.flatMap((g) => g.columns).sort((a, b) => a.x0 - b.x0)) {
      const twice = columns.some(
        (k) =>
          k.descriptor.concept?.id === c.descriptor.concept?.id || (c.property && k.property === c.property),
      );
      if (!twice) columns.push(c);
    }
    const parts = group.flatMap((g) => g.parts);
    out.push({ line: mergeLines(parts), columns, parts });
  }
  return out;
}

export const moneyKinds = new Set(['amount', 'number', 'percent']);

const numberShaped = /^[\d.,$€£%-]+$/;

/** Each word goes to the column whose span (out to the midpoints between headers) holds its centre. */
export function cellsByPosition(line: DocLine, columns: readonly Column[]): number[][] {
  const words = columns.map(() => [] as number[]);
  const bounds = columns.map((c, k) => {
    const next = columns[k + 1];
    return next ? (c.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY;
  });
  const byCentre = line.words.map((w) =>
    w.bbox ? bounds.findIndex((b) => (w.bbox![0] + w.bbox![2]) / 2 < b) : -1,
  );
  // The columns with a cell of their own on this line: a segment starts in them.
  const ownCell = new Set(line.segments.map((s) => byCentre[s]));
  let previous = -1;
  line.words.forEach((w, k) => {
    if (!w.bbox) return;
    let column = byCentre[k]!;
    const sameSegment = k > 0 && !line.segments.includes(k);
    if (
      sameSegment &&
      previous >= 0 &&
      column !== previous &&
      carriesText(line, k, columns, previous, column, ownCell)
    ) {
      column = previous;
    }
    if (column >= 0) words[column]!.push(k);
    previous = column;
  });
  return words;
}

/**
 * Long descriptions run past their header's span: a word of a text column's cell stays in that
 * column. A word of text always; a number unless it stands where its column's numbers stand,
 * under the column's header, and that column has no cell of its own on the line. So "iPad Air 2
 * Zwart", "Mario Kart 7 3DS" or "Thuiskopie €3.50 | 1" keep their numbers in the description: a
 * quantity or price is a number alone in its own cell or at its own aligned x-position, never a
 * token inside a text cell (read as the quantity, "Office 2011" ordered 2011 copies).
 */
function carriesText(
  line: DocLine,
  word: number,
  columns: readonly Column[],
  textColumn: number,
  target: number,
  ownCell: ReadonlySet<number | undefined>,
): boolean {
  const text = columns[textColumn]!;
  if (moneyKinds.has(text.descriptor.kind) || text.descriptor.concept?.id === 'position') return false;
  const w = line.words[word]!;
  if (!numberShaped.test(w.text)) return true;
  if (target < 0 || ownCell.has(target)) return true;
  const slack = lineHeight(line);
  const under = columns[target]!;
  return w.bbox![2] < under.x0 - slack || w.bbox![0] > under.x1 + slack;
}

/** Without boxes: cell k under header cell k; when counts differ, numbers align from the right. */
export function cellsByIndex(line: DocLine, columns: readonly Column[]): number[][] {
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
  return words;
}
