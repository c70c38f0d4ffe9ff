/**
 * SROIE receipts with their ground truth (from the corpus), a generated scanned receipt, and
 * character error rate, for the OCR tests.
 */
import { readFileSync } from 'node:fs';
import { textImage } from '../../images/testing/text-image.ts';
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

/** A till receipt's lines, after SROIE receipt 032: shop, address, items, totals, 18 lines. */
const receiptLines = [
  'UNIHAKKA INTERNATIONAL SDN BHD',
  '03 MAR 2018 18:22',
  '12, JALAN TAMPOI 7/4, KAWASAN PERINDUSTRIAN',
  'TAMPOI, 81200 JOHOR BAHRU, JOHOR',
  'TAX INVOICE',
  'INVOICE # : OR18030302170430',
  'ITEM   QTY   TOTAL',
  'SR 1 MEAT + 3 VEGE   1   $7.10',
  'SR VEGETABLE   1   $1.10',
  'TOTAL AMOUNT:   $8.20',
  'GST @6%:   $0.46',
  'NETT TOTAL:   $8.20',
  'PAYMENT MODE CASH   $8.20',
  'CHANGE   $0.00',
  'GST REG #000656195584',
  'BAR WANG RICE@PERMAS JAYA',
  'THANK YOU & COME AGAIN!',
  'FACEBOOK.COM/BARWANGRICE',
];

/**
 * A scanned till receipt, generated: the lines above printed, then grain, speckles and blur as a
 * poor scan has (text-image.ts). JPEG unless said otherwise; the transcript has the lines joined by '\n'.
 */
export async function scannedReceipt(
  format: 'jpeg' | 'png' = 'jpeg',
): Promise<{ image: Buffer; transcript: string }> {
  const image = Buffer.from(await textImage(receiptLines, { fontSize: 28, noise: true, format }));
  return { image, transcript: receiptLines.join('\n') };
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
