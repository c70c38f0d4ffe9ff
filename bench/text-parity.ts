/**
 * Page text from the operator list (op-text.ts, one pdfjs pass) against page text from pdfjs'
 * getTextContent (a second pass), after the whole layout, side by side in one run.
 *
 *   node bench/text-parity.ts [--rounds 3] [--worst 15] [--only <substring of a path>]
 *
 * Parity: every PDF under the corpus (all folders; files pdfjs cannot open are listed and
 * skipped), each page's `text` and `markdown` from extractPdf with both sources compared by word
 * similarity (src/pipeline/text-similarity.ts); per file the mean and worst page, then the worst
 * pages. For the arXiv set (hand-curated ground truth) both sources' documents are also scored
 * against the truth as bench/parse.ts does. Speed: extractPdf over the 48 arXiv pages with each
 * source, same process, one untimed warm-up round, then `--rounds` alternating rounds; median.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { extractPdf, type PdfParseResult, type TextSource } from '../src/pipeline/pdf/extract.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import { wordSimilarity } from '../src/pipeline/text-similarity.ts';
import { fixed, machine, median, positiveInt, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    worst: { type: 'string', default: '15' },
    only: { type: 'string' },
  },
});
const rounds = positiveInt('rounds', args.rounds);
const root = corpusDir();

function pdfsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? pdfsUnder(join(dir, e.name))
        : e.name.toLowerCase().endsWith('.pdf')
          ? [join(dir, e.name)]
          : [],
    )
    .sort();
}

const parse = (path: string, source: TextSource): Promise<PdfParseResult> =>
  extractPdf(new Uint8Array(readFileSync(path)), () => {}, source);

console.log(`text parity: operator list vs getTextContent, corpus ${root}`);
console.log(machine());

interface PageScore {
  file: string;
  page: number;
  text: number;
  markdown: number;
  old: string;
  now: string;
}
const pages: PageScore[] = [];
const perFile: string[][] = [];
const skipped: string[] = [];
/** Figure and table blocks found with each source, and images painted (pages' `images`). */
const found = { textContent: { figure: 0, table: 0 }, operators: { figure: 0, table: 0 } };
const count = (r: PdfParseResult, into: { figure: number; table: number }) => {
  for (const p of r.pages)
    for (const b of p.blocks) if (b.type === 'figure' || b.type === 'table') into[b.type]++;
};
const files = pdfsUnder(root).filter((p) => !args.only || p.includes(args.only));
for (const path of files) {
  const file = relative(root, path);
  let old: PdfParseResult;
  let now: PdfParseResult;
  try {
    old = await parse(path, 'textContent');
    now = await parse(path, 'operators');
  } catch (error) {
    skipped.push(`${file}: ${(error as Error).message}`);
    continue;
  }
  count(old, found.textContent);
  count(now, found.operators);
  const scores = old.pages.map((p, i) => {
    const q = now.pages[i];
    return {
      file,
      page: p.page,
      text: wordSimilarity(p.text, q?.text ?? ''),
      markdown: wordSimilarity(p.markdown, q?.markdown ?? ''),
      old: p.text,
      now: q?.text ?? '',
    };
  });
  pages.push(...scores);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  perFile.push([
    file,
    String(scores.length),
    fixed(mean(scores.map((s) => s.text)), 4),
    fixed(Math.min(...scores.map((s) => s.text)), 4),
    fixed(mean(scores.map((s) => s.markdown)), 4),
    fixed(Math.min(...scores.map((s) => s.markdown)), 4),
  ]);
}

console.log('\nper file: word similarity of page text (and markdown), operator list vs getTextContent');
printTable(['file', 'pages', 'text mean', 'text min', 'md mean', 'md min'], perFile);
const meanAll = (k: 'text' | 'markdown') => pages.reduce((a, p) => a + p[k], 0) / Math.max(1, pages.length);
console.log(
  `\nall ${pages.length} pages of ${perFile.length} files: text mean ${fixed(meanAll('text'), 4)}, ` +
    `markdown mean ${fixed(meanAll('markdown'), 4)}; pages below 0.98: text ` +
    `${pages.filter((p) => p.text < 0.98).length}, markdown ${pages.filter((p) => p.markdown < 0.98).length}`,
);
console.log(
  `figure blocks: getTextContent ${found.textContent.figure}, operator list ${found.operators.figure}; ` +
    `table blocks: ${found.textContent.table}, ${found.operators.table}`,
);
if (skipped.length > 0) console.log(`skipped (pdfjs cannot open):\n  ${skipped.join('\n  ')}`);

const worst = [...pages].sort((a, b) => a.text - b.text).slice(0, positiveInt('worst', args.worst));
console.log('\nworst pages (text)');
printTable(
  ['file', 'page', 'text', 'markdown', 'first differing words (getTextContent | operator list)'],
  worst.map((p) => [p.file, String(p.page), fixed(p.text, 4), fixed(p.markdown, 4), firstDiff(p.old, p.now)]),
);

function firstDiff(a: string, b: string): string {
  const wa = a.split(/\s+/);
  const wb = b.split(/\s+/);
  let k = 0;
  while (k < wa.length && k < wb.length && wa[k] === wb[k]) k++;
  if (k === wa.length && k === wb.length) return '(same words)';
  const show = (ws: string[]) => JSON.stringify(ws.slice(k, k + 6).join(' ')).slice(0, 50);
  return `${show(wa)} | ${show(wb)}`;
}

// arXiv: both sources against the hand-curated ground truth, and the speed of each.
const arxiv = corpusDir('pypdf_arxiv_text_groundtruth');
const docs = readdirSync(join(arxiv, 'pdf'))
  .filter((n) => n.endsWith('.pdf'))
  .sort()
  .map((n) => ({
    id: basename(n, '.pdf'),
    path: join(arxiv, 'pdf', n),
    truth: readFileSync(join(arxiv, 'groundtruth', `${basename(n, '.pdf')}.txt`), 'utf8'),
  }));
const sources: TextSource[] = ['textContent', 'operators'];
const truthRows: string[][] = [];
for (const doc of docs) {
  const sims = [];
  for (const source of sources) {
    const result = await parse(doc.path, source);
    sims.push(wordSimilarity(result.pages.map((p) => p.text).join('\n\n'), doc.truth));
  }
  truthRows.push([doc.id, ...sims.map((s) => fixed(s, 4)), fixed(sims[1]! - sims[0]!, 4)]);
}
console.log('\narXiv: word similarity of each document to its ground truth');
printTable(['document', 'getTextContent', 'operator list', 'difference'], truthRows);

const seconds = new Map<TextSource, number[]>(sources.map((s) => [s, []]));
let pageCount = 0;
for (let round = 0; round <= rounds; round++) {
  for (const source of sources) {
    const started = performance.now();
    let n = 0;
    for (const doc of docs) n += (await parse(doc.path, source)).pages.length;
    pageCount = n;
    if (round > 0) seconds.get(source)!.push((performance.now() - started) / 1000);
  }
}
console.log(`\nspeed: extractPdf over the ${pageCount} arXiv pages, one thread, warm, ${rounds} rounds`);
const old = median(seconds.get('textContent')!);
printTable(
  [
    'text source',
    ...Array.from({ length: rounds }, (_, i) => `round ${i + 1}`),
    'median s',
    'pages/s',
    'speed-up',
  ],
  sources.map((source) => {
    const s = seconds.get(source)!;
    return [
      source,
      ...s.map((x) => fixed(x, 2)),
      fixed(median(s), 2),
      fixed(pageCount / median(s), 1),
      `${fixed(old / median(s), 2)}x`,
    ];
  }),
);
