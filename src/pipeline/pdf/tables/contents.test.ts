import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBlocks } from '../blocks.ts';
import { groupLines, type TextRun } from '../layout.ts';

const SIZE = 10;
const width = (s: string) => s.length * SIZE * 0.5;
const run = (str: string, x0: number, y: number): TextRun => ({
  str,
  x0,
  x1: x0 + width(str),
  y,
  size: SIZE,
});
/** One contents line: title, a dot leader up to the page number, the number set flush right at 547. */
const entry = (title: string, page: string, y: number, x0 = 137): TextRun[] => {
  const titleEnd = x0 + width(title);
  const pageX0 = 547 - width(page);
  const dots = ' .'.repeat(Math.floor((pageX0 - titleEnd - 4) / width(' .')));
  return [run(title, x0, y), run(dots, titleEnd, y), run(page, pageX0 + 1, y)];
};
const noHeadings = () => null;
const texts = (rows: string[][] | undefined) => rows?.map((r) => r.join(' | '));

describe('tables of contents', () => {
  it('reads entries with dot leaders as rows of title and page, without the leaders', () => {
    const runs = [
      run('Contents', 65, 90),
      ...entry('Notices', 'vii', 140),
      ...entry('Preface', 'xi', 152),
      ...entry('Chapter 1. Securing data', '1', 175),
      ...entry('1.1 Security fundamentals.', '2', 187, 151),
      ...entry('1.2 Current state', '12', 199, 151),
      run('A paragraph after the contents.', 65, 240),
    ];
    const blocks = buildBlocks(groupLines(runs), noHeadings);
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['paragraph', 'table', 'paragraph'],
    );
    const table = blocks[1]!;
    assert.deepEqual(texts(table.rows), [
      'Notices | vii',
      'Preface | xi',
      'Chapter 1. Securing data | 1',
      '1.1 Security fundamentals | 2',
      '1.2 Current state | 12',
    ]);
    assert.equal(table.headerRows, 0);
    const page = table.cells!.find((c) => c.text === '12')!;
    assert.ok(page.bbox![0] > 500, `page cell starts at ${page.bbox![0]}`);
  });

  it('joins a title wrapped onto a second line, and keeps a short line without a page as its own row', () => {
    const long = 'A section title that is long enough to wrap onto the next line of it';
    const runs = [
      ...entry('Chapter 1. Overview', '1', 140),
      run('Part II', 137, 152),
      ...entry('Chapter 2. Details', '5', 164),
      run(long, 151, 176),
      ...entry('and its ending', '9', 188, 165),
    ];
    const table = buildBlocks(groupLines(runs), noHeadings)[0]!;
    assert.equal(table.type, 'table');
    assert.deepEqual(texts(table.rows), [
      'Chapter 1. Overview | 1',
      'Part II | ',
      'Chapter 2. Details | 5',
      `${long} and its ending | 9`,
    ]);
  });

  it('leaves two lines ending in leaders, and leaders whose numbers do not line up, as text', () => {
    const two = [
      ...entry('Notices', 'vii', 140),
      ...entry('Preface', 'xi', 152),
      run('Then prose.', 137, 164),
    ];
    assert.ok(buildBlocks(groupLines(two), noHeadings).every((b) => b.type !== 'table'));
    const ragged = [
      run('Wait . . . . 3', 137, 140),
      run('and then some more words . . . . 4', 137, 152),
      run('Short . . . 5', 137, 164),
    ];
    assert.ok(buildBlocks(groupLines(ragged), noHeadings).every((b) => b.type !== 'table'));
  });

  it('reads entries without leaders when the page numbers are flush right and never go back', () => {
    // The number set flush right at 547, a wide gap after the title.
    const gapped = (title: string, page: string, y: number) => [
      run(title, 137, y),
      run(page, 547 - width(page), y),
    ];
    const contents = [
      ...gapped('Preface', 'v', 140),
      ...gapped('1 Introduction', '1', 152),
      ...gapped('2 Methods', '7', 164),
      ...gapped('3 Results', '12', 176),
    ];
    const table = buildBlocks(groupLines(contents), noHeadings)[0]!;
    assert.equal(table.type, 'table');
    assert.deepEqual(texts(table.rows), [
      'Preface | v',
      '1 Introduction | 1',
      '2 Methods | 7',
      '3 Results | 12',
    ]);
    // The same lines with numbers that go back are a list of amounts, not contents.
    const amounts = [
      ...gapped('Coffee', '4', 140),
      ...gapped('Sandwich', '9', 152),
      ...gapped('Water', '2', 164),
      ...gapped('Cake', '5', 176),
    ];
    assert.ok(buildBlocks(groupLines(amounts), noHeadings).every((b) => b.type !== 'table'));
  });
});
