/**
 * Chunking speed (issue 16): what chunking adds to a parse, on the arXiv set, beside the parse
 * itself in one run.
 *
 *   node bench/chunking.ts [--rounds 3] [--warmup 1] [--backend pglite|postgres] [--no-jobs]
 *
 * Corpus: the 5 arXiv papers of ../shared/corpus/pypdf_arxiv_text_groundtruth (48 pages).
 * 1. Stages, in this process: each paper read by the parse stage (readDocument, a parse job's
 *    default options), then chunked by each strategy at 512 tokens; medians over the rounds of the
 *    summed milliseconds, chunking's share of the parse, chunks/s. The tokenizer's first load (once
 *    a process, lazily) is shown apart.
 * 2. Jobs, over HTTP (WORKER_CONCURRENCY=2): the 5 papers as parse jobs, then as parse jobs with
 *    options.chunking (structure), rounds alternating which goes first; wall time from the first
 *    submit to the last job's end (median), and the ratio.
 * Target: chunking adds < 20 % to a parse job.
 */
import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChunkingUsed, ChunkStrategy } from '../src/core/chunk.ts';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import { chunkWith } from '../src/pipeline/chunk/chunk-document.ts';
import { loadTokenizer } from '../src/pipeline/chunk/tokenizer.ts';
import { closeThreadPools } from '../src/pipeline/parse-document.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import {
  authHeaders,
  type Backend,
  backendsOf,
  fixed,
  machine,
  median,
  pollUntil,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'pglite' },
    'no-jobs': { type: 'boolean', default: false },
  },
});
const rounds = positiveInt('rounds', args.rounds);
const warmup = Number(args.warmup);
const [backend] = backendsOf(args.backend) as [Backend];
const pdfDir = join(corpusDir('pypdf_arxiv_text_groundtruth'), 'pdf');
const papers = readdirSync(pdfDir)
  .filter((name) => name.endsWith('.pdf'))
  .sort()
  .map((name) => ({ name, path: join(pdfDir, name), bytes: readFileSync(join(pdfDir, name)) }));
const strategies: ChunkStrategy[] = ['structure', 'size', 'page'];
const optionsOf = (strategy: ChunkStrategy): ChunkingUsed => ({
  strategy,
  maxTokens: 512,
  overlapTokens: strategy === 'size' ? 64 : 0,
  minTokens: 0,
  tokenizer: 'cl100k_base',
});

async function stages() {
  const loadStarted = performance.now();
  const tokenizer = await loadTokenizer('cl100k_base');
  const loadMs = performance.now() - loadStarted;
  const parseMs: number[] = [];
  const chunkMs = new Map<ChunkStrategy, number[]>(strategies.map((s) => [s, []]));
  const chunkCount = new Map<ChunkStrategy, number>();
  let pages = 0;
  for (let round = 0; round < warmup + rounds; round++) {
    let parsing = 0;
    const chunking = new Map<ChunkStrategy, number>(strategies.map((s) => [s, 0]));
    pages = 0;
    for (const paper of papers) {
      const started = performance.now();
      const { document } = await readDocument(
        paper.bytes,
        { kind: 'pdf', mimeType: 'application/pdf' },
        { signal: new AbortController().signal },
        defaultParseOptions,
      );
      parsing += performance.now() - started;
      pages += document.pages.length;
      for (const strategy of strategies) {
        const { ms, count } = timeChunking(document, strategy, tokenizer);
        chunking.set(strategy, chunking.get(strategy)! + ms);
        if (round === 0) chunkCount.set(strategy, (chunkCount.get(strategy) ?? 0) + count);
      }
    }
    if (round < warmup) continue;
    parseMs.push(parsing);
    for (const strategy of strategies) chunkMs.get(strategy)!.push(chunking.get(strategy)!);
  }
  await closeThreadPools();
  const parse = median(parseMs);
  console.log(`\n1. stages, ${papers.length} papers, ${pages} pages (median of ${rounds} rounds)`);
  printTable(
    ['step', 'ms', 'vs parse', 'chunks', 'chunks/s', 'pages/s'],
    [
      ['parse (readDocument)', fixed(parse), '1.00x', '', '', fixed((pages * 1000) / parse, 1)],
      ...strategies.map((strategy) => {
        const ms = median(chunkMs.get(strategy)!);
        const count = chunkCount.get(strategy)!;
        return [
          `chunk ${strategy} 512`,
          fixed(ms, 1),
          `+${fixed((100 * ms) / parse, 1)} %`,
          String(count),
          fixed((count * 1000) / ms),
          fixed((pages * 1000) / ms),
        ];
      }),
      ['tokenizer first load (once)', fixed(loadMs), `+${fixed((100 * loadMs) / parse, 1)} %`, '', '', ''],
    ],
  );
}

function timeChunking(
  document: ParsedDocument,
  strategy: ChunkStrategy,
  tokenizer: Awaited<ReturnType<typeof loadTokenizer>>,
) {
  const started = performance.now();
  const chunks = chunkWith(document, optionsOf(strategy), tokenizer);
  return { ms: performance.now() - started, count: chunks.length };
}

async function jobs() {
  const instance = await startBenchInstance({ backend, worker: true, concurrency: 2 });
  const { docjobs, baseUrl } = instance;
  const seconds = { parse: [] as number[], chunked: [] as number[] };
  const runRound = async (chunked: boolean) => {
    const started = performance.now();
    const ids = await Promise.all(
      papers.map(async (paper) => {
        const form = new FormData();
        form.append('file', await openAsBlob(paper.path, { type: 'application/pdf' }), basename(paper.path));
        if (chunked) form.append('options', JSON.stringify({ chunking: { strategy: 'structure' } }));
        const response = await fetch(`${baseUrl}/v1/jobs`, {
          method: 'POST',
          headers: authHeaders,
          body: form,
        });
        if (response.status !== 202)
          throw new Error(`submit ${paper.name}: ${response.status} ${await response.text()}`);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    const ended = async () => {
      const [row] = await docjobs.ctx.db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM jobs WHERE id = ANY($1::text[]) AND status IN ('completed', 'partial', 'failed', 'timeout', 'cancelled')`,
        [ids],
      );
      return Number(row?.n ?? 0);
    };
    const ms = await pollUntil(ended, ids.length, started);
    const failed = await docjobs.ctx.db.query<{ id: string }>(
      `SELECT id FROM jobs WHERE id = ANY($1::text[]) AND status <> 'completed'`,
      [ids],
    );
    if (failed.length > 0) throw new Error(`jobs did not complete: ${JSON.stringify(failed)}`);
    return ms / 1000;
  };
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      // Alternate which goes first, so that neither always meets a warmer machine.
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const chunked of order) {
        const s = await runRound(chunked);
        if (round >= warmup) seconds[chunked ? 'chunked' : 'parse'].push(s);
      }
    }
  } finally {
    await instance.close();
  }
  const parse = median(seconds.parse);
  const chunked = median(seconds.chunked);
  console.log(
    `\n2. jobs over HTTP, ${papers.length} papers at once, WORKER_CONCURRENCY=2, ${backend} (median of ${rounds})`,
  );
  printTable(
    ['jobs', 's', 'ratio'],
    [
      ['parse', fixed(parse, 2), '1.00x'],
      ['parse + options.chunking (structure)', fixed(chunked, 2), `${fixed(chunked / parse, 2)}x`],
    ],
  );
}

console.log(`chunking bench: ${warmup} warm-up + ${rounds} timed rounds`);
console.log(machine());
await stages();
if (!args['no-jobs']) await jobs();
