/**
 * Generated invoices (issue 19's `generate`): N invoices from one Markdown template and seeded data
 * (3-40 lines each, so some run over a page), drawn by docjobs' generateDocument, beside the
 * usual peer stack: the same template filled as HTML and printed by headless Chromium
 * (playwright-core driving /usr/bin/chromium, one browser kept open, as Puppeteer setups do).
 *
 *   node bench/generate.ts [--docs 50] [--seed 11]
 *
 * - ms/doc: the PDF made, in this process (docjobs), or by page.setContent + page.pdf (peer).
 * - read back: of each invoice's data values (number, names, every line's description, quantity
 *   and amount, the total), the share found in the PDF's text read back, by our own parse
 *   (readDocument, OCR off) and by poppler's pdftotext (whitespace folded).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import { escapeFor } from '../src/pipeline/generate/blocks.ts';
import { generateDocument } from '../src/pipeline/generate/generate-document.ts';
import { parseTemplate, renderTemplate } from '../src/pipeline/generate/template.ts';
import { closePdfPool } from '../src/pipeline/pdf/pdf-pool.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import { fixed, machine, printTable, seededRandom } from './lib.ts';

const { values: args } = parseArgs({
  options: { docs: { type: 'string', default: '50' }, seed: { type: 'string', default: '11' } },
});

const markdownTemplate = `# Invoice {{number}}

**From:** {{seller.name}}, {{seller.city}}  
**To:** {{buyer.name}}, {{buyer.city}}  
**Date:** {{date}}

| # | Description | Qty | Unit price | Amount |
|--:|---|--:|--:|--:|
{{#each lines}}| {{@number}} | {{description}} | {{qty}} | {{unit}} | {{amount}} |
{{/each}}

**Total due: {{total}} EUR**{{#if note}}

{{note}}{{/if}}
`;
const htmlTemplate = `<html><head><style>body{font-family:sans-serif;font-size:10.5pt}table{border-collapse:collapse;width:100%}td,th{border:0.5pt solid #000;padding:4pt}.n{text-align:right}</style></head><body>
<h1>Invoice {{number}}</h1>
<p><b>From:</b> {{seller.name}}, {{seller.city}}<br><b>To:</b> {{buyer.name}}, {{buyer.city}}<br><b>Date:</b> {{date}}</p>
<table><thead><tr><th>#</th><th>Description</th><th>Qty</th><th>Unit price</th><th>Amount</th></tr></thead><tbody>
{{#each lines}}<tr><td class="n">{{@number}}</td><td>{{description}}</td><td class="n">{{qty}}</td><td class="n">{{unit}}</td><td class="n">{{amount}}</td></tr>
{{/each}}</tbody></table>
<p><b>Total due: {{total}} EUR</b></p>{{#if note}}<p>{{note}}</p>{{/if}}
</body></html>`;

const companies = [
  'Nordlicht GmbH',
  'Acme & Sons Ltd',
  'Café Rosé SARL',
  'Kowalski Sp. z o.o.',
  'Øresund Data ApS',
];
const cities = ['Köln', 'Zürich', 'Kraków', 'Malmö', 'Lyon', 'Porto'];
const items = [
  'Consulting hours',
  'Travel (economy)',
  'Licence renewal',
  'Hardware: docking station',
  'Support plan «Gold»',
  'Training day',
  'Cable set 2 m',
  'Printing of 500 flyers',
];

function invoice(random: () => number, n: number) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const count = 3 + Math.floor(random() * 38);
  const lines = Array.from({ length: count }, () => {
    const qty = 1 + Math.floor(random() * 20);
    const unit = (5 + random() * 495).toFixed(2);
    return { description: pick(items), qty, unit, amount: (qty * Number(unit)).toFixed(2) };
  });
  const total = lines.reduce((sum, line) => sum + Number(line.amount), 0).toFixed(2);
  return {
    number: `INV-${2026_000 + n}`,
    seller: { name: pick(companies), city: pick(cities) },
    buyer: { name: pick(companies), city: pick(cities) },
    date: `2026-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    lines,
    total,
    note: random() < 0.5 ? 'Payable within 30 days. Thank you for your business.' : null,
  };
}
type Invoice = ReturnType<typeof invoice>;

const values = (data: Invoice) => [
  data.number,
  data.seller.name,
  data.buyer.name,
  data.seller.city,
  data.buyer.city,
  data.date,
  data.total,
  ...data.lines.flatMap((line) => [line.description, String(line.qty), line.unit, line.amount]),
];
const fold = (text: string) => text.replace(/\s+/g, ' ');
const found = (text: string, wanted: string[]) => {
  const folded = fold(text);
  return wanted.filter((value) => folded.includes(fold(value))).length;
};
const signal = new AbortController().signal;
const ourText = async (pdf: Uint8Array) =>
  (
    await readDocument(
      pdf,
      { kind: 'pdf', mimeType: 'application/pdf' },
      { signal },
      { ...defaultParseOptions, ocr: 'off' },
    )
  ).document.text;
const dir = mkdtempSync(join(tmpdir(), 'bench-generate-'));
const popplerText = (pdf: Uint8Array) => {
  const path = join(dir, 'doc.pdf');
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
};

interface Side {
  ms: number;
  pages: number;
  bytes: number;
  ours: number;
  poppler: number;
  wanted: number;
}
const empty = (): Side => ({ ms: 0, pages: 0, bytes: 0, ours: 0, poppler: 0, wanted: 0 });

async function score(side: Side, pdf: Uint8Array, pages: number, wanted: string[]) {
  side.pages += pages;
  side.bytes += pdf.byteLength;
  side.wanted += wanted.length;
  side.ours += found(await ourText(pdf), wanted);
  side.poppler += found(popplerText(pdf), wanted);
}

const random = seededRandom(Number(args.seed));
const invoices = Array.from({ length: Number(args.docs) }, (_, n) => invoice(random, n));
// One warm-up each (font files read, browser page created): not counted.
const ours = empty();
await generateDocument(
  {
    template: markdownTemplate,
    format: 'markdown',
    data: invoices[0],
    pageSize: 'A4',
    pageNumbers: true,
    title: null,
  },
  signal,
);
for (const data of invoices) {
  const started = performance.now();
  const { pdf, report } = await generateDocument(
    { template: markdownTemplate, format: 'markdown', data, pageSize: 'A4', pageNumbers: true, title: null },
    signal,
  );
  ours.ms += performance.now() - started;
  await score(ours, pdf, report.pages, values(data));
}

const chromiumPath = '/usr/bin/chromium';
const peer = existsSync(chromiumPath) ? empty() : null;
if (peer) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  const template = parseTemplate(htmlTemplate);
  const print = async (data: Invoice) => {
    await page.setContent(renderTemplate(template, data, escapeFor('html')).text);
    return page.pdf({
      format: 'A4',
      margin: { top: '2cm', bottom: '2cm', left: '2cm', right: '2cm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:9pt;width:100%;text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
    });
  };
  await print(invoices[0]!);
  for (const data of invoices) {
    const started = performance.now();
    const pdf = new Uint8Array(await print(data));
    peer.ms += performance.now() - started;
    const pages = Number(
      /\/Type\s*\/Pages[^>]*\/Count (\d+)/.exec(Buffer.from(pdf).toString('latin1'))?.[1] ?? 0,
    );
    await score(peer, pdf, pages, values(data));
  }
  await browser.close();
}
await closePdfPool();
rmSync(dir, { recursive: true, force: true });

console.log(`generate: ${invoices.length} invoices from one template, seed ${args.seed}; ${machine()}`);
const row = (label: string, side: Side) => [
  label,
  fixed(side.ms / invoices.length, 1),
  fixed(side.pages / invoices.length, 2),
  fixed(side.bytes / invoices.length / 1024, 0),
  fixed(side.ours / side.wanted, 3),
  fixed(side.poppler / side.wanted, 3),
];
printTable(
  ['', 'ms/doc', 'pages/doc', 'kB/doc', 'read back (docjobs parse)', 'read back (pdftotext)'],
  [
    row('docjobs generate (Markdown → PDF)', ours),
    peer
      ? row('HTML + headless Chromium page.pdf', peer)
      : ['chromium (not installed)', '-', '-', '-', '-', '-'],
  ],
);
if (peer) console.log(`time ratio docjobs / peer: ${fixed(ours.ms / peer.ms, 2)}x`);
