/**
 * Content shared by the document kinds: tables of plausible data, a running head and footer on
 * every page, and the loop that fills a flow with sections until the planned pages are used.
 */
import { type Labels, labelsOf } from './labels.ts';
import { type Doc, type Flow, figure, heading, list, paragraph, type TextStyle } from './layout.ts';
import type { TableSpec } from './table.ts';
import type { Lang, Rng, Writer } from './text.ts';

export interface Ctx {
  rng: Rng;
  lang: Lang;
  w: Writer;
  L: Labels;
  body: TextStyle;
  images: { jpeg: Uint8Array; width: number; height: number }[];
  figures: number;
  tables: number;
}

export function makeCtx(rng: Rng, lang: Lang, w: Writer, bodySize: number, images: Ctx['images']): Ctx {
  return {
    rng,
    lang,
    w,
    L: labelsOf[lang],
    body: { size: bodySize, lead: bodySize * 1.25 },
    images,
    figures: 0,
    tables: 0,
  };
}

/** Distinct values in [lo, hi]: a cell's text then names one cell. */
function values(rng: Rng, n: number, lo: number, hi: number): number[] {
  const out = new Set<number>();
  while (out.size < n) out.add(rng.int(lo, hi));
  return [...out];
}

export type TableKind = 'quarter' | 'merged' | 'items' | 'spec' | 'log';

/** A table of the given kind; `columnsFit` narrows wide ones for a narrow column. */
export function tableData(c: Ctx, kind: TableKind, narrow: boolean): TableSpec {
  const { rng, L } = c;
  const num = L.number;
  if (kind === 'quarter') {
    const cols = narrow ? 3 : 5;
    const rows = rng.sample(L.regions, rng.int(3, 6)).map((region) => {
      const v = values(rng, cols - 1, 120, 9800);
      return [region, ...v.map(num), ...(narrow ? [] : [num(v.reduce((a, b) => a + b, 0))])];
    });
    const header = narrow ? L.quarter.slice(0, cols) : L.quarter;
    return {
      header: [header.map((text) => ({ text }))],
      body: rows,
      style: rng.pick(['grid', 'booktabs', 'none'] as const),
    };
  }
  if (kind === 'merged') {
    const [site, a, b] = L.merged as [string, string, string];
    const rows = rng.sample(L.sites, rng.int(3, 5)).map((s) => [s, ...values(rng, 4, 40, 4800).map(num)]);
    return {
      header: [
        [{ text: '' }, { text: '2022', span: 2 }, { text: '2023', span: 2 }],
        [site, a, b, a, b].map((text) => ({ text })),
      ],
      body: rows,
      style: rng.pick(['grid', 'booktabs'] as const),
    };
  }
  if (kind === 'items') {
    const rows = Array.from({ length: rng.int(3, 5) }, (_, k) => [
      `K-${rng.int(10, 99)}-${100 + k * 7 + rng.int(0, 6)}`,
      c.w.phrase(),
      String(rng.int(1, 40)),
      num(rng.int(12, 980) + 0.5),
    ]);
    return { header: [L.items.map((text) => ({ text }))], body: rows, style: 'grid', wrapColumn: 1 };
  }
  if (kind === 'spec') {
    const units = ['V', 'kW', 'bar', 'l/min', 'dB(A)', 'kg', '°C', 'IP'];
    const rows = rng
      .sample([...L.params.keys()], rng.int(4, 7))
      .map((i) => [L.params[i]!, String(rng.int(2, 400)), units[i]!]);
    return {
      header: [L.spec.map((text) => ({ text }))],
      body: rows,
      style: rng.pick(['none', 'booktabs'] as const),
    };
  }
  const start = Date.UTC(2024, rng.int(0, 8), 1);
  const rows = Array.from({ length: rng.int(26, 34) }, (_, k) => {
    const date = new Date(start + k * 86_400_000 * rng.int(1, 2)).toISOString().slice(0, 10);
    return [String(k + 1), date, rng.pick(L.sites), num(rng.int(1000, 99_999) / 10), rng.pick(L.status)];
  });
  return {
    header: [L.log.map((text) => ({ text }))],
    body: rows,
    style: rng.pick(['grid', 'booktabs'] as const),
    split: true,
    repeatHeader: rng.chance(0.5),
  };
}

/** A table with its caption above ("Table 2: …"); the log table is placed low so it must break. */
export function captionedTable(c: Ctx, flow: Flow, spec: TableSpec) {
  const caption = `${c.L.table} ${++c.tables}: ${c.w.phrase()}`;
  flow.ensure(6 * c.body.lead); // the caption stays with the table's first rows
  paragraph(flow, [caption], { ...c.body, style: 'bold' }, 'caption');
  table(flow, spec, { size: c.body.size - 1, lead: (c.body.size - 1) * 1.2 });
}

