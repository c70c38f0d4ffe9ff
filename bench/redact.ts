/**
 * Redaction round trip (issue 19's "Fill/edit round trip", its redaction half): 20 generated
 * letters (seeded: names, account and phone numbers, e-mail addresses among ordinary sentences,
 * 1-3 pages each) redacted by strings and regexes, then parsed again by our own pipeline:
 *
 *   node bench/redact.ts [--docs 20] [--seed 7]
 *
 * - redacted left: the targets (each name, number and address put in the letter) still found in
 *   the re-parsed text. Target 0.
 * - others kept: of the letter's other words, the share the re-parse still finds (the invisible
 *   text layer over the rasterised page), as a set of words.
 * - ms/page: docjobs' editDocument (rasterise at 150 dpi in the PDF pool, paint, JPEG, text layer,
 *   save, re-parse to verify), in this process, against the peer: `pdftoppm -r 150 -jpeg` and the
 *   JPEGs re-encoded into a PDF with pdf-lib. qpdf and pdftk do not redact; rasterising is what a
 *   redaction without a content-stream rewriter costs, and the peer's pages have no text at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { checkEditOperations } from '../src/core/edit-operations.ts';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import { editDocument, reparseOcr } from '../src/pipeline/edit/edit-document.ts';
import { closePdfPool } from '../src/pipeline/pdf/pdf-pool.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { fixed, machine, printTable, seededRandom } from './lib.ts';

const { values: args } = parseArgs({
  options: { docs: { type: 'string', default: '20' }, seed: { type: 'string', default: '7' } },
});

const firstNames = [
  'Maria',
  'Jonas',
  'Aisha',
  'Pedro',
  'Ingrid',
  'Kenji',
  'Fatima',
  'Oliver',
  'Lena',
  'Tomasz',
];
const lastNames = [
  'Lindqvist',
  'Okafor',
  'Moreau',
  'Castillo',
  'Novak',
  'Tanaka',
  'Haddad',
  'Brennan',
  'Ferreira',
];
const domains = ['example.com', 'mail.example.org', 'corp.example.net'];
const filler = [
  'We reviewed the statement for the last quarter and found the balance in order.',
  'Please keep this letter with your records until the end of the year.',
  'The office is open from Monday to Friday between nine and five.',
  'Any change of address should reach us before the next billing cycle.',
  'Our terms and conditions apply to every service described here.',
  'Payments made after the due date may incur a small administrative fee.',
  'The annual report will be published on our website in the spring.',
  'Thank you for choosing our services over the past several years.',
];

interface Letter {
  pdf: Uint8Array;
  targets: string[];
  pages: number;
}

async function makeLetter(random: () => number): Promise<Letter> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const first = pick(firstNames);
  const last = pick(lastNames);
  const account = `${digits(4)}-${digits(4)}-${digits(4)}`;
  const phone = `+1 ${digits(3)}-${digits(3)}-${digits(4)}`;
  const email = `${first.toLowerCase()}.${last.toLowerCase()}@${pick(domains)}`;
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = 1 + Math.floor(random() * 3);
  for (let p = 0; p < pages; p++) {
    const lines = [
      p === 0 ? `Dear ${first} ${last},` : `Account ${account}, page ${p + 1}`,
      ...Array.from({ length: 6 }, () => pick(filler)),
      `Questions about account ${account} go to ${email} or ${phone}.`,
      ...Array.from({ length: 6 }, () => pick(filler)),
      `Signed for ${first} ${last} by the billing office.`,
    ];
    const page = doc.addPage([612, 792]);
    for (const [i, line] of lines.entries()) page.drawText(line, { x: 60, y: 720 - i * 22, size: 11, font });
  }
  return { pdf: await doc.save(), targets: [`${first} ${last}`, account, phone, email], pages };
}

const pdfType = { kind: 'pdf', mimeType: 'application/pdf' } as const;
const parse = async (pdf: Uint8Array, ocr: 'auto' | 'off' = 'auto'): Promise<ParsedDocument> =>
  (
    await readDocument(
      pdf,
      pdfType,
      { signal: new AbortController().signal },
      { ...defaultParseOptions, ocr },
    )
  ).document;
const wordsOf = (text: string) => new Set(text.split(/\s+/).filter(Boolean));
const flat = (text: string) => text.replace(/\s+/g, ' ');

interface Score {
  left: number;
  targets: number;
  kept: number;
  others: number;
  ms: number;
  pages: number;
}

function score(before: string, after: string, targets: readonly string[], into: Score) {
  const targetWords = new Set(targets.flatMap((target) => target.split(' ')));
  const afterText = flat(after);
  into.left += targets.filter((target) => afterText.includes(target)).length;
  into.targets += targets.length;
  const others = [...wordsOf(before)].filter((word) => ![...targetWords].some((t) => word.includes(t)));
  const kept = wordsOf(after);
  into.kept += others.filter((word) => kept.has(word)).length;
  into.others += others.length;
}

/** The peer: pdftoppm's JPEGs at 150 dpi, one full-page image a page, in a new PDF. */
async function peerRasterise(pdf: Uint8Array): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'redact-peer-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-r',
      '150',
      '-jpeg',
      '-jpegopt',
      'quality=90',
      join(dir, 'in.pdf'),
      join(dir, 'p'),
    ]);
    const out = await PDFDocument.create();
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.jpg'))
      .sort()) {
      const image = await out.embedJpg(readFileSync(join(dir, name)));
      out.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
    }
    return await out.save();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasPdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const random = seededRandom(Number(args.seed));
