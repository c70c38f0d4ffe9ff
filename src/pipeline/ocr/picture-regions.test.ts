import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BoundingBox, OcrLine, ParsedPage } from '../types.ts';
import { pictureRegions } from './picture-regions.ts';

/** A 600 × 800 pt text page painting `images`, with text-layer lines at `lines`. */
function page(images: BoundingBox[], lines: BoundingBox[] = [[50, 20, 550, 32]]): ParsedPage {
  const line = (bbox: BoundingBox): OcrLine => ({
    text: 'word',
    bbox,
    confidence: 1,
    words: [{ text: 'word', bbox, confidence: 1 }],
  });
  return {
    page: 1,
    width: 600,
    height: 800,
    text: 'word',
    markdown: 'word',
    textLayer: true,
    source: 'textLayer',
    blocks: [],
    lines: lines.map(line),
    images,
  };
}

describe('pictureRegions', () => {
  it('reads no picture on a page with figure captions: a chart says its words in its caption and labels', () => {
    const withCaption = (text: string): ParsedPage => ({
      ...page([[100, 100, 400, 300]]),
      blocks: [{ type: 'paragraph', text, bbox: [100, 310, 400, 322] }],
    });
    assert.deepEqual(pictureRegions(withCaption('Fig. A.2. Similar to Fig. 1, per source.')), []);
    assert.deepEqual(pictureRegions(withCaption('Figure S1: The spectra.')), []);
    assert.deepEqual(pictureRegions(withCaption('Figures show what we found.')), [[100, 100, 400, 300]]);
  });

  it('takes a picture over a tenth of the page, and a wide band, but not a logo', () => {
    assert.deepEqual(pictureRegions(page([[100, 100, 400, 300]])), [[100, 100, 400, 300]]); // 12.5 %
    assert.deepEqual(pictureRegions(page([[100, 100, 400, 130]])), [[100, 100, 400, 130]]); // 50 % wide, 30 pt
    assert.deepEqual(pictureRegions(page([[500, 40, 580, 80]])), []); // 80 × 40 pt logo
    assert.deepEqual(pictureRegions(page([[50, 400, 550, 402]])), []); // a rule painted as an image
  });

  it('leaves pictures the text layer covers: a scan under its own text layer', () => {
    const body = Array.from({ length: 50 }, (_, k): BoundingBox => [50, 60 + 14 * k, 550, 70 + 14 * k]);
    assert.deepEqual(pictureRegions(page([[0, 0, 600, 800]], body)), []);
    // The same page image with only a stamp in its text layer is read.
    assert.deepEqual(pictureRegions(page([[0, 0, 600, 800]])), [[0, 0, 600, 800]]);
  });

  it('clips to the page, joins strips of one picture, and reads a picture inside another once', () => {
    const strips: BoundingBox[] = [0, 1, 2, 3].map((k) => [-20, 100 * k, 620, 100 * (k + 1)]);
    assert.deepEqual(pictureRegions(page(strips, [])), [[0, 0, 600, 400]]);
    const nested = pictureRegions(
      page([
        [100, 300, 300, 500],
        [0, 200, 600, 700],
      ]),
    );
    assert.deepEqual(nested, [[0, 200, 600, 700]]);
  });

  it('does nothing on pages without a text layer or images', () => {
    assert.deepEqual(pictureRegions({ ...page([[0, 0, 600, 800]]), textLayer: false }), []);
    assert.deepEqual(pictureRegions({ ...page([]), images: undefined }), []);
  });
});