import { table } from './table.ts';

/** A running head (left and/or right) and a footer on every page; `chapterOf(p)` names the chapter at the page's top. */
export function furnish(
  doc: Doc,
  c: Ctx,
  o: {
    margin: number;
    top: number;
    bottom: number;
    left?: string;
    right?: (p: number) => string | undefined;
    footer: number;
    watermark?: boolean;
    skipFirst?: boolean;
  },
) {
  const [width, height] = doc.size;
  const n = doc.pages.length;
  const form = c.L.pageForms[o.footer]!;
  const size = c.body.size - 1.5;
  for (let p = 0; p < n; p++) {
    if (!(o.skipFirst && p === 0)) {
      if (o.left) doc.furnish(p, size, o.margin, o.top - 20, o.left, 'italic');
      const right = o.right?.(p);
      if (right)
        doc.furnish(p, size, width - o.margin - textWidthApprox(right, size), o.top - 20, right, 'italic');
      if (o.left || right) doc.page(p).rules!.push([o.margin, o.top - 14, width - o.margin, o.top - 14]);
    }
    const number = form(p + 1, n);
    doc.furnish(p, size, (width - textWidthApprox(number, size)) / 2, height - o.bottom + 28, number);
    if (o.watermark) doc.furnish(p, size, o.margin, height - o.bottom + 44, c.L.confidential, 'bold');
  }
}

import { textWidth } from './layout.ts';

const textWidthApprox = (s: string, size: number) => textWidth(s, size, 'italic');

/** Whether the flow has used its planned pages: on the last one, in its last column, with under a third left. */
export function full(flow: Flow, pages: number, columns: number): boolean {
  const height = flow.rect.bottom - flow.frames(flow.page)[0]!.top;
  return (
    flow.page > pages - 1 || (flow.page === pages - 1 && flow.col === columns - 1 && flow.room() < height / 3)
  );
}

/**
 * Numbered sections ("2 Results", "2.1 Method") of paragraphs, with lists, a figure and tables
 * mixed in at random, until `done()`. `onChapter` hears each top-level heading (running heads).
 */
export function sections(
  c: Ctx,
  flow: Flow,
  o: {
    done: () => boolean;
    h1: TextStyle;
    h2: TextStyle;
    tables: TableKind[];
    narrow: boolean;
    onChapter?: (title: string, page: number) => void;
    numbered?: boolean;
  },
) {
  const names = c.rng.sample(c.w.sections, c.w.sections.length);
  let chapter = 0;
  let sub = 0;
  const tables = [...o.tables];
  while (!o.done() && names.length > 0) {
    const top = chapter === 0 || sub >= c.rng.int(1, 3);
    const name = names.pop()!;
    if (top) {
      chapter++;
      sub = 0;
    } else sub++;
    const number = top ? `${chapter}` : `${chapter}.${sub}`;
    const text = o.numbered === false ? name : `${number} ${name}`;
    heading(flow, text, top ? o.h1 : o.h2, top ? 1 : 2, 3 * c.body.lead);
    if (top) o.onChapter?.(name, flow.page);
    for (let k = c.rng.int(1, 3); k > 0 && !o.done(); k--) {
      paragraph(flow, c.w.sentences(2, 5), c.body);
      const r = c.rng.next();
      if (r < 0.15) list(flow, listItems(c), c.body, c.rng.chance(0.4));
      else if (r < 0.27 && c.figures < 2 && c.images.length > 0) {
        const caption = `${c.L.figure} ${c.figures + 1}: ${c.w.phrase()}`;
        if (
          figure(flow, c.rng.pick(c.images), caption, { ...c.body, size: c.body.size - 1, style: 'italic' })
        )
          c.figures++;
      } else if (r < 0.45 && tables.length > 0)
        captionedTable(c, flow, tableData(c, tables.shift()!, o.narrow));
    }
  }
}

/** Two to five items, some with a nested item or two; each item a sentence or a phrase. */
export function listItems(c: Ctx) {
  const items: { level: number; text: string }[] = [];
  for (let k = c.rng.int(2, 5); k > 0; k--) {
    items.push({ level: 0, text: c.rng.chance(0.5) ? c.w.sentence() : c.w.phrase() });
    if (c.rng.chance(0.3))
      for (let j = c.rng.int(1, 2); j > 0; j--) items.push({ level: 1, text: c.w.phrase() });
  }
  return items;
}
