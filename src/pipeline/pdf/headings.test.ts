import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePdf } from '../testing/fixtures.ts';
import { blocksMarkdown, bodyFontSize, buildBlocks, headingLevels } from './blocks.ts';
import { extractPdf } from './extract.ts';
import { groupLines, type TextRun } from './layout.ts';

/** A run in the body font ("body"), a bold one ("bold") or a fixed-pitch one ("mono"). */
const run = (str: string, x0: number, y: number, font = 'body', size = 10): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
  font,
  ...(font === 'mono' ? { mono: true } : {}),
});

const PROSE = [
  'The quick brown fox jumps over the lazy dog while the band plays on and',
  'the crowd listens from the square, where nobody has seen a fox before now.',
  'It is a long paragraph so that body text outweighs every other font here.',
];

type Row = TextRun[] | [string, string?, number?] | 'gap';

/** Lines 12 pt apart ('gap' leaves one empty); each line is one run unless given as several. */
function page(rows: Row[]): TextRun[] {
  const runs: TextRun[] = [];
  let y = 60;
  for (const row of rows) {
    y += 12;
    if (row === 'gap') continue;
    if (typeof row[0] === 'string') {
      const [text, font, x] = row as [string, string?, number?];
      runs.push(run(text, x ?? 50, y, font));
    } else {
      for (const r of row as TextRun[]) runs.push({ ...r, y });
    }
  }
  return runs;
}

function markdown(runs: TextRun[]): string {
  const lines = groupLines(runs);
  const levelOf = headingLevels([lines], bodyFontSize([lines]));
  return blocksMarkdown(buildBlocks(lines, levelOf));
}

const prose: Row[] = PROSE.map((t) => [t] as [string]);

describe('pdf headings, lists and code', () => {
  it('marks a bold line that leads into body text as a heading, below the size levels', () => {
    const md = markdown(
      page([[run('A Big Title', 50, 0, 'body', 16)], ...prose, 'gap', ['Methods', 'bold'], ...prose]),
    );
    assert.match(md, /\n## Methods\n/);
  });

  it('marks numbered sections and standalone section words, in any font', () => {
    const md = markdown(
      page([
        ['Abstract'],
        ...prose,
        ['1 Introduction'],
        ...prose,
        ['2.1 The Method'],
        ...prose,
        ['Références'],
        ...prose,
      ]),
    );
    assert.match(md, /^# Abstract\n/);
    assert.match(md, /\n# 1 Introduction\n/);
    assert.match(md, /\n## 2\.1 The Method\n/);
    assert.match(md, /\n# Références\n/);
  });

  it('marks a bold title of a caseless script, a little bigger than the body, as a heading', () => {
    // Arabic has no capitals; 11 words at 1.1x the body size is a title, not a bold sentence.
    const title = 'تحسين الإنتاجية وحل المشكلات من خلال البرمجة بلغة R و Python';
    const md = markdown(page([[run(title, 50, 0, 'bold', 11)], 'gap', ...prose, 'gap', ...prose]));
    assert.match(md, /^# تحسين/);
    // The same words at body size stay a paragraph: ten words is the limit for bold alone.
    const plain = markdown(page([[run(title, 50, 0, 'bold', 10)], 'gap', ...prose, 'gap', ...prose]));
    assert.doesNotMatch(plain, /^#/);
  });

  it('takes "2 Results" for a section and "03 Mar 2018 18:22" for a date', () => {
    const md = markdown(page([['2 Results'], ...prose, 'gap', ['03 Mar 2018 18:22'], ...prose]));
    assert.match(md, /^#+ 2 Results$/m);
    assert.doesNotMatch(md, /^#+ 03 Mar/m);
  });

  it('leaves a bold word in a paragraph, a bold caption-like label and a numbered list item alone', () => {
    const rows = page([
      ...prose,
      [run('Note', 50, 0, 'bold'), run('that this sentence has one bold word in it and goes on.', 75, 0)],
      ['Figure 3 Bold label', 'bold'],
      ...prose,
      'gap',
      [run('Name', 50, 0, 'bold'), run('Count', 150, 0, 'bold'), run('Price', 250, 0, 'bold')],
      ...prose,
      ['Signed on as ALICE', 'bold'],
      ['USER = ALICE', 'bold'],
      ['1. Buy milk'],
      ...prose,
    ]);
    const md = markdown(rows);
    assert.doesNotMatch(md, /^#/m, md);
  });

  it('does not take a paragraph set bigger than the small print under it for headings', () => {
    const big = (t: string): Row => [run(t, 50, 0, 'body', 12)];
    const rows: Row[] = [];
    for (let k = 0; k < 4; k++) rows.push(...PROSE.map(big), 'gap');
    for (let k = 0; k < 12; k++) rows.push(...prose);
    assert.doesNotMatch(markdown(page(rows)), /^#/m);
  });

  it('nests list items by indent, two spaces a level', () => {
    const md = markdown(
      page([
        ...prose,
        ['• Fruit'],
        ['◦ Apples', 'body', 68],
        ['◦ Pears', 'body', 68],
        ['• Vegetables'],
        'gap',
        ...prose,
      ]),
    );
    assert.match(md, /\n- Fruit\n {2}- Apples\n {2}- Pears\n- Vegetables\n/);
  });

  it('fences two or more fixed-pitch lines as code, keeping their indent', () => {
    const md = markdown(
      page([
        ...prose,
        ['function add(a, b) {', 'mono'],
        ['return a + b;', 'mono', 62],
        ['}', 'mono'],
        ...prose,
      ]),
    );
    assert.match(md, /\n```\nfunction add\(a, b\) \{\n {2}return a \+ b;\n\}\n```\n/);
  });

  it('reads bold headings, lists and code out of a real PDF', async () => {
    const body = PROSE.map((t) => [10, 72, 0, t] as [number, number, number, string]);
    const lines: [number, number, number, string, ('bold' | 'mono')?][] = [
      [18, 72, 60, 'Field Guide'],
      [10, 72, 90, 'Abstract', 'bold'],
      ...body,
      [10, 72, 0, 'Getting Started', 'bold'],
      ...body,
      [10, 72, 0, '- first step'],
      [10, 90, 0, '- a detail of it'],
      [10, 72, 0, 'npm install docjobs', 'mono'],
      [10, 72, 0, 'npm start', 'mono'],
      ...body,
    ];
    lines.forEach((l, k) => {
      if (k >= 2) l[2] = 90 + 14 * (k - 1);
    });
    const { pages } = await extractPdf(makePdf([{ lines }]), () => {});
    const md = pages[0]!.markdown;
    assert.match(md, /^# Field Guide\n\n## Abstract\n/, md);
    assert.match(md, /\n## Getting Started\n/, md);
    assert.match(md, /\n- first step\n {2}- a detail of it\n/, md);
    assert.match(md, /\n```\nnpm install docjobs\nnpm start\n```\n/, md);
    assert.equal(pages[0]!.blocks.filter((b) => b.type === 'heading').length, 3);
  });
});
