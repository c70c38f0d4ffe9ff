import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOf } from '../testing/ocr-lines.ts';
import { lineParts, nextLineInward, setOutOn } from './set-out-line.ts';

describe('set-out lines', () => {
  const head = lineOf(30, [
    [72, '400'],
    [250, 'BRITISH HUSBANDRY.'],
    [490, '[Ch. XIX.'],
  ]);
  const body = lineOf(41, [
    [72, 'any was very trifling. Since the use of bones has, however, become general'],
  ]);

  it('cuts a line at gaps of over two line heights, not at its spaces', () => {
    assert.deepEqual(lineParts([72, 30, 540, 40], [head, body]), ['400', 'BRITISH HUSBANDRY.', '[Ch. XIX.']);
    assert.deepEqual(lineParts([72, 41, 540, 51], [head, body]), [body.text]);
    // Two lines in the box, or none: not one line.
    assert.equal(lineParts([72, 30, 540, 51], [head, body]), null);
    assert.equal(lineParts([72, 100, 540, 110], [head, body]), null);
  });

  it('reads only the words inside the box (a text-layer line may run across two columns)', () => {
    assert.deepEqual(lineParts([60, 30, 200, 40], [head]), ['400']);
  });

  it('takes a line set out across most of the text width, not a short or a one-run line', () => {
    const page = {
      width: 612,
      height: 792,
      blocks: [
        { text: head.text, bbox: head.bbox },
        { text: body.text, bbox: body.bbox },
      ],
      lines: [head, body],
    };
    const setOut = setOutOn(page);
    assert.deepEqual(setOut(head.bbox), ['400', 'BRITISH HUSBANDRY.', '[Ch. XIX.']);
    assert.equal(setOut(body.bbox), null);
    assert.equal(setOut([72, 30, 200, 40]), null); // a third of the width
    assert.equal(setOutOn({ ...page, lines: undefined })(head.bbox), null);
  });

  it('finds the next line going into the page from either band', () => {
    const foot = lineOf(750, [[72, 'Revision 2']]);
    assert.equal(nextLineInward(head.bbox, 'top', [foot, body, head]), body);
    assert.equal(nextLineInward(foot.bbox, 'bottom', [head, foot, body]), body);
    assert.equal(nextLineInward(foot.bbox, 'top', [head, foot]), null);
  });
});