const letters: Letter[] = [];
for (let n = 0; n < Number(args.docs); n++) letters.push(await makeLetter(random));
const empty = (): Score => ({ left: 0, targets: 0, kept: 0, others: 0, ms: 0, pages: 0 });
const ours = empty();
const peer = empty();
for (const letter of letters) {
  const before = await parse(letter.pdf);
  const [name, account, phone, email] = letter.targets as [string, string, string, string];
  const operations = checkEditOperations(
    [{ type: 'redact', strings: [name, account, phone], regexes: ['[\\w.]+@[\\w.]+\\.(com|org|net)'] }],
    [],
  );
  if (!operations.ok) throw new Error(operations.message);
  let started = performance.now();
  const sources = [{ jobId: 'job_bench' as const, pdf: letter.pdf, parsed: before }];
  // As the worker does it (engine/edit-job.ts): no OCR of the new pages when no source page needed it.
  const reparse = (pdf: Uint8Array) => parse(pdf, reparseOcr(sources, 'auto'));
  const edited = await editDocument(
    { sources, evidence: new Map(), reparse },
    operations.value,
    new AbortController().signal,
  );
  ours.ms += performance.now() - started;
  ours.pages += letter.pages;
  score(before.text, edited.parsed.text, [name, account, phone, email], ours);
  if (!hasPdftoppm) continue;
  started = performance.now();
  const rasterised = await peerRasterise(letter.pdf);
  peer.ms += performance.now() - started;
  peer.pages += letter.pages;
  // Read as it stands: a scan with no text layer (OCR would bring every word back, targets too).
  score(before.text, (await parse(rasterised, 'off')).text, [name, account, phone, email], peer);
}
await closePdfPool();

console.log(
  `redaction round trip: ${letters.length} letters, ${ours.pages} pages, seed ${args.seed}; ${machine()}`,
);
const row = (label: string, s: Score) => [
  label,
  `${s.left} / ${s.targets}`,
  s.others ? fixed(s.kept / s.others, 3) : '-',
  s.pages ? fixed(s.ms / s.pages, 0) : '-',
];
printTable(
  ['', 'redacted left', 'others kept', 'ms/page'],
  [
    row('docjobs edit (redact + verify)', ours),
    hasPdftoppm ? row('pdftoppm -r 150 + pdf-lib', peer) : ['pdftoppm (not installed)', '-', '-', '-'],
  ],
);
if (hasPdftoppm && peer.ms > 0) console.log(`time ratio docjobs / peer: ${fixed(ours.ms / peer.ms, 2)}x`);
