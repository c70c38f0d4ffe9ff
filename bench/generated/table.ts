/**
 * Tables for the generated documents: ruled on every cell edge (grid), booktabs (rules above,
 * under the header and below only) or borderless (aligned columns only), with header cells that
 * span columns, cells wrapped over several lines, and a table allowed to break over a column or
 * page, its header repeated there or not. Each part is recorded as its logical grid.
 */
import { type Flow, type TextStyle, textWidth, wrap } from './layout.ts';

export interface Cell {
  text: string;
  span?: number;
}

export interface TableSpec {
  header: Cell[][];
  body: string[][];
  style: 'grid' | 'booktabs' | 'none';
  /** May break over columns/pages; `repeatHeader` draws the header again on each part. */
  split?: boolean;
  repeatHeader?: boolean;
  /** The column that wraps when the table is too wide (a description column). */
  wrapColumn?: number;
}

const pad = 4;
const isNumber = (s: string) => /^[-+−]?[\d\s.,]+%?$/.test(s);

export function table(flow: Flow, spec: TableSpec, t: TextStyle): void {
  const n = spec.body[0]!.length;
  const avail = flow.rect.width;
  const gutter = spec.style === 'none' ? 14 : 2 * pad;
  const natural = Array.from(
    { length: n },
    (_, c) =>
      Math.max(
        ...spec.body.map((row) => textWidth(row[c]!, t.size)),
        ...spec.header
          .flatMap((row) => spanned(row).filter((x) => x.col === c && x.span === 1))
          .map((x) => textWidth(x.text, t.size, 'bold')),
      ) + gutter,
  );
  if (spec.wrapColumn !== undefined)
    natural[spec.wrapColumn] = Math.min(natural[spec.wrapColumn]!, avail * 0.45);
  let total = natural.reduce((a, b) => a + b, 0);
  if (total > avail) {
    const widest = natural.indexOf(Math.max(...natural));
    natural[widest] = Math.max(50, natural[widest]! - (total - avail));
  }
  total = natural.reduce((a, b) => a + b, 0);
  if (spec.style !== 'none' && total < avail) for (let c = 0; c < n; c++) natural[c]! += (avail - total) / n;
  const widths = natural;
  const xs = [0];
  for (const w of widths) xs.push(xs.at(-1)! + w);

  type Row = {
    cells: { text: string; col: number; span: number }[];
    bold: boolean;
    lines: string[][];
    h: number;
  };
  const layoutRow = (cells: { text: string; col: number; span: number }[], bold: boolean): Row => {
    const lines = cells.map((x) =>
      wrap(x.text, xs[x.col + x.span]! - xs[x.col]! - gutter, t.size, bold ? 'bold' : 'regular'),
    );
    return {
      cells,
      bold,
      lines,
      h: Math.max(...lines.map((l) => l.length)) * t.lead + 2 * pad - (t.lead - t.size),
    };
  };
  const header = spec.header.map((row) => layoutRow(spanned(row), true));
  const body = spec.body.map((row) =>
    layoutRow(
      row.map((text, col) => ({ text, col, span: 1 })),
      false,
    ),
  );
  const headerH = header.reduce((a, r) => a + r.h, 0);
  const firstRows = headerH + body.slice(0, spec.split ? 2 : body.length).reduce((a, r) => a + r.h, 0);
  flow.ensure(firstRows);

  const logical = (row: Row) => row.cells.flatMap((x) => Array<string>(x.span).fill(x.text));
  let part = {
    page: flow.page,
    grid: [] as string[][],
    headerRows: 0,
    tops: [] as number[],
    rows: [] as Row[],
  };
  const draw = (row: Row) => {
    const x0 = flow.rect.x;
    for (const [k, cell] of row.cells.entries()) {
      const [left, right] = [x0 + xs[cell.col]!, x0 + xs[cell.col + cell.span]!];
      for (const [j, line] of row.lines[k]!.entries()) {
        const w = textWidth(line, t.size, row.bold ? 'bold' : 'regular');
        const x =
          cell.span > 1
            ? (left + right - w) / 2
            : isNumber(cell.text)
              ? right - gutter / 2 - w
              : left + gutter / 2;
        flow.doc.line(
          flow.page,
          t.size,
          x,
          flow.y + pad + t.size * 0.85 + j * t.lead,
          line,
          row.bold ? 'bold' : 'regular',
        );
      }
    }
    part.tops.push(flow.y);
    part.rows.push(row);
    part.grid.push(logical(row));
    flow.y += row.h;
  };
  const close = () => {
    rules(flow, part.tops, part.rows, flow.y, xs, spec.style, part.headerRows);
    flow.doc.tables.push({ page: part.page, grid: part.grid, headerRows: part.headerRows });
  };
  for (const row of header) draw(row);
  part.headerRows = header.length;
  for (const row of body) {
    if (spec.split && flow.y + row.h > flow.rect.bottom) {
      close();
      flow.advance();
      part = { page: flow.page, grid: [], headerRows: 0, tops: [], rows: [] };
      if (spec.repeatHeader) for (const h of header) draw(h);
      part.headerRows = spec.repeatHeader ? header.length : 0;
    }
    draw(row);
  }
  close();
  flow.gap(t.lead);
}

/** The cells of a header row with their first column. */
function spanned(row: Cell[]) {
  let col = 0;
  return row.map((cell) => {
    const out = { text: cell.text, col, span: cell.span ?? 1 };
    col += out.span;
    return out;
  });
}

function rules(
  flow: Flow,
  tops: number[],
  rows: { cells: { col: number; span: number }[] }[],
  bottom: number,
  xs: number[],
  style: TableSpec['style'],
  headerRows: number,
) {
  const page = flow.doc.page(flow.page);
  const x0 = flow.rect.x;
  const [left, right] = [x0, x0 + xs.at(-1)!];
  const edges = [...tops, bottom];
  if (style === 'grid') {
    for (const y of edges) page.rules!.push([left, y, right, y]);
    for (const [r, row] of rows.entries()) {
      // A vertical edge at each cell's left, and the table's right: none inside a spanning cell.
      for (const cell of row.cells)
        page.rules!.push([x0 + xs[cell.col]!, edges[r]!, x0 + xs[cell.col]!, edges[r + 1]!]);
      page.rules!.push([right, edges[r]!, right, edges[r + 1]!]);
    }
  } else if (style === 'booktabs') {
    page.bars!.push([left, edges[0]! - 0.4, right - left, 0.8], [left, bottom - 0.4, right - left, 0.8]);
    if (headerRows > 0) page.rules!.push([left, edges[headerRows]!, right, edges[headerRows]!]);
    // cmidrule under each spanning header cell
    for (const [r, row] of rows.slice(0, headerRows).entries())
      for (const cell of row.cells)
        if (cell.span > 1)
          page.rules!.push([
            x0 + xs[cell.col]! + 3,
            edges[r + 1]!,
            x0 + xs[cell.col + cell.span]! - 3,
            edges[r + 1]!,
          ]);
  }
}
