/**
 * Retrieval quality (issue 16): do the chunks that POST /v1/search ranks first answer the
 * questions of bench/retrieval-questions.json (53 questions over the 5 arXiv papers and 4 docling
 * PDFs, each with its document, page and answering passage)? Recall@5 and MRR@10 for `structure`
 * chunks, `size` windows and a naive baseline (fixed 512-token windows cut anywhere,
 * bench/retrieval-naive.ts), all through the same search, by mode.
 *
 *   node bench/retrieval.ts [--modes fulltext,vector,hybrid] [--backend pglite|postgres] [--top 10]
 *                           [--fake-embeddings 256]
 *
 * Default modes: fulltext, plus vector and hybrid when EMBEDDINGS_BASE_URL is set (say in the
 * write-up what that endpoint's vectors are). `--fake-embeddings DIMS` starts the test embeddings
 * server of src/pipeline/embed/testing (feature-hashed words and trigrams: lexical vectors, no
 * model) on 127.0.0.1 and points EMBEDDINGS_BASE_URL at it. Every job carries metadata `chunker`, which the
 * searches filter on. A hit: bench/retrieval-scoring.ts. Target: structure ≥ naive on recall@5.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Chunk } from '../src/core/chunk.ts';
import { loadTokenizer } from '../src/pipeline/chunk/tokenizer.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import {
  authHeaders,
  type Backend,
  backendsOf,
  fixed,
  machine,
  positiveInt,
  printTable,
  sleep,
  startBenchInstance,
} from './lib.ts';
import { naiveWindows, type Window } from './retrieval-naive.ts';
import { type Question, type RankedChunk, scoreRankings } from './retrieval-scoring.ts';

const { values: args } = parseArgs({
  options: {
    modes: { type: 'string' },
    backend: { type: 'string', default: 'pglite' },
    top: { type: 'string', default: '10' },
    'fake-embeddings': { type: 'string' },
  },
});
let fakeEmbeddings: { baseUrl: string; close(): Promise<void> } | null = null;
if (args['fake-embeddings']) {
  // The search branch's test server (issue 16's embeddings side), loaded only when asked for.
  const module = '../src/pipeline/embed/testing/fake-embeddings-server.ts';
  const { startFakeEmbeddingsServer } = (await import(module)) as {
    startFakeEmbeddingsServer(o: { dims: number }): Promise<{ baseUrl: string; close(): Promise<void> }>;
  };
  fakeEmbeddings = await startFakeEmbeddingsServer({
    dims: positiveInt('fake-embeddings', args['fake-embeddings']),
  });
  process.env.EMBEDDINGS_BASE_URL = fakeEmbeddings.baseUrl;
  process.env.EMBEDDINGS_MODEL ??= 'hashed-words-trigrams';
}
const modes = (args.modes ?? (process.env.EMBEDDINGS_BASE_URL ? 'fulltext,vector,hybrid' : 'fulltext')).split(
  ',',
);
const [backend] = backendsOf(args.backend) as [Backend];
const topK = positiveInt('top', args.top);
const questions = JSON.parse(
  readFileSync(new URL('./retrieval-questions.json', import.meta.url), 'utf8'),
) as Question[];
const documents = [...new Set(questions.map((question) => question.document))];
const chunkers = ['structure', 'size', 'naive'] as const;
type Chunker = (typeof chunkers)[number];

const instance = await startBenchInstance({ backend, worker: true, concurrency: 2 });
const { baseUrl } = instance;

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...authHeaders, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const submit = (fields: Record<string, unknown>) =>
  api<{ id: string }>('POST', '/v1/jobs', fields).then((job) => job.id);

async function finished(id: string): Promise<void> {
  for (;;) {
    const job = await api<{ status: string; error: unknown }>('GET', `/v1/jobs/${id}?wait=10`);
    if (job.status === 'completed') return;
    if (['failed', 'partial', 'timeout', 'cancelled', 'expired'].includes(job.status))
      throw new Error(`job ${id} ended ${job.status}: ${JSON.stringify(job.error)}`);
    await sleep(50);
  }
}

/** Which document (and, for naive windows, which pages) each job's chunks are of. */
const jobDocument = new Map<string, string>();
const windowOf = new Map<string, Window>();
const chunkCounts = new Map<Chunker, number[]>(chunkers.map((c) => [c, []]));

