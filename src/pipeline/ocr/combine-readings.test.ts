import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combineReadings } from './combine-readings.ts';
import type { OcrBox, OcrLine, OcrPage, OcrWord } from './ocr-page.ts';
import { ocrPageOf } from './ocr-page.ts';
import { ocrConfidence } from './quality.ts';

/** Words at 10 px a character with one character's gap, on a row 20 px high from `top`. */
function row(
  words: readonly (readonly [text: string, confidence: number, x?: number])[],
  top: number,
): OcrLine {
  let at = 20;
  const out: OcrWord[] = words.map(([text, confidence, x]) => {
    const x0 = x ?? at;
    at = x0 + 10 * text.length + 10;
    return { text, confidence, bbox: [x0, top, x0 + 10 * text.length, top + 20] as OcrBox };
  });
  const bbox: OcrBox = [out[0]!.bbox[0], top, out.at(-1)!.bbox[2], top + 20];
  return {
    text: out.map((w) => w.text).join(' '),
    bbox,
    confidence: ocrConfidence(out),
    words: out,
    size: 20,
    baseline: [bbox[0], top + 16, bbox[2], top + 16],
  };
}

/** Each row its own paragraph, as an engine reading a receipt's spaced rows would give them. */
function page(lines: OcrLine[]): OcrPage {
  const paragraphs = lines.map((l) => ({ text: l.text, bbox: l.bbox, lines: [l] }));
  return ocrPageOf(paragraphs, { rotation: 0, width: 600, height: 400, scale: 1, deskew: 0 });
}

const textOf = (p: OcrPage) => p.lines.map((l) => l.text);

describe('combineReadings', () => {
  it('keeps the reading whose characters fit: $8.20 over PaddleOCR’s confident S8.20', () => {
    const paddle = page([
      row(
        [
          ['TOTAL', 0.99],
          ['S8.20', 0.97, 200],
        ],
        10,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['TOTAL', 0.93],
          ['$8.20', 0.88, 200],
        ],
        11,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['TOTAL $8.20']);
  });

  it('keeps PaddleOCR’s confident word over tesseract’s less sure misreading', () => {
    const paddle = page([
      row(
        [
          ['JALAN', 0.99],
          ['TAMPOI', 0.99],
        ],
        10,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['JALAII', 0.6],
          ['TAMPOL', 0.91],
        ],
        10,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['JALAN TAMPOI']);
  });

  it('takes a sure tesseract word over an unsure PaddleOCR one', () => {
    const paddle = page([
      row(
        [
          ['LAN', 0.82],
          ['HING', 0.99],
        ],
        10,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['LIAN', 0.95],
          ['HING', 0.95],
        ],
        10,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['LIAN HING']);
  });

  it('takes tesseract’s word breaks where both read the same characters', () => {
    const paddle = page([row([['TAXINVOICE', 0.98]], 10)]);
    const tesseract = page([
      row(
        [
          ['TAX', 0.6],
          ['INVOICE', 0.6, 60],
        ],
        10,
      ),
    ]);
    const combined = combineReadings(paddle, tesseract);
    assert.deepEqual(textOf(combined), ['TAX INVOICE']);
    assert.deepEqual(
      combined.words.map((w) => Math.round(w.confidence * 100) / 100),
      [0.98, 0.98],
      'agreement is as sure as the surer engine',
    );
  });

  it('compares differently split words as one stretch', () => {
    const paddle = page([
      row(
        [
          ['Tampoi,81200', 0.95],
          ['Johor', 0.99, 160],
        ],
        10,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['Tampoi,', 0.3],
          ['$1200', 0.22, 90],
          ['Johor', 0.84, 160],
        ],
        10,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['Tampoi,81200 Johor']);
  });

  it('adds a line only tesseract read, in its place, when it looks like text', () => {
    const paddle = page([
      row(
        [
          ['NO', 0.99],
          ['21,', 0.99],
        ],
        10,
      ),
      row(
        [
          ['KUALA', 0.99],
          ['LUMPUR', 0.99],
        ],
        90,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['NO', 0.9],
          ['21,', 0.9],
        ],
        10,
      ),
      row(
        [
          ['TAMAN', 0.95],
          ['MALURI', 0.93],
        ],
        50,
      ),
      row(
        [
          ['KUALA', 0.9],
          ['LUMPUR', 0.9],
        ],
        90,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['NO 21,', 'TAMAN MALURI', 'KUALA LUMPUR']);
  });

  it('drops a line only tesseract read when it is specks', () => {
    const paddle = page([
      row(
        [
          ['THANK', 0.99],
          ['YOU', 0.99],
        ],
        10,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['THANK', 0.9],
          ['YOU', 0.9],
        ],
        10,
      ),
      row(
        [
          ['|', 0.85],
          ['ee', 0.4],
          ['~', 0.3],
        ],
        60,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['THANK YOU']);
  });

  it('drops a word of a line only tesseract read where PaddleOCR read the same ink', () => {
    // PaddleOCR's region is a stacked label, taller than tesseract's line: the rows do not pair
    const label = row([['Amount:', 0.99]], 10);
    const tall: OcrLine = { ...label, size: 40, bbox: [20, 10, 90, 50] };
    tall.words = [{ ...label.words[0]!, bbox: [20, 10, 90, 50] }];
    const paddle = page([tall, row([['RM31.60', 0.99]], 90)]);
    const tesseract = page([row([['Amount:', 0.95]], 28), row([['RM31.60', 0.9]], 90)]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['Amount:', 'RM31.60']);
  });

  it('keeps a line only PaddleOCR read, and a word tesseract alone read surely on a shared row', () => {
    const paddle = page([row([['CASH', 0.99]], 10), row([['CHANGE', 0.98]], 60)]);
    const tesseract = page([
      row(
        [
          ['CASH', 0.9],
          ['8.20', 0.95, 300],
          ['|', 0.9, 400],
        ],
        10,
      ),
    ]);
    assert.deepEqual(textOf(combineReadings(paddle, tesseract)), ['CASH 8.20', 'CHANGE']);
  });

  it('returns a well-formed page: text, lines, words and confidence agree with its paragraphs', () => {
    const paddle = page([
      row(
        [
          ['GST', 0.99],
          ['T0TAL', 0.95],
        ],
        10,
      ),
      row(
        [
          ['RM', 0.99],
          ['3.70', 0.99],
        ],
        90,
      ),
    ]);
    const tesseract = page([
      row(
        [
          ['GST', 0.9],
          ['TOTAL', 0.9],
        ],
        10,
      ),
      row(
        [
          ['Served', 0.95],
          ['by', 0.93],
        ],
        50,
      ),
    ]);
    const combined = combineReadings(paddle, tesseract);
    assert.deepEqual(textOf(combined), ['GST TOTAL', 'Served by', 'RM 3.70']);
    assert.equal(combined.text, combined.paragraphs.map((p) => p.text).join('\n\n'));
    assert.deepEqual(
      combined.lines,
      combined.paragraphs.flatMap((p) => p.lines),
    );
    assert.deepEqual(
      combined.words,
      combined.lines.flatMap((l) => l.words),
    );
    for (const line of combined.lines) assert.equal(line.text, line.words.map((w) => w.text).join(' '));
    assert.equal(combined.confidence, ocrConfidence(combined.words));
    assert.equal(combined.markdown.replace(/\\/g, ''), combined.text);
  });
});
