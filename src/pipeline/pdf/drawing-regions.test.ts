import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePdf, type PdfPageSpec } from '../testing/fixtures.ts';
import type { Block } from '../types.ts';
import { extractPdf } from './extract.ts';

const H = 792;
/** A point given from the top of the page, in PDF user space. */
const pt = (x: number, yFromTop: number) => `${x} ${H - yFromTop}`;

const body = (top: number, count: number): PdfPageSpec['lines'] =>
  Array.from({ length: count }, (_, k) => [
    10,
    72,
    top + 12 * k,
    `Body line ${k + 1} of a paragraph that runs across the whole column of the page.`,
  ]);

async function blocksOf(page: PdfPageSpec): Promise<Block[]> {
  const { pages } = await extractPdf(makePdf([page]), () => {});
  return pages[0]!.blocks ?? [];
}

describe('vector figures', () => {
  it('makes a chart of paths (axes, bars, a polyline, tick labels) one figure block with its caption', async () => {
    // Plot area x 150–450, y 200–400 from the top.
    const bars = [170, 230, 290, 350].map((x, k) => `${pt(x, 400)} 40 ${60 + 30 * k} re f`);
    const line = [
      [160, 380],
      [220, 330],
      [280, 300],
      [340, 250],
      [440, 210],
    ];
    const polyline = `${line.map(([x, y], k) => `${pt(x!, y!)} ${k === 0 ? 'm' : 'l'}`).join(' ')} S`;
    const ticks = [150, 250, 350, 450].map((x) => `${pt(x, 400)} m ${pt(x, 404)} l S`);
    const blocks = await blocksOf({
      lines: [
        ...body(100, 3),
        [8, 147, 414, '0'],
        [8, 247, 414, '10'],
        [8, 347, 414, '20'],
        [8, 445, 414, '30'],
        [8, 138, 403, '0'],
        [8, 132, 303, '50'],
        [8, 126, 205, '100'],
        [10, 150, 440, 'Figure 1: Requests served per hour by the four workers.'],
        ...body(480, 3),
      ],
      ops: [
        '0.4 0.5 0.8 rg',
        ...bars,
        '0 0 0 RG 1 w',
        `${pt(150, 200)} m ${pt(150, 400)} l ${pt(450, 400)} l S`,
        ...ticks,
        '1 0 0 RG 1.5 w',
        polyline,
      ],
    });
    const figures = blocks.filter((b) => b.type === 'figure');
    assert.equal(figures.length, 1, JSON.stringify(blocks.map((b) => [b.type, b.text])));
    const figure = figures[0]!;
    assert.equal(figure.caption, 'Figure 1: Requests served per hour by the four workers.');
    assert.equal(figure.name, 'p1-1.png');
    // Around the plot and its tick labels, not the caption or the body text.
    const [x0, y0, x1, y1] = figure.bbox!;
    assert.ok(x0 >= 120 && x0 <= 150, `x0 ${x0}`);
    assert.ok(y0 >= 190 && y0 <= 200, `y0 ${y0}`);
    assert.ok(x1 >= 450 && x1 <= 465, `x1 ${x1}`);
    assert.ok(y1 >= 400 && y1 <= 420, `y1 ${y1}`);
    // In reading order: after the text above, before the text below; the caption left the flow.
    const types = blocks.map((b) => b.type);
    assert.equal(types.indexOf('figure'), 1);
    assert.ok(!blocks.some((b) => b.type === 'paragraph' && b.text.startsWith('Figure 1')));
  });

  it('finds no figure in a ruled table with a shaded header row', async () => {
    const rows = [200, 220, 240, 260, 280];
    const cols = [100, 250, 400, 500];
    const rules: [number, number, number, number][] = [
      ...rows.map((y): [number, number, number, number] => [100, y, 500, y]),
      ...cols.map((x): [number, number, number, number] => [x, 200, x, 280]),
    ];
    const cells: PdfPageSpec['lines'] = [];
    for (const [r, y] of rows.slice(0, -1).entries())
      for (const [c, x] of cols.slice(0, -1).entries())
        cells.push([9, x + 4, y + 14, r === 0 ? `Head ${c}` : `${r * 10 + c}.5`]);
    const blocks = await blocksOf({
      lines: [...body(100, 3), ...cells, ...body(320, 3)],
      rules,
      ops: ['0.85 g', ...cols.slice(0, -1).map((x, k) => `${pt(x, 220)} ${cols[k + 1]! - x} 20 re f`), '0 g'],
    });
    assert.deepEqual(
      blocks.filter((b) => b.type === 'figure'),
      [],
    );
    assert.ok(blocks.some((b) => b.type === 'table'));
  });

  it('finds no figure in a shaded box with rounded corners behind a paragraph (a sidebar)', async () => {
    // Box x 60–552, y 206–268 from the top (6 pt of padding), corners rounded with curves; its text
    // stays under figures.ts's 300 characters, so only the text cover rule tells it from a figure.
    const [l, r, t, b, k] = [60, 552, 206, 268, 8];
    const rounded = [
      `${pt(l + k, t)} m ${pt(r - k, t)} l ${pt(r, t)} ${pt(r, t)} ${pt(r, t + k)} c`,
      `${pt(r, b - k)} l ${pt(r, b)} ${pt(r, b)} ${pt(r - k, b)} c`,
      `${pt(l + k, b)} l ${pt(l, b)} ${pt(l, b)} ${pt(l, b - k)} c`,
      `${pt(l, t + k)} l ${pt(l, t)} ${pt(l, t)} ${pt(l + k, t)} c h f`,
    ].join(' ');
    const blocks = await blocksOf({
      lines: [...body(100, 3), [12, 72, 220, 'Note', 'bold'], ...body(236, 3), ...body(340, 3)],
      ops: ['0.9 0.9 0.95 rg', rounded, '0 g'],
    });
    assert.deepEqual(
      blocks.filter((b) => b.type === 'figure'),
      [],
    );
  });
});
