/**
 * ODT, RTF and EPUB: docjobs' parsers vs LibreOffice's `soffice --headless --convert-to txt`.
 *
 *   node bench/formats-textdocs.ts [--docs 30] [--seed 1]
 *
 * Corpus, generated into a temp dir (never committed): `--docs` documents of seeded random words,
 * each 3-6 sections (h1/h2 headings, paragraphs, a nested list, a table). The source is HTML;
 * LibreOffice converts it to ODT and RTF (real writer output); the EPUB is written here (one
 * chapter per section, a nav document). Scored against the source: word recall (bag of words) and
 * F1, headings recovered as heading blocks of the same level, table cells recovered at the same
 * row and column. Throughput: docjobs' parser in this process, one file after another, vs one
 * soffice process converting the same files to text (its start-up counted once, not per file).
 * soffice does not open EPUB: that row has no peer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseEpub } from '../src/pipeline/formats/epub/epub.ts';
import { parseOdt } from '../src/pipeline/formats/odt/odt.ts';
import { parseRtf } from '../src/pipeline/formats/rtf/rtf.ts';
import {
  makeEpub,
  sectionHtml,
  type TextDocSpec,
} from '../src/pipeline/formats/textdocs/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { fixed, machine, positiveInt, printTable } from './lib.ts';
import { bagOfWords, f1 } from './scoring.ts';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '30' }, seed: { type: 'string', default: '1' } },
});
const docs = positiveInt('--docs', values.docs);
let state = positiveInt('--seed', values.seed);
const random = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
};
const vocabulary =
  'alpha budget client delivery estimate forecast growth harbour invoice journal ledger margin network office payment quarter revenue supplier tariff update vendor warehouse yield zone'.split(
    ' ',
  );
const accented = ['café', 'Zürich', 'naïve', 'façade', 'señor', '€'];
const word = () => {
  const list = random() < 0.05 ? accented : vocabulary;
  return list[Math.floor(random() * list.length)]!;
};
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

type Section = TextDocSpec['sections'][number] & { level: 1 | 2 };

function makeSpec(i: number): { spec: TextDocSpec; sections: Section[] } {
  const sections: Section[] = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, k) => ({
    level: k === 0 ? 1 : random() < 0.5 ? 1 : 2,
    heading: `${sentence(2)} ${i}-${k}`,
    paragraphs: Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      sentence(20 + Math.floor(random() * 40)),
    ),
    list: random() < 0.6 ? [sentence(3), sentence(4), sentence(3)] : undefined,
    table:
      random() < 0.6
        ? Array.from({ length: 3 + Math.floor(random() * 4) }, (_, r) =>
            Array.from({ length: 3 }, (_, c) =>
              r === 0 ? `col ${c}` : `${word()} ${Math.floor(random() * 1000)}`,
            ),
          )
        : undefined,
  }));
  return { spec: { title: `Document ${i}`, sections }, sections };
}

const htmlOf = (sections: Section[]) => sections.map(sectionHtml).join('');
const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&');

interface Scores {
  words: { matched: number; output: number; reference: number };
  headings: [number, number];
  cells: [number, number];
}

function score(doc: ParsedDocument | string, sections: Section[], into: Scores): void {
  const reference = plain(htmlOf(sections));
  const text = typeof doc === 'string' ? doc : doc.text;
  const counts = bagOfWords(text, reference);
  into.words.matched += counts.matched;
  into.words.output += counts.output;
  into.words.reference += counts.reference;
  if (typeof doc === 'string') return;
  const blocks = doc.pages.flatMap((p) => p.blocks);
  const headings = new Set(blocks.filter((b) => b.type === 'heading').map((b) => `${b.level} ${b.text}`));
  const tables = blocks.filter((b) => b.type === 'table');
  let t = 0;
  for (const s of sections) {
    into.headings[1]++;
    if (headings.has(`${s.level} ${s.heading}`)) into.headings[0]++;
    if (!s.table) continue;
    const rows = tables[t++]?.rows ?? [];
    for (const [r, row] of s.table.entries()) {
      for (const [c, cell] of row.entries()) {
        into.cells[1]++;
        if (rows[r]?.[c]?.replace(/\*\*/g, '') === cell) into.cells[0]++;
      }
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'formats-textdocs-'));
// A profile of its own: soffice started by someone else on this user's profile would take our
// conversion requests and wait on them (or we on its lock).
const soffice = (args: string[]) =>
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', ...args], {
    cwd: dir,
    stdio: 'pipe',
    timeout: 300_000,
  });
