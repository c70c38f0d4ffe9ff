import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupLines } from '../pdf/layout.ts';
import { cellText } from '../pdf/tables/table-lines.ts';
import type { OcrLine, OcrWord } from './ocr-page.ts';
import { ocrRuns } from './ocr-runs.ts';

/** A line whose words' estimated boxes touch, as PaddleOCR's (from time steps) often do. */
function touchingWords(texts: readonly string[]): OcrLine {
  let x = 10;
  const words: OcrWord[] = texts.map((text) => {
    const bbox: OcrWord['bbox'] = [x, 100, x + 12 * text.length, 120];
    x = bbox[2];
    return { text, bbox, confidence: 0.95 };
  });
  return { text: texts.join(' '), bbox: [10, 100, x, 120], confidence: 0.95, words };
}

describe('OCR words as text runs', () => {
  it('keeps every OCR word a word of its own, however close the boxes', () => {
    const runs = ocrRuns([touchingWords(['14', 'May', '2018', '18:10'])]);
    assert.equal(cellText(runs), '14 May 2018 18:10');
    assert.equal(groupLines(runs)[0]!.text, '14 May 2018 18:10');
  });

  it('keeps the OCR word each run came from', () => {
    const line = touchingWords(['TOTAL', '8.20']);
    assert.deepEqual(
      ocrRuns([line]).map((r) => r.source),
      line.words,
    );
  });
});
