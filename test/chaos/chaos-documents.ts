/**
 * The chaos run's workload: text PDFs, scans (OCR), extractions and a few invalid documents,
 * interleaved. Every document carries a number of its own, so a result can be checked to belong
 * to its job (a result crossed with another job's would fail the check).
 */
import { textImage } from '../../src/pipeline/images/testing/text-image.ts';
import { makeTextPdf } from '../fixtures.ts';

export type ChaosKind = 'text' | 'scan' | 'extract' | 'invalid';

export interface ChaosDocument {
  index: number;
  kind: ChaosKind;
  /** The JSON body of POST /v1/jobs. */
  body: Record<string, unknown>;
  /** What the job must end as: completed, or failed with this error code. */
  expected: { status: 'completed' } | { status: 'failed'; code: string };
  /** The result format to fetch, and whether that result is this document's own. */
  resultFormat: 'text' | 'json';
  resultIsOwn(result: string): boolean;
}

/** Of every 20 documents: 12 text PDFs, 4 scans, 3 extractions, 1 invalid (a truncated PDF). */
const pattern: readonly ChaosKind[] = [
  ...Array<ChaosKind>(12).fill('text'),
  ...Array<ChaosKind>(4).fill('scan'),
  ...Array<ChaosKind>(3).fill('extract'),
  'invalid',
];

export const kindOf = (index: number): ChaosKind => pattern[index % pattern.length]!;

const invoiceSchema = {
  type: 'object',
  properties: {
    invoiceNumber: { type: 'string', description: 'the invoice number' },
    total: { type: 'number', description: 'the total amount due' },
  },
};

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export async function makeChaosDocument(index: number): Promise<ChaosDocument> {
  const number = 10_000 + index;
  const kind = kindOf(index);
  const metadata = { chaos: String(index) };
  switch (kind) {
    case 'text': {
      const marker = `chaos document ${number}`;
      const pdf = makeTextPdf([`${marker}\nThe quick brown fox jumps over the lazy dog.`]);
      return {
        index,
        kind,
        body: { type: 'parse', fileName: `text-${number}.pdf`, document: base64(pdf), metadata },
        expected: { status: 'completed' },
        resultFormat: 'text',
        resultIsOwn: (text) => text.includes(marker),
      };
    }
    case 'scan': {
      const png = await textImage([`SCAN ${number}`, 'ORDER RECEIVED'], { fontSize: 40 });
      return {
        index,
        kind,
        body: { type: 'parse', fileName: `scan-${number}.png`, document: base64(png), metadata },
        expected: { status: 'completed' },
        resultFormat: 'text',
        resultIsOwn: (text) => text.includes(String(number)),
      };
    }
    case 'extract': {
      const total = `${number}.50`;
      const pdf = makeTextPdf([
        `INVOICE\nInvoice number: INV-${number}\nDate: 2026-11-30\nTotal: ${total} EUR`,
      ]);
      return {
        index,
        kind,
        body: {
          type: 'extract',
          schema: invoiceSchema,
          fileName: `invoice-${number}.pdf`,
          document: base64(pdf),
          metadata,
        },
        expected: { status: 'completed' },
        resultFormat: 'json',
        resultIsOwn(json) {
          const data = (JSON.parse(json) as { data?: { invoiceNumber?: string; total?: number } }).data;
          return data?.invoiceNumber === `INV-${number}` && data.total === Number(total);
        },
      };
    }
    case 'invalid': {
      const pdf = makeTextPdf([`truncated ${number}`]);
      return {
        index,
        kind,
        body: {
          type: 'parse',
          fileName: `broken-${number}.pdf`,
          mimeType: 'application/pdf',
          document: base64(pdf.subarray(0, 200)),
          metadata,
        },
        expected: { status: 'failed', code: 'PARSE_ERROR' },
        resultFormat: 'text',
        resultIsOwn: () => true,
      };
    }
  }
}
