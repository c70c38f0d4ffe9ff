import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyBuiltIn } from './built-in-classifier.ts';
import { makeDocument } from './testing/documents.ts';
import type { Category } from './types.ts';

const categories: Category[] = [
  {
    name: 'receipt',
    description: 'Proof of a purchase paid at a shop or restaurant, with prices and the total paid.',
    keywords: ['receipt', 'cash', 'change', 'thank you'],
  },
  {
    name: 'invoice',
    description: 'A request for payment from a supplier with invoice number, due date and bank details.',
    keywords: ['invoice', 'due date', 'bill to', 'iban'],
  },
  {
    name: 'research_paper',
    description: 'A scientific article with abstract, method, results and references.',
    keywords: ['abstract', 'references', 'et al'],
  },
  { name: 'handwritten_notes', description: 'Notes written by hand, scanned or photographed.' },
  { name: 'contract', description: 'An agreement between parties with clauses, terms and signatures.' },
];

const invoiceText = `ACME Supplies Ltd
INVOICE
Invoice number: INV-2024-0042
Invoice date: 3 March 2024
Due date: 2 April 2024
Bill to: Northwind Traders, 12 High Street, Leeds
Description                 Qty   Unit price    Amount
Printer paper A4 (box)        4        21.50     86.00
Toner cartridge               2        64.00    128.00
Subtotal                                        214.00
VAT 20%                                          42.80
Amount due                                      256.80
Payment terms: 30 days. Bank: Lloyds, IBAN GB29 NWBK 6016 1331 9268 19`;

const receiptText = `CORNER CAFE
12 Market Square
2024-03-03 08:41
Cappuccino          3.20
Croissant           2.10
Orange juice        2.90
TOTAL               8.20
CASH               10.00
CHANGE              1.80
VISA ****1234
THANK YOU, SEE YOU SOON`;

const paperPages = [
  `Sparse attention for long documents
Jane Doe, University of Somewhere
Abstract
We study sparse attention for long documents and show that it matches dense attention.
1 Introduction
Transformers [1] are costly on long inputs; prior work (Beltagy et al., 2020) uses windows [2, 3].`,
  `2 Method
We select blocks of tokens by a learned score, as in Zaheer et al. [4].
3 Experiments
On three benchmarks the method is within 0.3 points of dense attention [5].`,
  `4 Conclusion
Sparse attention scales to 64k tokens.
References
[1] A. Vaswani et al. Attention is all you need. NeurIPS 2017.
[2] I. Beltagy et al. Longformer. arXiv:2004.05150, 2020.`,
];

/** What OCR makes of a page of handwriting: few words, most of them wrong, read with low confidence. */
const scrawl = 'mtg w/ Tom re budgt\n- ask abt Q3 nmbrs\n- call suplier fri\nidea: mve stndup to 10';

const best = (output: { scores: Record<string, number> }) =>
  Object.entries(output.scores).sort((a, b) => b[1] - a[1]);