try {
  const corpus = Array.from({ length: docs }, (_, i) => ({ name: `doc${i}`, ...makeSpec(i) }));
  for (const d of corpus) {
    writeFileSync(
      join(dir, `${d.name}.html`),
      `<html><head><title>${d.spec.title}</title></head><body>${htmlOf(d.sections)}</body></html>`,
    );
    writeFileSync(join(dir, `${d.name}.epub`), makeEpub(d.spec));
  }
  const htmls = corpus.map((d) => `${d.name}.html`);
  soffice(['--convert-to', 'odt:writer8', ...htmls]);
  soffice(['--convert-to', 'rtf:Rich Text Format', ...htmls]);
  // EPUB chapters carry an <img alt> the other formats lack: its words are not in the source.
  const formats = [
    { ext: 'odt', parse: parseOdt, peer: true },
    { ext: 'rtf', parse: parseRtf, peer: true },
    { ext: 'epub', parse: parseEpub, peer: false },
  ] as const;
  const rows: string[][] = [];
  for (const format of formats) {
    const files = corpus.map((d) => readFileSync(join(dir, `${d.name}.${format.ext}`)));
    const ours: Scores = { words: { matched: 0, output: 0, reference: 0 }, headings: [0, 0], cells: [0, 0] };
    format.parse(files[0]!); // warm-up: module and turndown set-up
    const start = performance.now();
    const parsed = files.map((bytes) => format.parse(bytes));
    const ms = performance.now() - start;
    for (const [i, doc] of parsed.entries()) score(doc, corpus[i]!.sections, ours);
    let peerMs = Number.NaN;
    const peer: Scores = { words: { matched: 0, output: 0, reference: 0 }, headings: [0, 0], cells: [0, 0] };
    if (format.peer) {
      const names = corpus.map((d) => `${d.name}.${format.ext}`);
      const outDir = join(dir, `txt-${format.ext}`);
      const peerStart = performance.now();
      soffice(['--convert-to', 'txt:Text (encoded):UTF8', '--outdir', outDir, ...names]);
      peerMs = performance.now() - peerStart;
      for (const d of corpus) score(readFileSync(join(outDir, `${d.name}.txt`), 'utf8'), d.sections, peer);
    }
    const recall = (s: Scores) => fixed((100 * s.words.matched) / s.words.reference, 1);
    const pct = ([a, b]: [number, number]) => (b === 0 ? '-' : `${fixed((100 * a) / b, 1)}`);
    rows.push([
      format.ext,
      `${recall(ours)}`,
      fixed(100 * f1(ours.words), 1),
      pct(ours.headings),
      pct(ours.cells),
      fixed((docs / ms) * 1000, 1),
      format.peer ? recall(peer) : '-',
      format.peer ? fixed((docs / peerMs) * 1000, 1) : '-',
      format.peer ? `${fixed(peerMs / ms, 1)}x` : '-',
    ]);
  }
  console.log(`formats-textdocs: ${docs} generated documents, seed ${values.seed}; ${machine()}`);
  printTable(
    [
      'format',
      'recall %',
      'F1 %',
      'headings %',
      'table cells %',
      'docs/s',
      'soffice recall %',
      'soffice docs/s',
      'speed-up',
    ],
    rows,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
