/**
 * PDF parsing: docjobs end to end vs poppler's pdftotext, same files, same two cores.
 *
 *   node bench/parse.ts [--backend pglite|postgres] [--rounds 3] [--warmup 1] [--concurrency 2]
 *
 * Corpus: the 5 arXiv papers of ../shared/corpus/pypdf_arxiv_text_groundtruth (48 pages; its
 * README says 45, its own per-paper list sums to 48) with hand-curated ground truth.
 * docjobs: all 5 submitted at once over HTTP to an instance with WORKER_CONCURRENCY=2; wall time
 * from the first submit to the last job terminal (100 ms poll). pdftotext: the same files, 2
 * processes at a time. `--warmup` untimed rounds, then the median of `--rounds`; then per
 * document the word similarity (src/pipeline/text-similarity.ts) of each extraction to the
 * ground truth (texts of the last round).
 */
import { execFile, spawnSync } from 'node:child_process';
import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import { wordSimilarity } from '../src/pipeline/text-similarity.ts';
import {
  authHeaders,
  type Backend,
  backendsOf,
  fixed,
  inParallel,
  machine,
  median,
  pollUntil,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'pglite' },
    rounds: { type: 'string', default: '3' },
    // Not timed: the first round starts the pdf.js worker threads (~1 s, once per process).
    warmup: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    // Default: pypdf_arxiv_text_groundtruth in the corpus (DOCJOBS_CORPUS or ../shared/corpus).
    corpus: { type: 'string' },
  },
});
const [backend] = backendsOf(args.backend) as [Backend];
const rounds = positiveInt('rounds', args.rounds);
const warmup = Number(args.warmup);
if (!Number.isInteger(warmup) || warmup < 0) throw new Error('--warmup must be an integer >= 0');
const concurrency = positiveInt('concurrency', args.concurrency);
const arxivDir = args.corpus ?? corpusDir('pypdf_arxiv_text_groundtruth');
const pdfDir = join(arxivDir, 'pdf');
const documents = readdirSync(pdfDir)
  .filter((name) => name.endsWith('.pdf'))
  .sort()
  .map((name) => ({
    id: basename(name, '.pdf'),
    path: join(pdfDir, name),
    truth: readFileSync(join(arxivDir, 'groundtruth', `${basename(name, '.pdf')}.txt`), 'utf8'),
  }));

interface Run {
  seconds: number[];
  pages: number;
  texts: Map<string, string>;
}

async function runDocjobs(): Promise<Run> {
  const instance = await startBenchInstance({ backend, worker: true, concurrency });
  const { docjobs, baseUrl } = instance;
  try {
    const seconds: number[] = [];
    let ids: string[] = [];
    for (let round = 0; round < warmup + rounds; round++) {
      const started = performance.now();
      ids = await Promise.all(
        documents.map(async (doc) => {
          const form = new FormData();
          form.append('file', await openAsBlob(doc.path, { type: 'application/pdf' }), `${doc.id}.pdf`);
          const response = await fetch(`${baseUrl}/v1/jobs`, {
            method: 'POST',
            headers: authHeaders,
            body: form,
          });
          if (response.status !== 202) throw new Error(`submit ${doc.id}: ${response.status}`);
          return ((await response.json()) as { id: string }).id;
        }),
      );
      const done = async () => {
        const [row] = await docjobs.ctx.db.query<{ n: string | number }>(
          `SELECT count(*) AS n FROM jobs WHERE id = ANY($1::text[])
             AND status IN ('completed', 'partial', 'failed', 'timeout', 'cancelled')`,
          [ids],
        );
        return Number(row?.n ?? 0);
      };
      const elapsed = (await pollUntil(done, ids.length, started)) / 1000;
      if (round >= warmup) seconds.push(elapsed);
    }
    const rows = await docjobs.ctx.db.query<{ id: string; status: string; pages_total: number | null }>(
      'SELECT id, status, pages_total FROM jobs WHERE id = ANY($1::text[])',
      [ids],
    );
    const failed = rows.filter((row) => row.status !== 'completed');
    if (failed.length > 0) throw new Error(`docjobs jobs not completed: ${JSON.stringify(failed)}`);
    const texts = new Map<string, string>();
    for (const [i, doc] of documents.entries()) {
      const response = await fetch(`${baseUrl}/v1/jobs/${ids[i]}/result?format=text`, {
        headers: authHeaders,
      });
      texts.set(doc.id, await response.text());
    }
    const pages = rows.reduce((sum, row) => sum + (row.pages_total ?? 0), 0);
    return { seconds, pages, texts };
  } finally {
    await instance.close();
  }
}

const run = promisify(execFile);

async function runPdftotext(mode: string[], pages: number): Promise<Run> {
  const seconds: number[] = [];
  const texts = new Map<string, string>();
  for (let round = 0; round < warmup + rounds; round++) {
    const started = performance.now();
    await inParallel(documents.length, concurrency, async (i) => {
      const doc = documents[i]!;
      const { stdout } = await run('pdftotext', [...mode, doc.path, '-'], { maxBuffer: 64 << 20 });
      texts.set(doc.id, stdout);
    });
    if (round >= warmup) seconds.push((performance.now() - started) / 1000);
  }
  return { seconds, pages, texts };
}

const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
console.log(
  `parse bench: ${documents.length} PDFs, ${warmup} warm-up + ${rounds} timed rounds, concurrency ${concurrency}, ${backend}`,
);
console.log(machine());
if (!hasPdftotext) {
  console.log('pdftotext not found (apt-get install -y poppler-utils): the peer columns are skipped.');
}

const ours = await runDocjobs();
const peers: [string, Run][] = [];
if (hasPdftotext) {
  peers.push(['pdftotext', await runPdftotext([], ours.pages)]);
  peers.push(['pdftotext -raw', await runPdftotext(['-raw'], ours.pages)]);
}

const pagesPerSecond = (r: Run) => r.pages / median(r.seconds);
console.log(`\nwall time, ${ours.pages} pages per round (seconds per round; median → pages/s)`);
printTable(
  [
    'tool',
    ...Array.from({ length: rounds }, (_, i) => `round ${i + 1}`),
    'median s',
    'pages/s',
    'docjobs/peer',
  ],
  [['docjobs', ours] as const, ...peers].map(([name, r]) => [
    name,
    ...r.seconds.map((s) => fixed(s, 2)),
    fixed(median(r.seconds), 2),
    fixed(pagesPerSecond(r), 1),
    name === 'docjobs' ? '' : `${fixed(pagesPerSecond(ours) / pagesPerSecond(r), 2)}x`,
  ]),
);

console.log('\nword similarity to the ground truth (1 = identical word sequence)');
const columns: [string, Run][] = [['docjobs', ours], ...peers];
const scores = columns.map(([, r]) =>
  documents.map((doc) => wordSimilarity(r.texts.get(doc.id) ?? '', doc.truth)),
);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const delta = (values: number[]) => (peers.length ? [fixed(values[0]! - values[1]!, 3)] : []);
printTable(
  ['document', ...columns.map(([name]) => name), ...(peers.length ? ['docjobs - pdftotext'] : [])],
  [
    ...documents.map((doc, d) => {
      const values = scores.map((column) => column[d]!);
      return [doc.id, ...values.map((v) => fixed(v, 3)), ...delta(values)];
    }),
    (() => {
      const values = scores.map(mean);
      return ['mean', ...values.map((v) => fixed(v, 3)), ...delta(values)];
    })(),
  ],
);
console.log('\ntargets: docjobs >= 0.3x pdftotext pages/s; mean similarity >= pdftotext - 0.02.');
