/** SROIE receipts with their ground truth, and character error rate, for the OCR tests. */
import { readFileSync } from 'node:fs';
import { corpus } from '../../testing/fixtures.ts';
import { levenshtein } from '../../text-similarity.ts';

/** The receipt image and its transcript, lines joined by '\n'. */
export function sroieReceipt(id: string): { image: Buffer; transcript: string } {
  const dir = `${corpus}/sroie_receipts`;
  // box/NNN.csv: x1,y1,...,x4,y4,transcript per line; the transcript may hold commas itself.
  const transcript = readFileSync(`${dir}/box/${id}.csv`, 'utf8')
    .split(/\r?\n/)
    .filter((row) => row.trim() !== '')
    .map((row) => row.split(',').slice(8).join(','))
    .join('\n');
  return { image: readFileSync(`${dir}/images/${id}.jpg`), transcript };
}

/**
 * Edits per reference character, after folding what reading order and spacing decide rather
 * than recognition: whitespace runs (line breaks too) → one space, case (SROIE is upper-case).
 */
export function characterErrorRate(output: string, reference: string): number {
  const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toUpperCase();
  const codes = (text: string) => Int32Array.from(fold(text), (c) => c.codePointAt(0)!);
  const ref = codes(reference);
  return ref.length === 0 ? 0 : levenshtein(codes(output), ref) / ref.length;
}
