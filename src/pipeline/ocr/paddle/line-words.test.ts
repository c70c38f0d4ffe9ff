import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedChar } from './ctc.ts';
import { splitWords } from './line-words.ts';

/**
 * Characters as proportional type sets them: 2 time steps for a narrow one, 4 for a wide one, 3
 * otherwise; `evidence` gives [spaceBefore, gapBefore] for some of them.
 */
function line(text: string, evidence: Record<number, [number, number]> = {}): DecodedChar[] {
  let at = 0;
  return [...text].map((char, i) => {
    const [spaceBefore, gapBefore] = evidence[i] ?? [0, 0.1];
    at += i === 0 ? 0 : /[Iil1.,:;' ]/.test(char) ? 2 : /[MWmw]/.test(char) ? 4 : 3;
    return { char, first: at, last: at, confidence: 0.9, spaceBefore, gapBefore };
  });
}

/** Fixed-pitch type: every character `pitch` steps after the one before, spaces included. */
function monospacedLine(
  text: string,
  evidence: Record<number, [number, number]> = {},
  pitch = 2,
): DecodedChar[] {
  return [...text].map((char, i) => {
    const [spaceBefore, gapBefore] = evidence[i] ?? [0, 0.1];
    return { char, first: pitch * i, last: pitch * i, confidence: 0.9, spaceBefore, gapBefore };
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
    // an enlarged scan: space class unsure, the space read as nothing but still there
    const blurred = line('Words only', { 6: [0.03, 0.43] }).filter((c) => c.char !== ' ');
    assert.deepEqual(words(blurred), ['Words', 'only']);
  });

  it('in fixed-pitch type, splits only where a word space takes a cell', () => {
    // the space class rises beside a narrow letter, one pitch from the letter before
    assert.deepEqual(words(monospacedLine('STATIONERY', { 4: [0.12, 0.15] })), ['STATIONERY']);
    assert.deepEqual(words(monospacedLine('05-Jan-2017', { 3: [0.4, 0.38] })), ['05-Jan-2017']);
    // the space the model did not read is still a cell wide: two pitches between the letters
    const spaced = monospacedLine('S&Y STATIONERY', { 4: [0.19, 0.3] }).filter((c) => c.char !== ' ');
    assert.deepEqual(words(spaced), ['S&Y', 'STATIONERY']);
  });

  it('never breaks a number at its decimal mark', () => {
    assert.deepEqual(words(line('72.00', { 3: [0.3, 0.4] })), ['72.00']);
    assert.deepEqual(words(line('12.30', { 2: [0.3, 0.4] })), ['12.30']);
    assert.deepEqual(words(line('72. 00')), ['72.00']);
    // nor at the space the model read after it, wide as its blank is
    assert.deepEqual(words(line('72. 00', { 3: [0.03, 0.33] })), ['72.00']);
    assert.deepEqual(words(line('Total 8.20', { 6: [0.2, 0.4] })), ['Total', '8.20']);
    assert.deepEqual(words(line('1. Introduction')), ['1.', 'Introduction']);
  });

  it('reads a middle dot between Latin letters as a space', () => {
    assert.deepEqual(words(line('INTERNATIONAL·SDN')), ['INTERNATIONAL', 'SDN']);
  });
});
