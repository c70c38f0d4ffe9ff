import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { BoundingBox, OcrLine, ParsedPage } from '../types.ts';
import { findBlanks } from './blank-finder.ts';
import { pageShapes } from './page-shapes.ts';

/** A page of lines, each a list of [text, x0, x1] on one row at `top`. */
function page(rows: { top: number; words: [string, number, number][] }[]): ParsedPage {
  const lines: OcrLine[] = rows.map(({ top, words }) => {
    const boxes = words.map(([text, x0, x1]) => ({
      text,
      bbox: [x0, top, x1, top + 10] as BoundingBox,
      confidence: 1,
    }));
    return {
      text: words.map((w) => w[0]).join(' '),
      bbox: [boxes[0]!.bbox[0], top, boxes.at(-1)!.bbox[2], top + 10],
      confidence: 1,
      words: boxes,
    };
  });
  return {
    page: 1,
    width: 612,
    height: 792,
    text: '',
    markdown: '',
    textLayer: true,
    source: 'textLayer',
    blocks: [],
    lines,
  };
}

describe('findBlanks', () => {
  it('splits "Name:______" and finds the two blanks of one row', () => {
    const blanks = findBlanks(
      page([
        {
          top: 100,
          words: [
            ['Name:__________', 72, 222],
            ['Date', 240, 262],
            ['__________', 266, 366],
          ],
        },
      ]),
      [],
    );
    assert.deepEqual(
      blanks.map((blank) => [blank.label, Math.round(blank.area[0])]),
      [
        ['Name', 122],
        ['Date', 266],
      ],
    );
  });

  it('takes a rule with text above it for an underline, not a blank', () => {
    const words = page([
      {
        top: 100,
        words: [
          ['Total', 72, 100],
          ['due', 104, 120],
        ],
      },
    ]);
    assert.deepEqual(findBlanks(words, [{ kind: 'rule', box: [72, 111, 120, 111] }]), []);
  });

  it('labels a checkbox by the words to its right, and a captioned cell by its caption', () => {
    const blanks = findBlanks(
      page([
        { top: 100, words: [['Married', 90, 125]] },
        {
          top: 200,
          words: [
            ['Place', 75, 95],
            ['of', 98, 106],
            ['birth', 109, 130],
          ],
        },
      ]),
      [
        { kind: 'box', box: [72, 100, 82, 110] },
        { kind: 'box', box: [72, 198, 372, 240] },
      ],
    );
    assert.deepEqual(
      blanks.map((blank) => [blank.kind, blank.label]),
      [
        ['checkbox', 'Married'],
        ['box', 'Place of birth'],
      ],
    );
  });
});

describe('pageShapes', () => {
  it('reads rules and boxes past text strings that hold operator names, in page coordinates', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    const pdfPage = document.addPage([600, 800]);
    pdfPage.drawText('(re) 1 2 3 4 re S [l] m', { x: 50, y: 700, size: 10, font });
    pdfPage.drawLine({
      start: { x: 100, y: 600 },
      end: { x: 300, y: 600 },
      thickness: 1,
      color: rgb(0, 0, 0),
    });
    pdfPage.drawRectangle({
      x: 100,
      y: 500,
      width: 200,
      height: 20,
      borderWidth: 1,
      borderColor: rgb(0, 0, 0),
    });
    const loaded = await PDFDocument.load(await document.save());
    assert.deepEqual(pageShapes(loaded.getPage(0)), [
      { kind: 'rule', box: [100, 200, 300, 200] },
      { kind: 'box', box: [100, 280, 300, 300] },
    ]);
  });
});
