import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readingOrder, type TextRun } from '../pdf/layout.ts';
import { type Box, xyCut } from './xy-cut.ts';

/** A run of 10 pt text, 0.5 em a character. */
const run = (str: string, x0: number, y: number, size = 10): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
});

/** `count` lines of a column at x, from y, 12 pt apart; each line about `chars` characters. */
function column(name: string, x: number, y: number, count: number, chars = 30, size = 10): TextRun[] {
  return Array.from({ length: count }, (_, k) => {
    const head = `${name} ${String(k).padStart(2, '0')} `;
    return run(head + 'x'.repeat(Math.max(1, chars - head.length)), x, y + 1.2 * size * k, size);
  });
}

/** A fixed shuffle (stream order unrelated to reading order). */
function scrambled<T>(items: readonly T[]): T[] {
  return items
    .map((item, k) => ({ item, key: (k * 7919) % 104729 }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.item);
}

const texts = (runs: TextRun[]) =>
  readingOrder(runs).map((l) => l.text.split(' ')[0] + (l.text.split(' ')[1] ?? ''));

describe('xy-cut reading order', () => {
  it('reads three columns left to right, each top to bottom', () => {
    const runs = [...column('a', 40, 100, 30), ...column('b', 230, 100, 30), ...column('c', 420, 100, 30)];
    const order = texts(runs);
    assert.deepEqual(order.slice(0, 2), ['a00', 'a01']);
    assert.equal(order[29], 'a29');
    assert.equal(order[30], 'b00');
    assert.equal(order[60], 'c00');
    assert.equal(order.length, 90);
  });

  it('reads a full-width title and abstract first, then two columns', () => {
    const runs = [
      run('A Title Across The Whole Page Of The Paper', 120, 60, 16),
      ...column('abstract', 40, 100, 4, 100),
      ...column('left', 40, 170, 25, 46),
      ...column('right', 310, 170, 25, 46),
    ];
    const order = texts(runs);
    assert.equal(order[0], 'ATitle');
    assert.deepEqual(order.slice(1, 5), ['abstract00', 'abstract01', 'abstract02', 'abstract03']);
    assert.equal(order[5], 'left00');
    assert.equal(order[29], 'left24');
    assert.equal(order[30], 'right00');
  });

  it('reads a three-column newsletter with a masthead and a headline over two columns', () => {
    const runs = [
      run('THE VILLAGE NEWSLETTER SPRING EDITION OF THE YEAR', 60, 50, 20),
      ...column('one', 40, 100, 40),
      run('Headline over columns two and three', 230, 100, 14),
      ...column('two', 230, 130, 37),
      ...column('three', 420, 130, 37),
    ];
    const order = texts(runs);
    assert.equal(order[0], 'THEVILLAGE');
    assert.equal(order[1], 'one00');
    assert.equal(order[40], 'one39');
    assert.equal(order[41], 'Headlineover');
    assert.equal(order[42], 'two00');
    assert.equal(order[79], 'three00');
  });

  it('reads a narrow sidebar after the main column, not line by line across', () => {
    const runs = [...column('main', 40, 100, 40, 70), ...column('side', 440, 100, 15, 24, 9)];
    const order = texts(runs);
    assert.equal(order[39], 'main39');
    assert.equal(order[40], 'side00');
  });

  it('keeps a narrow margin note (9 em) apart from the text beside it', () => {
    const runs = [...column('main', 140, 100, 30, 60), ...column('note', 40, 220, 8, 18, 9)];
    const order = texts(runs);
    const first = order.indexOf('note00');
    assert.deepEqual(
      order.slice(first, first + 8),
      Array.from({ length: 8 }, (_, k) => `note0${k}`),
    );
    const main = order.filter((t) => t.startsWith('main'));
    assert.equal(main.length, 30, 'no main line merged with a note line');
    assert.deepEqual(main, [...main].sort());
  });

  it('measures a sidebar in small print in its own line heights', () => {
    // As on a BMJ article's first page: an abstract in 11.4 pt over a column whose lines, joined
    // with the sidebar's beside them, are 13 pt tall; the sidebar, 88 pt of 8 pt lines, is 7 of
    // the region's median line heights wide but 11 of its own.
    const box = (x0: number, x1: number, top: number, h: number, chars: number): Box => ({
      x0,
      x1,
      top,
      bottom: top + h,
      chars,
    });
    const boxes = [
      ...Array.from({ length: 8 }, (_, k) => box(40, 340, 100 + 13 * k, 12, 60)),
      ...Array.from({ length: 16 }, (_, k) => box(140, 340, 210 + 14 * k, 13, 45)),
      ...Array.from({ length: 9 }, (_, k) => box(40, 128, 260 + 10 * k, 8, 22)),
    ];
    const { gutters, regions } = xyCut(boxes);
    assert.ok(
      gutters.some((g) => g > 128 && g < 140),
      `the sidebar's gutter is found (got ${gutters})`,
    );
    assert.ok(regions.some((r) => r.length === 9 && r.every((b) => b.x1 === 128)));
  });

  it('reads two stacked articles with different gutters each in its own columns', () => {
    const runs = [
      ...column('tl', 40, 100, 12, 46),
      ...column('tr', 300, 100, 12, 46),
      ...column('bl', 40, 300, 15, 56),
      ...column('br', 350, 300, 15, 36),
    ];
    const order = texts(runs);
    assert.deepEqual([order[0], order[12], order[24], order[39]], ['tl00', 'tr00', 'bl00', 'br00']);
  });

  it('reads a grid of cards row by row (wide whitespace between the rows)', () => {
    const runs = [
      ...column('one', 40, 100, 6, 46),
      ...column('two', 310, 100, 6, 46),
      ...column('three', 40, 220, 6, 46),
      ...column('four', 310, 220, 6, 46),
    ];
    const order = texts(runs);
    assert.deepEqual([order[0], order[6], order[12], order[18]], ['one00', 'two00', 'three00', 'four00']);
  });

  it('reads runs given in scrambled stream order by their geometry', () => {
    const runs = [
      run('A Title Across The Whole Page Of The Paper', 120, 60, 16),
      ...column('l', 40, 100, 25),
      ...column('m', 230, 100, 25),
      ...column('r', 420, 100, 25),
    ];
    assert.deepEqual(texts(scrambled(runs)), texts(runs));
    assert.equal(texts(runs)[26], 'm00');
  });

  it('keeps right-to-left lines in their order and reads RTL columns right first', () => {
    const rtl = (r: TextRun): TextRun => ({ ...r, rtl: true });
    const line = [rtl(run('שלום', 300, 100)), rtl(run('עולם', 250, 100))];
    assert.equal(readingOrder(line)[0]?.text, 'שלום עולם');
    const runs = [...column('right', 310, 100, 25, 46), ...column('left', 40, 100, 25, 46)].map(rtl);
    const order = texts(runs);
    assert.equal(order[0], 'right00');
    assert.equal(order[25], 'left00');
  });

  it('does not cut a table (aligned narrow cells) into columns', () => {
    const runs: TextRun[] = [];
    for (let k = 0; k < 20; k++) {
      [`Item ${k}`, String(3 * k), (1.5 * k).toFixed(2), 'ok'].forEach((cell, c) => {
        runs.push(run(cell, 40 + 130 * c, 100 + 12 * k));
      });
    }
    const lines = readingOrder(runs);
    assert.equal(lines.length, 20);
    assert.equal(lines[0]?.text, 'Item 0 0 0.00 ok');
    assert.equal(lines[1]?.text, 'Item 1 3 1.50 ok');
  });

  it('orders boxes without text runs (OCR lines) the same way', () => {
    const box = (x0: number, top: number, id: string): Box & { id: string } => ({
      x0,
      x1: x0 + 150,
      top,
      bottom: top + 10,
      chars: 30,
      id,
    });
    const boxes = [];
    for (let k = 0; k < 12; k++) boxes.push(box(40, 100 + 12 * k, `a${k}`), box(260, 100 + 12 * k, `b${k}`));
    const { regions, gutters } = xyCut(boxes);
    assert.equal(gutters.length, 1);
    const ids = regions.flatMap((r) => [...r].sort((x, y) => x.top - y.top).map((b) => b.id));
    assert.deepEqual(ids.slice(11, 13), ['a11', 'b0']);
  });
});