try {
  console.log(
    `retrieval bench: ${questions.length} questions, ${documents.length} documents, modes ${modes.join(', ')}, ${backend}`,
  );
  console.log(machine());
  // structure: parse jobs that chunk; size: chunk jobs over their pages.
  const parses = await Promise.all(
    documents.map(async (document) => {
      const bytes = readFileSync(corpusDir(...document.split('/').slice(0, 1), 'pdf', basename(document)));
      const id = await submit({
        document: Buffer.from(bytes).toString('base64'),
        fileName: basename(document),
        options: { chunking: { strategy: 'structure', maxTokens: 512 } },
        metadata: { chunker: 'structure' },
      });
      jobDocument.set(id, document);
      return { document, id };
    }),
  );
  for (const { document, id } of parses) {
    const child = await submit({
      type: 'chunk',
      dependsOn: id,
      options: { chunking: { strategy: 'size', maxTokens: 512 } },
      metadata: { chunker: 'size' },
    });
    jobDocument.set(child, document);
  }
  for (const { id } of parses) await finished(id);
  // naive: each 512-token window of a parsed document submitted as a text document of its own.
  const tokenizer = await loadTokenizer('cl100k_base');
  const pending: string[] = [];
  for (const { document, id } of parses) {
    const parsed = await api<ParsedDocument & { chunks: Chunk[] }>('GET', `/v1/jobs/${id}/result`);
    chunkCounts.get('structure')!.push(...parsed.chunks.map((chunk) => chunk.tokens));
    for (const [k, window] of naiveWindows(parsed, tokenizer).entries()) {
      const windowId = await submit({
        type: 'chunk',
        document: Buffer.from(window.text).toString('base64'),
        fileName: `${basename(document, '.pdf')}-w${k}.txt`,
        options: { chunking: { strategy: 'page', maxTokens: 8191 } },
        metadata: { chunker: 'naive' },
      });
      jobDocument.set(windowId, document);
      windowOf.set(windowId, window);
      chunkCounts.get('naive')!.push(tokenizer.count(window.text));
      pending.push(windowId);
    }
  }
  const sizeJobs = [...jobDocument.keys()].filter(
    (id) => !windowOf.has(id) && !parses.some((p) => p.id === id),
  );
  for (const id of [...sizeJobs, ...pending]) await finished(id);
  for (const id of sizeJobs) {
    const result = await api<{ chunks: Chunk[] }>('GET', `/v1/jobs/${id}/result`);
    chunkCounts.get('size')!.push(...result.chunks.map((chunk) => chunk.tokens));
  }

  const rows: string[][] = [];
  for (const mode of modes) {
    for (const chunker of chunkers) {
      const rankings = new Map<string, RankedChunk[]>();
      const started = performance.now();
      for (const question of questions) {
        const { data } = await api<{ data: { jobId: string; pages: number[]; text: string }[] }>(
          'POST',
          '/v1/search',
          {
            query: question.question,
            mode,
            topK,
            filters: { metadata: { chunker } },
          },
        );
        rankings.set(
          question.id,
          data.map((hit) => ({
            document: jobDocument.get(hit.jobId) ?? '?',
            pages: windowOf.get(hit.jobId)?.pages ?? hit.pages,
            text: hit.text,
          })),
        );
      }
      const msEach = (performance.now() - started) / questions.length;
      const at5 = scoreRankings(questions, rankings, 5);
      const tokens = chunkCounts.get(chunker)!;
      rows.push([
        chunker,
        mode,
        String(tokens.length),
        fixed(tokens.reduce((sum, t) => sum + t, 0) / Math.max(1, tokens.length)),
        fixed(at5.recallAtK, 3),
        fixed(at5.mrr, 3),
        fixed(msEach, 1),
      ]);
      console.log(`${chunker} ${mode}: missed within 5: ${at5.misses.join(' ') || 'none'}`);
    }
  }
  console.log();
  printTable(['chunker', 'mode', 'chunks', 'mean tokens', 'recall@5', `MRR@${topK}`, 'ms/query'], rows);
} finally {
  await instance.close();
  await fakeEmbeddings?.close();
}
