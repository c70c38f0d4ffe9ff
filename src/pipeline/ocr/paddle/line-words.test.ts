import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedChar } from './ctc.ts';
import { splitWords } from './line-words.ts';

/** Characters 3 steps apart; `evidence` gives [spaceBefore, gapBefore] for some of them. */
function line(text: string, evidence: Record<number, [number, number]> = {}): DecodedChar[] {
  return [...text].map((char, i) => {
    const [spaceBefore, gapBefore] = evidence[i] ?? [0, 0.1];
    return { char, first: 3 * i, last: 3 * i, confidence: 0.9, spaceBefore, gapBefore };
  });
}
const words = (chars: DecodedChar[]) => splitWords(chars).map((w) => w.map((c) => c.char).join(''));

describe('words from a recognised line', () => {
  it('splits where the space class has a clear second place, and at spaces the model read', () => {
    assert.deepEqual(words(line('BARWANG RICE', { 3: [0.2, 0.1] })), ['BAR', 'WANG', 'RICE']);
  });

  it('splits at a wide blank only with some space evidence and when it stands out from the line', () => {
    const blankOnly = line('STATIONERY', { 4: [0.001, 0.35] }); // a narrow letter of monospaced type
    assert.deepEqual(words(blankOnly), ['STATIONERY']);
    const blurred = line('Wordsonly', { 5: [0.03, 0.43] }); // an enlarged scan: space class unsure
    assert.deepEqual(words(blurred), ['Words', 'only']);
  });

  it('never breaks a number at its decimal mark', () => {
    assert.deepEqual(words(line('72.00', { 3: [0.3, 0.4] })), ['72.00']);
    assert.deepEqual(words(line('12.30', { 2: [0.3, 0.4] })), ['12.30']);
    assert.deepEqual(words(line('72. 00')), ['72.00']);
    assert.deepEqual(words(line('Total 8.20', { 6: [0.2, 0.4] })), ['Total', '8.20']);
    assert.deepEqual(words(line('1. Introduction')), ['1.', 'Introduction']);
  });

  it('reads a middle dot between Latin letters as a space', () => {
    assert.deepEqual(words(line('INTERNATIONAL·SDN')), ['INTERNATIONAL', 'SDN']);
  });
});
