import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OcrLine, OcrParagraph } from './ocr-page.ts';
import { orderParagraphs } from './reading-order.ts';

/** An OCR line of `n` words, 8 px a character, 12 px high, words 8 px apart. */
function line(words: string[], x: number, top: number): OcrLine {
  let at = x;
  const boxes = words.map((text) => {
    const box = {
      text,
      bbox: [at, top, at + 8 * text.length, top + 12] as [number, number, number, number],
      confidence: 0.9,
    };
    at += 8 * text.length + 8;
    return box;
  });
  return { text: words.join(' '), bbox: [x, top, at - 8, top + 12], confidence: 0.9, words: boxes };
}

function paragraph(lines: OcrLine[]): OcrParagraph {
  return {
    text: lines.map((l) => l.text).join('\n'),
    bbox: [
      Math.min(...lines.map((l) => l.bbox[0])),
      lines[0]!.bbox[1],
      Math.max(...lines.map((l) => l.bbox[2])),
      lines.at(-1)!.bbox[3],
    ],
    lines,
  };
}

/** A column of `count` lines of 4 words (about 25 characters), the first word naming it. */
const column = (name: string, x: number, count: number) =>
  paragraph(
    Array.from({ length: count }, (_, k) =>
      line([`${name}${k}`, 'lorem', 'ipsum', 'dolorsit'], x, 100 + 16 * k),
    ),
  );

describe('OCR reading order', () => {
  it('reads a scanned three-column page column by column whatever order tesseract gave', () => {
    const paragraphs = [column('c', 500, 20), column('a', 40, 20), column('b', 270, 20)];
    const ordered = orderParagraphs(paragraphs);
    assert.deepEqual(
      ordered.map((p) => p.lines[0]!.words[0]!.text),
      ['a0', 'b0', 'c0'],
    );
  });

  it('splits a line tesseract read across a gutter into its columns', () => {
    const left = column('a', 40, 20);
    const right = column('b', 270, 20);
    // Line 5 of both columns came back as one line.
    const merged = line(
      [...left.lines[5]!.words.map((w) => w.text), ...right.lines[5]!.words.map((w) => w.text)],
      40,
      180,
    );
    merged.words = [...left.lines[5]!.words, ...right.lines[5]!.words];
    const paragraphs = [
      paragraph(left.lines.slice(0, 5)),
      paragraph(right.lines.slice(0, 5)),
      paragraph([merged]),
      paragraph(left.lines.slice(6)),
      paragraph(right.lines.slice(6)),
    ];
    const text = orderParagraphs(paragraphs)
      .flatMap((p) => p.lines.map((l) => l.words[0]!.text))
      .join(' ');
    assert.equal(
      text,
      [
        ...Array.from({ length: 20 }, (_, k) => `a${k}`),
        ...Array.from({ length: 20 }, (_, k) => `b${k}`),
      ].join(' '),
    );
  });

  it('keeps a one-column page exactly as tesseract gave it', () => {
    const paragraphs = [column('a', 40, 8), column('b', 40, 8)];
    assert.deepEqual(orderParagraphs(paragraphs), paragraphs);
  });
});
