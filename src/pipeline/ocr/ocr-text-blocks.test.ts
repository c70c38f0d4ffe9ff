import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OcrLine, OcrParagraph } from './ocr-page.ts';
import { ocrTextBlocks } from './ocr-text-blocks.ts';

/**
 * A line as tesseract measures it on a page turned by `slope` (y grows `slope` px per px to the
 * right): words 9 px a character, its text `size` px high, its baseline from x to the line's end.
 * The box holds the whole slanted line, so a long line's box is much higher than its letters.
 */
function line(text: string, x: number, baseline: number, size = 20, slope = 0): OcrLine {
  let at = x;
  const words = text.split(' ').map((word) => {
    const x0 = at;
    at += 9 * word.length + 9;
    const y = baseline + slope * (x0 - x);
    return {
      text: word,
      bbox: [x0, y - 0.8 * size, at - 9, y + 0.2 * size] as OcrLine['bbox'],
      confidence: 0.9,
    };
  });
  const x1 = at - 9;
  const rise = slope * (x1 - x);
  const top = Math.min(baseline, baseline + rise) - 0.8 * size;
  const bottom = Math.max(baseline, baseline + rise) + 0.2 * size;
  return {
    text,
    bbox: [x, top, x1, bottom],
    confidence: 0.9,
    words,
    size,
    baseline: [x, baseline, x1, baseline + rise],
  };
}

const paragraph = (lines: OcrLine[]): OcrParagraph => ({
  text: lines.map((l) => l.text).join('\n'),
  bbox: [0, 0, 1000, 1000],
  lines,
});

const PROSE = [
  'The northern depot measured the traffic counts in close cooperation with the suppliers and',
  'the finance department updated the risk register on behalf of the shareholders this spring',
  'while the laboratory staff published the training plan ahead of the board meeting in May.',
];

/** One tesseract paragraph: a title over two lines, a numbered section, prose under each. */
function page(slope: number): OcrParagraph[] {
  const lines: OcrLine[] = [];
  let y = 100;
  const add = (text: string, size: number, step: number) => {
    lines.push(line(text, 80, y, size, slope));
    y += step;
  };
  add('Network Review 2024: The risk register', 38, 42);
  add('during the third quarter', 37, 70);
  add('1 Method', 30, 40);
  for (const text of PROSE) add(text, 20, 30);
  y += 30;
  add('1.1 Safety', 22, 36);
  for (const text of PROSE) add(text, 21, 30);
  // A short line after a blank one: on a skewed page its box ends higher than the long line's
  // above it, though its baseline is lower by a line and a half.
  y += 15;
  add('See the annex.', 20, 30);
  return [paragraph(lines)];
}

describe('OCR text blocks', () => {
  for (const slope of [0, 0.045]) {
    it(`finds headings by letter size and numbering, and cuts paragraphs at gaps${slope ? ', on a page turned 2.5°' : ''}`, () => {
      const blocks = ocrTextBlocks(page(slope));
      assert.deepEqual(
        blocks.map((b) =>
          b.type === 'heading' ? `h${b.level} ${b.text}` : `p ${b.text.split('\n').length}`,
        ),
        [
          'h1 Network Review 2024: The risk register during the third quarter',
          'h2 1 Method',
          'p 3',
          'h3 1.1 Safety',
          'p 3',
          'p 1',
        ],
      );
    });
  }

  it('leaves a page of body text in tesseract’s paragraphs', () => {
    const prose = PROSE.map((text, k) => line(text, 80, 100 + 30 * k));
    const more = PROSE.map((text, k) => line(text, 80, 220 + 30 * k, 21));
    const blocks = ocrTextBlocks([paragraph(prose), paragraph(more)]);
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['paragraph', 'paragraph'],
    );
    assert.equal(blocks[0]!.text, PROSE.join('\n'));
  });
});
