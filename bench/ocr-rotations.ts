/**
 * Rotated scans: does OCR read a page turned by 0, 90, 180 or 270 degrees? docjobs (ocr auto)
 * vs the tesseract CLI on pdftoppm renders, one run.
 *
 *   node bench/ocr-rotations.ts [--backend pglite|postgres] [--verbose]
 *
 * Corpus: ../shared/corpus/docling_pdf_groundtruth/ocr: four image-only one-page PDFs of the
 * same three lines (docling's OCR regression set), turned through the page's /Rotate (0, 90,
 * 180, 270); expected/<name>.md is the text. Score: word similarity to it
 * (src/pipeline/text-similarity.ts: 1 - word edits / max word count, spacing and case ignored).
 * "Reads" means similarity >= 0.9: the text has 15 words, so at most one word wrong.
 * Peers: `pdftoppm -r 300` then `tesseract PNG stdout` with the default page segmentation
 * (--psm 3, no orientation detection) and with --psm 1 (orientation and script detection
 * first), OMP_THREAD_LIMIT=1.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import { wordSimilarity } from '../src/pipeline/text-similarity.ts';
import {
  type Backend,
  backendsOf,
  countTerminal,
  fetchFinished,
  fixed,
  machine,
  makeTempDir,
  pollUntil,
  printTable,
  startBenchInstance,
  submitFile,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'pglite' },
    verbose: { type: 'boolean', default: false },
  },
});
if (args.backend === 'both') throw new Error('--backend must be pglite or postgres (one run per backend)');
const [backend] = backendsOf(args.backend) as [Backend];

const readsAt = 0.9;
const dir = corpusDir('docling_pdf_groundtruth/ocr');
const documents = readdirSync(join(dir, 'pdf'))
  .filter((name) => name.endsWith('.pdf'))
  .sort()
  .map((name) => {
    const id = basename(name, '.pdf');
    return {
      id,
      path: join(dir, 'pdf', name),
      expected: readFileSync(join(dir, 'expected', `${id}.md`), 'utf8'),
    };
  });

interface Reading {
  text: string;
  /** Anything the engine adds to the row: docjobs' status and quality fields. */
  note: string;
}

async function runDocjobs(): Promise<Reading[]> {
  const instance = await startBenchInstance({ backend, worker: true, concurrency: 2 });
  const { docjobs, baseUrl } = instance;
  try {
    const started = performance.now();
    const options = { ocr: 'auto', languages: ['eng'] };
    const ids = await Promise.all(
      documents.map((doc) => submitFile(baseUrl, doc.path, 'application/pdf', options)),
    );
    await pollUntil(() => countTerminal(docjobs), ids.length, started, { timeoutMs: 600_000 });
    const readings: Reading[] = [];
    for (const id of ids) {
      const job = await fetchFinished(baseUrl, id, 'text');
      const quality =
        typeof job.qualityScore === 'number'
          ? `${fixed(job.qualityScore, 2)} ${job.qualityCategory ?? ''}`
          : '-';
      readings.push({
        text: job.result,
        note: job.result ? `${job.status}, quality ${quality}` : `${job.status}: ${job.error?.message ?? ''}`,
      });
    }
    return readings;
  } finally {
    await instance.close();
  }
}

const run = promisify(execFile);

async function runTesseract(psm: string): Promise<Reading[]> {
  const tmp = makeTempDir('ocr-rotations');
  try {
    const readings: Reading[] = [];
    for (const doc of documents) {
      const prefix = join(tmp.path, doc.id);
      await run('pdftoppm', ['-r', '300', '-png', '-singlefile', doc.path, prefix], { timeout: 120_000 });
      const { stdout } = await run('tesseract', [`${prefix}.png`, 'stdout', '--psm', psm], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        timeout: 300_000,
      });
      readings.push({ text: stdout, note: '' });
    }
    return readings;
  } finally {
    tmp.remove();
  }
}

const has = (command: string, flag: string) => !spawnSync(command, [flag]).error;
const hasPeer = has('tesseract', '--version') && has('pdftoppm', '-v');
console.log(`OCR rotations bench: ${documents.length} image-only PDFs, docjobs ocr auto, ${backend}`);
console.log(machine());
if (!hasPeer) {
  console.log(
    'tesseract or pdftoppm not found (apt-get install -y tesseract-ocr poppler-utils): peers skipped.',
  );
}

const columns: [string, Reading[]][] = [['docjobs', await runDocjobs()]];
if (hasPeer) {
  columns.push(['tesseract', await runTesseract('3')]);
  columns.push(['tesseract --psm 1', await runTesseract('1')]);
}
const similarity = columns.map(([, readings]) =>
  documents.map((doc, i) => wordSimilarity(readings[i]!.text, doc.expected)),
);
const cell = (s: number) => `${fixed(s, 2)} ${s >= readsAt ? 'reads' : 'NO'}`;
console.log(
  `\nword similarity to expected; "reads" = similarity >= ${readsAt} (at most 1 of 15 words wrong)`,
);
printTable(
  ['pdf', ...columns.map(([name]) => name)],
  [
    ...documents.map((doc, d) => [doc.id, ...similarity.map((column) => cell(column[d]!))]),
    ['reads correctly', ...similarity.map((column) => `${column.filter((s) => s >= readsAt).length}/4`)],
  ],
);
console.log('\ndocjobs jobs:');
for (const [i, doc] of documents.entries()) console.log(`  ${doc.id}: ${columns[0]![1][i]!.note}`);
if (args.verbose) {
  for (const [name, readings] of columns) {
    console.log(`\n${name} text:`);
    for (const [i, doc] of documents.entries()) {
      console.log(
        `  ${doc.id}: ${JSON.stringify(readings[i]!.text.replace(/\s+/g, ' ').trim().slice(0, 100))}`,
      );
    }
  }
}

// Stop by itself even if a handle outlives close(); that would be a leak worth knowing about.
setTimeout(() => {
  console.error('still running 10 s after the instance closed: a handle leaked; exiting');
  process.exit(1);
}, 10_000).unref();