describe('classifyBuiltIn', () => {
  it('labels an invoice page as an invoice, with a clear lead over the receipt', () => {
    const output = classifyBuiltIn(makeDocument([{ text: invoiceText }]), categories);
    assert.equal(output.label, 'invoice');
    assert.ok(output.scores.invoice! > output.scores.receipt!);
    assert.ok(output.confidence >= 0.3, `confidence ${output.confidence}`);
  });

  it('labels an OCR-read till receipt (narrow photo, cash and change) as a receipt', () => {
    const document = makeDocument(
      [{ text: receiptText, source: 'ocr', confidence: 0.82, size: [600, 1500] }],
      'jpeg',
    );
    const output = classifyBuiltIn(document, categories);
    assert.equal(output.label, 'receipt');
    assert.ok(output.scores.receipt! > output.scores.invoice!);
    assert.notEqual(best(output)[1]![0], 'handwritten_notes', 'printed OCR at 0.82 is not handwriting');
  });

  it('labels a multi-page paper with abstract, citations and references as a research paper', () => {
    const output = classifyBuiltIn(makeDocument(paperPages.map((text) => ({ text }))), categories);
    assert.equal(output.label, 'research_paper');
    assert.ok(output.confidence >= 0.3, `confidence ${output.confidence}`);
  });

  it('takes low-confidence OCR as handwriting, and the same words in a text layer as not', () => {
    const scanned = makeDocument(
      [{ text: scrawl, source: 'ocr', confidence: 0.35, size: [1200, 1600] }],
      'jpeg',
    );
    assert.equal(classifyBuiltIn(scanned, categories).label, 'handwritten_notes');
    const typed = makeDocument([{ text: scrawl }]);
    const output = classifyBuiltIn(typed, categories);
    assert.ok(
      output.scores.handwritten_notes! < classifyBuiltIn(scanned, categories).scores.handwritten_notes!,
      'a text layer lowers "handwritten"',
    );
  });

  it('gives every category a score in 0..1 and is deterministic', () => {
    const document = makeDocument([{ text: invoiceText }]);
    const first = classifyBuiltIn(document, categories);
    assert.deepEqual(Object.keys(first.scores).sort(), categories.map((c) => c.name).sort());
    for (const score of Object.values(first.scores)) assert.ok(score >= 0 && score <= 1);
    assert.deepEqual(classifyBuiltIn(document, categories), first);
  });

  it('is less confident when two categories describe the same thing', () => {
    const twins: Category[] = [categories[1]!, { ...categories[1]!, name: 'supplier_bill' }, categories[0]!];
    const document = makeDocument([{ text: invoiceText }]);
    const clear = classifyBuiltIn(document, categories).confidence;
    const torn = classifyBuiltIn(document, twins).confidence;
    assert.ok(torn < clear / 2, `twins ${torn} vs clear ${clear}`);
  });

  it('is not confident when nothing matches', () => {
    const weather = makeDocument([
      { text: 'Sunny in the morning, showers later; wind from the west at 20 km/h.' },
    ]);
    const output = classifyBuiltIn(weather, categories);
    assert.ok(output.confidence < 0.2, `confidence ${output.confidence}`);
  });

  it('reads a German receipt against English categories', () => {
    const kassenbon = `Bäckerei Müller\n14.03.2024 07:55\nBrötchen 4 x 0,45   1,80\nKaffee   2,60\nSUMME EUR   4,40\nBAR   5,00\nRückgeld   0,60\nVielen Dank für Ihren Einkauf`;
    const output = classifyBuiltIn(makeDocument([{ text: kassenbon }]), categories);
    assert.equal(output.label, 'receipt');
  });
});

describe('classifyBuiltIn edge cases', () => {
  it('answers null with zero scores for an empty document', () => {
    const output = classifyBuiltIn(makeDocument([{ text: '' }]), categories);
    assert.equal(output.label, null);
    assert.equal(output.confidence, 0);
    assert.deepEqual(
      Object.values(output.scores),
      categories.map(() => 0),
    );
  });

  it('answers null for a document without pages, and for no categories', () => {
    assert.equal(classifyBuiltIn(makeDocument([]), categories).label, null);
    assert.deepEqual(classifyBuiltIn(makeDocument([{ text: invoiceText }]), []), {
      label: null,
      confidence: 0,
      scores: {},
    });
  });

  it('works with one category, and with categories that have only a name', () => {
    const one = classifyBuiltIn(makeDocument([{ text: invoiceText }]), [{ name: 'invoice' }]);
    assert.equal(one.label, 'invoice');
    assert.ok(one.confidence > 0);
    const bare = classifyBuiltIn(makeDocument(paperPages.map((text) => ({ text }))), [
      { name: 'invoice' },
      { name: 'receipt' },
      { name: 'scientific paper' },
    ]);
    assert.equal(bare.label, 'scientific paper');
  });

  it('ignores malformed category fields instead of throwing', () => {
    const malformed = [
      { name: 'invoice', keywords: [42, null, 'iban'], description: 7 },
      { name: '' },
      null,
      { name: 'receipt', examples: 'not a list' },
    ] as unknown as Category[];
    const output = classifyBuiltIn(makeDocument([{ text: invoiceText }]), malformed);
    assert.equal(output.label, 'invoice');
    assert.deepEqual(Object.keys(output.scores).sort(), ['invoice', 'receipt']);
  });

  it('uses example texts when a category has them', () => {
    const withExamples: Category[] = [
      {
        name: 'type A',
        examples: ['Dispatch note: parcels collected by the courier, signed by the driver.'],
      },
      { name: 'type B', examples: ['Minutes of the board meeting: attendees, agenda, decisions.'] },
    ];
    const note = makeDocument([
      { text: 'DISPATCH NOTE\nParcels: 3\nCollected by courier\nDriver signature' },
    ]);
    assert.equal(classifyBuiltIn(note, withExamples).label, 'type A');
  });
});
