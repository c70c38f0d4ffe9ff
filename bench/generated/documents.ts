/**
 * The document kinds: papers (2-3 columns under a full-width title and abstract), newsletters
 * (a banner, two columns and a boxed sidebar, then three columns), reports (one column, chapters,
 * tables, a table over a page break) and manuals (numbered steps, notes, a spec table). Page
 * size, margins, fonts and furniture vary with the seed.
 */
import { type Ctx, captionedTable, full, furnish, listItems, sections, tableData } from './blocks.ts';
import { Doc, Flow, heading, list, paragraph, type Rect } from './layout.ts';

const sizes = { letter: [612, 792], a4: [595, 842] } as const;

/** Equal columns between the margins, from `top` down. */
function columns(x: number, width: number, n: number, gutter: number, top: number, bottom: number): Rect[] {
  const w = (width - (n - 1) * gutter) / n;
  return Array.from({ length: n }, (_, k) => ({ x: x + k * (w + gutter), top, width: w, bottom }));
}

interface Page {
  doc: Doc;
  margin: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

function newDoc(c: Ctx): Page {
  const size = c.rng.chance(0.5) ? sizes.letter : sizes.a4;
  return {
    doc: new Doc(size),
    margin: c.rng.int(48, 78),
    top: c.rng.int(64, 84),
    bottom: c.rng.int(62, 80),
    width: size[0],
    height: size[1],
  };
}

/** Full-width lines at the top of page 1 (title, byline, abstract); returns where the columns start. */
function fullWidth(c: Ctx, g: Page, title: string, byline: string, abstract?: string): number {
  const flow = new Flow(g.doc, 'front', () => [
    { x: g.margin, top: g.top, width: g.width - 2 * g.margin, bottom: g.height - g.bottom },
  ]);
  const size = c.rng.int(17, 22);
  heading(flow, title, { size, lead: size * 1.2 }, 1, 0);
  paragraph(flow, [byline], { ...c.body, style: 'italic' }, 'byline');
  if (abstract) {
    const label = { size: c.body.size + 1, lead: c.body.lead, style: 'bold' as const };
    heading(flow, c.L.abstract, label, 2, 2 * c.body.lead);
    paragraph(flow, c.w.sentences(3, 5), c.body, 'sentence', 0);
  }
  return flow.y + 10;
}

export function paper(c: Ctx, pages: number): Doc {
  const g = newDoc(c);
  const n = c.rng.chance(0.7) ? 2 : 3;
  const journal = c.rng.pick(c.L.journals);
  const title = `${c.w.phrase()}`;
  const authors = c.rng.sample(c.L.authors, c.rng.int(2, 3)).join(', ');
  const start = fullWidth(c, g, title, authors, c.w.sentence());
  const gutter = c.rng.int(14, 24);
  const frames = (p: number) =>
    columns(g.margin, g.width - 2 * g.margin, n, gutter, p === 0 ? start : g.top, g.height - g.bottom);
  const flow = new Flow(g.doc, 'main', frames);
  const h = { size: c.body.size + 2, lead: (c.body.size + 2) * 1.2 };
  sections(c, flow, {
    done: () => full(flow, pages, n),
    h1: h,
    h2: { ...h, size: c.body.size + 0.5 },
    tables: n === 2 ? ['quarter'] : [],
    narrow: true,
  });
  furnish(g.doc, c, {
    margin: g.margin,
    top: g.top,
    bottom: g.bottom,
    left: journal,
    footer: c.rng.pick([2, 2, 1]),
    skipFirst: c.rng.chance(0.5),
  });
  return g.doc;
}

export function newsletter(c: Ctx, pages: number): Doc {
  const g = newDoc(c);
  const name = c.rng.pick(c.L.newsletters);
  const issue = c.L.issue(c.rng.int(3, 48));
  const flowFront = new Flow(g.doc, 'front', () => [
    { x: g.margin, top: g.top, width: g.width - 2 * g.margin, bottom: 400 },
  ]);
  heading(flowFront, name, { size: 26, lead: 30 }, 1, 0);
  paragraph(flowFront, [issue], c.body, 'byline');
  g.doc.page(0).bars!.push([g.margin, flowFront.y, g.width - 2 * g.margin, 2]);
  const start = flowFront.y + 14;
  const inner = g.width - 2 * g.margin;
  const sideW = Math.round(inner * 0.28);
  const mainCols = (p: number) =>
    p === 0
      ? columns(g.margin, inner - sideW - 16, 2, 14, start, g.height - g.bottom)
      : columns(g.margin, inner, 3, 14, g.top, g.height - g.bottom);
  const flow = new Flow(g.doc, 'main', mainCols);
  // The sidebar: its own story in a ruled box on page 1, read apart from the articles.
  const box: Rect = {
    x: g.width - g.margin - sideW + 6,
    top: start + 6,
    width: sideW - 12,
    bottom: g.height - g.bottom - 6,
  };
  const side = new Flow(g.doc, 'sidebar', () => [box]);
  const hs = { size: c.body.size + 1, lead: c.body.lead * 1.1, style: 'bold' as const };
  heading(side, c.L.inIssue, hs, 3, 2 * c.body.lead);
  list(
    side,
    Array.from({ length: c.rng.int(3, 4) }, () => ({ level: 0, text: c.w.phrase() })),
    c.body,
    false,
  );
  heading(side, c.L.dates, hs, 3, 2 * c.body.lead);
  paragraph(side, c.w.sentences(2, 3), c.body);
  g.doc.page(0).rules!.push(
    ...([
      [box.x - 6, start, box.x + box.width + 6, start],
      [box.x - 6, side.y + 2, box.x + box.width + 6, side.y + 2],
      [box.x - 6, start, box.x - 6, side.y + 2],
      [box.x + box.width + 6, start, box.x + box.width + 6, side.y + 2],
    ] as [number, number, number, number][]),
  );
  const h = { size: c.body.size + 4, lead: (c.body.size + 4) * 1.15 };
  sections(c, flow, {
    done: () => full(flow, pages, pages === 1 ? 2 : 3),
    h1: h,
    h2: h,
    tables: [],
    narrow: true,
    numbered: false,
  });
  const footer = c.rng.pick([0, 1, 2]);
  furnish(g.doc, c, {
    margin: g.margin,
    top: g.top,
    bottom: g.bottom,
    left: `${name} · ${issue}`,
    footer,
    skipFirst: true,
  });
  return g.doc;
}

function chapterHeads(c: Ctx) {
  const byPage: string[] = [];
  let current = '';
  let count = 0;
  return {
    onChapter: (title: string, page: number) => {
      current = c.L.chapter(++count, title);
      byPage[page] ??= current;
    },
    /** The chapter open at the page's top, or the first one starting on it. */
    right: (p: number) => {
      for (let q = p; q >= 0; q--) if (byPage[q]) return byPage[q];
      return current || undefined;
    },
  };
}

export function report(c: Ctx, pages: number, tables: ('quarter' | 'merged' | 'items' | 'log')[]): Doc {
  const g = newDoc(c);
  const title = c.rng.pick(c.L.reports);
  const org = c.rng.pick(c.L.orgs);
  const start = fullWidth(
    c,
    g,
    `${title}: ${c.w.phrase()}`,
    `${org} · ${c.rng.int(1, 28)}.${c.rng.int(1, 12)}.2024`,
  );
  const flow = new Flow(g.doc, 'main', (p) => [
    { x: g.margin, top: p === 0 ? start : g.top, width: g.width - 2 * g.margin, bottom: g.height - g.bottom },
  ]);
  const heads = chapterHeads(c);
  const h1 = { size: c.body.size + 5, lead: (c.body.size + 5) * 1.25 };
  const h2 = { size: c.body.size + 1.5, lead: (c.body.size + 1.5) * 1.25 };
  sections(c, flow, {
    done: () => full(flow, pages, 1),
    h1,
    h2,
    tables,
    narrow: false,
    onChapter: heads.onChapter,
  });
  furnish(g.doc, c, {
    margin: g.margin,
    top: g.top,
    bottom: g.bottom,
    left: org,
    right: heads.right,
    footer: c.rng.pick([0, 0, 1]),
    watermark: c.rng.chance(0.4),
    skipFirst: c.rng.chance(0.3),
  });
  return g.doc;
}

export function manual(c: Ctx, pages: number): Doc {
  const g = newDoc(c);
  const model = `${c.rng.pick(['K', 'TX', 'HV', 'M'])}-${c.rng.int(10, 90)}`;
  const kind = c.rng.pick(c.L.manuals);
  const start = fullWidth(c, g, `${kind} ${model}`, c.rng.pick(c.L.orgs));
  const flow = new Flow(g.doc, 'main', (p) => [
    { x: g.margin, top: p === 0 ? start : g.top, width: g.width - 2 * g.margin, bottom: g.height - g.bottom },
  ]);
  const h1 = { size: c.body.size + 4, lead: (c.body.size + 4) * 1.25 };
  const h2 = { size: c.body.size + 1, lead: (c.body.size + 1) * 1.25 };
  let chapter = 0;
  let spec = false;
  const names = c.rng.sample(c.w.sections, 12);
  while (!full(flow, pages, 1) && names.length > 0) {
    heading(flow, `${++chapter} ${names.pop()}`, h1, 1, 3 * c.body.lead);
    paragraph(flow, c.w.sentences(2, 3), c.body);
    if (!spec) {
      spec = true;
      captionedTable(c, flow, tableData(c, 'spec', false));
    }
    heading(flow, `${chapter}.1 ${names.pop() ?? ''}`.trim(), h2, 2, 3 * c.body.lead);
    list(flow, c.rng.chance(0.7) ? steps(c) : listItems(c), c.body, true);
    if (c.rng.chance(0.5))
      paragraph(flow, [`${c.L.note} ${c.w.sentence()}`], { ...c.body, style: 'italic' }, 'note');
    if (c.rng.chance(0.3)) paragraph(flow, [c.L.warning], { ...c.body, style: 'bold' }, 'note');
    if (c.rng.chance(0.3))
      for (const cmd of [`set pressure ${c.rng.int(2, 9)}.${c.rng.int(0, 9)}`, 'save --all'])
        flow.text(cmd, c.body.size, c.body.lead, 'mono', 12);
  }
  furnish(g.doc, c, {
    margin: g.margin,
    top: g.top,
    bottom: g.bottom,
    right: () => `${model} · ${kind}`,
    footer: c.rng.pick([1, 2]),
  });
  return g.doc;
}

/** Numbered steps with bulleted details. */
function steps(c: Ctx) {
  return Array.from({ length: c.rng.int(3, 5) }, () => [
    { level: 0, text: c.w.sentence() },
    ...(c.rng.chance(0.35) ? [{ level: 1, text: c.w.phrase() }] : []),
  ]).flat();
}

/** Lines for a one-page scan: a report page without pictures, at a size OCR reads. */
export function scanPage(c: Ctx): Doc {
  const doc = report({ ...c, images: [] }, 1, []);
  return doc;
}
