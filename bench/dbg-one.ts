import { join } from 'node:path';
import { extractBuiltIn } from '../src/pipeline/extract/built-in-engine.ts';
import { documentLines } from '../src/pipeline/extract/doc-lines.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import { invoiceSchema, readCorpus, receiptSchema } from './extract-corpus.ts';

const [set, name, mode] = process.argv.slice(2);
const path =
  set === 'inv'
    ? join(corpusDir('invoice2data_invoices'), 'inputs', name!)
    : join(corpusDir('sroie_receipts'), 'images', name!);
const document = (await readCorpus([path], false))[0]?.document;
if (mode !== 'out')
  for (const l of documentLines(document!))
    console.log(
      l.index,
      l.page,
      l.bbox?.map(Math.round).join(','),
      l.confidence.toFixed(2),
      l.segments.join(','),
      '|',
      l.text,
    );
const out = extractBuiltIn(document!, {
  schema: set === 'inv' ? invoiceSchema : receiptSchema,
  prompt: null,
});
console.log(JSON.stringify(out, null, 1).slice(0, 6000));
