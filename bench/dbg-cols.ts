import { join } from 'node:path';
import { documentLines } from '../src/pipeline/extract/doc-lines.ts';
import { describeField } from '../src/pipeline/extract/field-descriptor.ts';
import { cellsByPosition, headerLines } from '../src/pipeline/extract/item-columns.ts';
import { schemaFields } from '../src/pipeline/extract/schema-fields.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import { invoiceSchema, readCorpus } from './extract-corpus.ts';

const doc = (
  await readCorpus([join(corpusDir('invoice2data_invoices'), 'inputs', process.argv[2]!)], false)
)[0]!.document;
const lines = documentLines(doc);
const root = schemaFields(invoiceSchema);
const items = (root.properties.find((p) => p.name === 'lines') as any).items;
const described = items.properties.map((property: any) => ({
  property,
  descriptor: describeField(property, true),
}));
for (const h of headerLines(described, lines)) {
  console.log('HEADER', h.line.index, h.line.text);
  for (const c of h.columns)
    console.log(
      '  ',
      c.property?.name ?? '-',
      c.descriptor.concept?.id,
      c.x0.toFixed(0),
      c.x1.toFixed(0),
      h.line.words
        .slice(c.hit.from, c.hit.to)
        .map((w) => w.text)
        .join(' '),
    );
  for (const l of lines.slice(h.line.index + 1, h.line.index + 4)) {
    const cells = cellsByPosition(l, h.columns);
    console.log(
      '   row',
      l.text,
      '=>',
      JSON.stringify(cells.map((ws) => ws.map((k) => l.words[k]!.text).join(' '))),
      l.words.map((w) => w.bbox?.map(Math.round).slice(0, 1)).join(' '),
    );
  }
}
