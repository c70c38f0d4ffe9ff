/**
 * Generated layout bench: 30 seeded PDFs (bench/generated: papers, newsletters, reports, manuals
 * in English, German and French, one skewed scan) and their present / absent / order / table /
 * heading tests, scored on docjobs' per-page markdown and on pdftotext's per-page text (plain and
 * -layout), side by side in one run. The tests come from what the generator placed, so a failure
 * is the parser's, not a mislabelled page's.
 *
 *   node bench/layout-generated.ts [--out DIR] [--verbose] [--concurrency 4] [--ocr auto|force|off]
 *
 * docjobs: bench/lib.ts parseOverHttp, as bench/olmocr.ts (the document's language as the OCR
 * language). Peers: `pdftotext -f P -l P file -`, plain and -layout. Scoring: bench/scoring.ts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { type GeneratedPdf, generateSet } from './generated/generate.ts';
import {
  type Backend,
  backendsOf,
  fixed,
  inParallel,
  machine,
  makeTempDir,
  parseOverHttp,
  positiveInt,
  printTable,
} from './lib.ts';
import { type OlmocrTest, passes } from './scoring.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    backend: { type: 'string', default: 'pglite' },
    concurrency: { type: 'string', default: '4' },
    ocr: { type: 'string', default: 'auto' },
    verbose: { type: 'boolean', default: false },
  },
});
const [backend] = backendsOf(args.backend) as [Backend];
const concurrency = positiveInt('concurrency', args.concurrency);
if (!['auto', 'force', 'off'].includes(args.ocr)) throw new Error('--ocr must be auto, force or off');
const types = ['present', 'absent', 'order', 'table', 'heading'] as const;

const temp = args.out ? null : makeTempDir('layout-generated');
const dir = args.out ?? temp!.path;
try {
  const started = performance.now();
  const { pdfs, tests } = await generateSet(dir);
  const pageCount = pdfs.reduce((a, p) => a + p.pages, 0);
  console.log(
    `generated: ${pdfs.length} PDFs, ${pageCount} pages, ${tests.length} tests in ${fixed((performance.now() - started) / 1000, 1)} s${args.out ? ` (kept in ${dir})` : ''}`,
  );
  console.log(`ocr ${args.ocr}, concurrency ${concurrency}, ${backend}; ${machine()}`);

  type Pages = (pdf: string, page: number) => string;
  const ocrLanguage = { en: 'eng', de: 'deu', fr: 'fra' } as const;
  const parsed = await parseOverHttp({
    backend,
    concurrency,
    files: pdfs.map((p) => ({
      path: join(dir, p.file),
      name: p.file,
      options: { ocr: args.ocr, languages: [ocrLanguage[p.lang]] },
    })),
  });
  console.log(`docjobs: ${pdfs.length} PDFs done in ${fixed(parsed.seconds, 1)} s`);
  const columns: [string, Pages][] = [['docjobs', (pdf, page) => parsed.pages.get(pdf)?.get(page) ?? '']];

  const run = promisify(execFile);
  const pdftotext = async (mode: string[]): Promise<Pages> => {
    const pages = pdfs.flatMap((p) => Array.from({ length: p.pages }, (_, k) => [p.file, k + 1] as const));
    const text = new Map<string, string>();
    await inParallel(pages.length, concurrency, async (i) => {
      const [file, page] = pages[i]!;
      const { stdout } = await run('pdftotext', [
        ...mode,
        '-f',
        String(page),
        '-l',
        String(page),
        join(dir, file),
        '-',
      ]);
      text.set(`${file}#${page}`, stdout);
    });
    return (pdf, page) => text.get(`${pdf}#${page}`) ?? '';
  };
  if (spawnSync('pdftotext', ['-v']).error) {
    console.log('pdftotext not found (apt-get install -y poppler-utils): its columns are skipped.');
  } else {
    columns.push(['pdftotext', await pdftotext([])], ['pdftotext -layout', await pdftotext(['-layout'])]);
  }
  const outcomes = columns.map(([, page]) => tests.map((t) => passes(t, page(t.pdf, t.page))));
  if (args.out) {
    // Each engine's page text beside the PDFs, to read a failure: DIR/out/ENGINE/NN-kind-lang.pN.md
    for (const [name, page] of columns) {
      const sub = join(dir, 'out', name.replace(/\W+/g, '-'));
      mkdirSync(sub, { recursive: true });
      for (const p of pdfs)
        for (let k = 1; k <= p.pages; k++)
          writeFileSync(join(sub, `${p.file.replace(/\.pdf$/, '')}.p${k}.md`), page(p.file, k));
    }
  }
  report(tests, pdfs, columns, outcomes);
  if (parsed.problems.length > 0) {
    console.log('\ndocjobs jobs without a result (their tests score as empty output):');
    for (const problem of parsed.problems) console.log(`  ${problem}`);
  }
} finally {
  temp?.remove();
}

function report(
  tests: OlmocrTest[],
  pdfs: GeneratedPdf[],
  columns: [string, unknown][],
  outcomes: boolean[][],
) {
  const rate = (passed: boolean[], pick: (t: OlmocrTest) => boolean) => {
    const chosen = tests.map((t, i) => (pick(t) ? passed[i]! : null)).filter((p) => p !== null);
    const n = chosen.filter(Boolean).length;
    return chosen.length === 0 ? '-' : `${fixed((100 * n) / chosen.length, 1)}% (${n})`;
  };
  const row = (label: string, pick: (t: OlmocrTest) => boolean) => [
    label,
    String(tests.filter(pick).length),
    ...outcomes.map((passed) => rate(passed, pick)),
  ];
  const headers = ['', 'tests', ...columns.map(([name]) => name)];
  console.log('\npass rate per test type (passed tests in brackets)');
  printTable(
    ['type', ...headers.slice(1)],
    [...types.map((type) => row(type, (t) => t.type === type)), row('overall', () => true)],
  );
  // Where the failures are: by kind of document, by language, and on out-of-order streams.
  const info = new Map(pdfs.map((p) => [p.file, p]));
  const of = (t: OlmocrTest) => info.get(t.pdf)!;
  console.log('\npass rate per document kind, language and content stream');
  printTable(
    ['documents', ...headers.slice(1)],
    [
      ...['paper', 'newsletter', 'report', 'manual', 'scan'].map((k) => row(k, (t) => of(t).kind === k)),
      ...['en', 'de', 'fr'].map((l) => row(l, (t) => of(t).lang === l)),
      row('out of order', (t) => of(t).outOfOrder),
    ],
  );
  if (!args.verbose) return;
  for (const [c, [name]] of columns.entries()) {
    console.log(`\nfailing tests, ${name}:`);
    for (const [i, t] of tests.entries()) if (!outcomes[c]![i]) console.log(`  ${t.id} ${describe(t)}`);
  }
}

function describe(t: OlmocrTest): string {
  const cut = (s = '') => (s.length > 70 ? `${s.slice(0, 67)}...` : s);
  if (t.type === 'order') return `"${cut(t.before)}" before "${cut(t.after)}"`;
  if (t.type === 'table') {
    const rel = (['up', 'down', 'left', 'right', 'top_heading'] as const)
      .filter((k) => t[k])
      .map((k) => `${k}=${JSON.stringify(t[k])}`);
    return `cell ${JSON.stringify(t.cell)} ${rel.join(' ')}`;
  }
  if (t.type === 'heading') return `${t.heading ? 'heading' : 'not a heading'}: "${cut(t.text)}"`;
  return `"${cut(t.text)}"`;
}

// Stop by itself even if a handle outlives close(); that would be a leak worth knowing about.
setTimeout(() => {
  console.error('still running 10 s after the instance closed: a handle leaked; exiting');
  process.exit(1);
}, 10_000).unref();
