/**
 * Search latency on 100,000 chunks (issue 16): POST /v1/search through the HTTP API beside the very
 * same store functions called in-process (the ranking and hit-reading SQL through the driver, no
 * HTTP, auth, validation or JSON): the ratio is our overhead, the peer column the database's cost.
 *
 *   node bench/search.ts [--backend both|pglite|postgres] [--chunks 100000] [--requests 100]
 *                        [--vector-sizes 1000,2500,5000,10000,25000,50000,100000] [--vector-requests 10] [--dims 384]
 *
 * Chunks: windows of 60-200 words at random places in the corpus's text (the arXiv text ground
 * truth and the docling pages' markdown, ../shared/corpus), 100 chunks a job, indexed by the same
 * write as the worker's (replaceJobChunks: tsvector in the detected language, GIN). Queries: 2-3
 * words of 5+ letters taken from random chunks (so most match), a new one each request.
 *
 * fulltext: on each backend at --chunks. vector, on each backend, growing through --vector-sizes:
 * through the HNSW index where the database has pgvector (PGlite always: its PGlite build loads at
 * every open), exact (a dot product per row of the real[] column) where it has not (this machine's
 * PostgreSQL server). Vectors of --dims by the test embeddings server's feature hashing (the API
 * embeds each query through it over HTTP, as in production; the peer is handed the vector). A size
 * whose p50 passes 3 s ends that backend's vector series.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { OrgId } from '../src/core/ids.ts';
import type { SearchMode } from '../src/core/search.ts';
import { guessTextSearchConfig } from '../src/core/text-language.ts';
import {
  type FakeEmbeddingsServer,
  hashedEmbedding,
  startFakeEmbeddingsServer,
} from '../src/pipeline/embed/testing/fake-embeddings-server.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { ChunkInsert } from '../src/store/chunks/chunk-row.ts';
import { readHits } from '../src/store/chunks/read-hits.ts';
import { rankFulltext } from '../src/store/chunks/search-fulltext.ts';
import { rankVector } from '../src/store/chunks/search-vector.ts';
import { ensureVectorIndex, hasPgvector } from '../src/store/chunks/vector-index.ts';
import { replaceJobChunks } from '../src/store/chunks/write-chunks.ts';
import type { Database } from '../src/store/db.ts';
import { upkeepGrownTables } from '../src/store/pglite-upkeep.ts';
import {
  authHeaders,
  type Backend,
  backendsOf,
  fixed,
  machine,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    chunks: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '100' },
    'vector-sizes': { type: 'string', default: '1000,2500,5000,10000,25000,50000,100000' },
    'vector-requests': { type: 'string', default: '10' },
    dims: { type: 'string', default: '384' },
  },
});
const backends = backendsOf(args.backend);
const totalChunks = positiveInt('chunks', args.chunks);
const requests = positiveInt('requests', args.requests);
const vectorRequests = positiveInt('vector-requests', args['vector-requests']);
const dims = positiveInt('dims', args.dims);
const vectorSizes = args['vector-sizes']
  .split(',')
  .map((size) => positiveInt('vector-sizes', size))
  .sort((a, b) => a - b);
const chunksPerJob = 100;
const model = 'hashing-bench';
const giveUpMs = 3000;

/** A deterministic generator: the same chunks and queries on every run and backend. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function corpusWords(): string[][] {
  const texts: string[] = [];
  const arxiv = corpusDir('pypdf_arxiv_text_groundtruth', 'groundtruth');
  for (const file of readdirSync(arxiv).filter((name) => name.endsWith('.txt')))
    texts.push(readFileSync(join(arxiv, file), 'utf8'));
  const docling = corpusDir('docling_pdf_groundtruth', 'groundtruth');
  for (const file of readdirSync(docling).filter((name) => name.endsWith('.md')))
    texts.push(readFileSync(join(docling, file), 'utf8'));
  return texts
    .map((text) =>
      text
        .replace(/[#|*_`<>[\]()-]+/g, ' ')
        .split(/\s+/)
        .filter(Boolean),
    )
    .filter((words) => words.length > 300);
}

const documents = corpusWords();
const rand = random(16);
function makeChunk(index: number): ChunkInsert {
  const words = documents[Math.floor(rand() * documents.length)]!;
  const length = 60 + Math.floor(rand() * 140);
  const start = Math.floor(rand() * (words.length - length));
  const text = words.slice(start, start + length).join(' ');
  return {
    index,
    id: String(index),
    text,
    markdown: text,
    headingPath: [],
    pages: [1 + Math.floor(index / 4)],
    bboxes: {},
    blockTypes: ['paragraph'],
    tokens: Math.round(length * 1.3),
    embedding: null,
  };
}

function makeQueries(count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const words = documents[Math.floor(next() * documents.length)]!;
    const at = Math.floor(next() * (words.length - 200));
    const picked = words
      .slice(at, at + 200)
      .map((word) => word.toLowerCase().replace(/[^\p{L}]/gu, ''))
      .filter((word) => word.length >= 5);
    const take = 2 + Math.floor(next() * 2);
    return Array.from({ length: take }, () => picked[Math.floor(next() * picked.length)] ?? 'table').join(
      ' ',
    );
  });
}

/** Jobs of 100 chunks, written as the worker writes them, until the organisation holds `upTo` chunks. */
async function fill(db: Database, orgId: OrgId, from: number, upTo: number, withVectors: boolean) {
  for (let start = from; start < upTo; start += chunksPerJob) {
    const jobId = `job_bench${String(start / chunksPerJob).padStart(21, '0')}`;
    await db.query(
      `INSERT INTO jobs (id, org_id, type, status, attempt, timeout_seconds, file_name, metadata, created_at)
       VALUES ($1, $2, 'parse', 'processing', 1, 600, $3, '{}', now())`,
      [jobId, orgId, `paper-${start / chunksPerJob}.pdf`],
    );
    const chunks = Array.from({ length: Math.min(chunksPerJob, upTo - start) }, (_, i) => makeChunk(i));
    if (withVectors) for (const chunk of chunks) chunk.embedding = hashedEmbedding(chunk.text, dims);
    const language = guessTextSearchConfig(chunks.map((chunk) => chunk.text).join(' '));
    const written = await replaceJobChunks(db, {
      jobId,
      attempt: 1,
      language,
      model: withVectors ? model : null,
      chunks,
    });
    if (!written) throw new Error(`job ${jobId} was not written`);
    await db.query(
      `UPDATE jobs SET status = 'completed', progress = 100, completed_at = now() WHERE id = $1`,
      [jobId],
    );
  }
  // What the PGlite adapter's upkeep does every 30 s (a server's autovacuum does it on its own): run
  // now, so the measurement does not depend on when that timer last fired.
  if (db.kind === 'pglite') await upkeepGrownTables(db, [db.schema]);
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

interface Timing {
  api: number[];
  peer: number[];
  hits: number;
}

async function measure(
  baseUrl: string,
  db: Database,
  orgId: OrgId,
  mode: SearchMode,
  queries: string[],
  warmup: number,
): Promise<Timing> {
  const timing: Timing = { api: [], peer: [], hits: 0 };
  const topK = 10;
  const post = (query: string) =>
    fetch(`${baseUrl}/v1/search`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ query, mode, topK }),
    });
  const api = async (query: string) => {
    let started = performance.now();
    // A kept-alive socket the server closed while the previous (slow) peer query ran: once more.
    const response = await post(query).catch(() => {
      started = performance.now();
      return post(query);
    });
    const body = (await response.json()) as { data: unknown[] };
    if (response.status !== 200) throw new Error(`search → ${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, hits: body.data.length };
  };
  const peer = async (query: string) => {
    const vector = mode === 'vector' ? hashedEmbedding(query, dims) : null;
    const started = performance.now();
    const ranked = vector
      ? await rankVector(db, orgId, vector, model, {}, topK)
      : await rankFulltext(db, orgId, query, {}, topK);
    await readHits(db, orgId, query, ranked);
    return performance.now() - started;
  };
  for (const query of queries.slice(0, warmup)) {
    await api(query);
    await peer(query);
  }
  for (const query of queries.slice(warmup)) {
    const answer = await api(query);
    timing.api.push(answer.ms);
    timing.hits += answer.hits;
    timing.peer.push(await peer(query));
    if (mode === 'vector' && percentile(timing.api, 0.5) > giveUpMs * 2) break;
  }
  return timing;
}

function row(label: string, timing: Timing): string[] {
  const [a50, a95, p50, p95] = [
    percentile(timing.api, 0.5),
    percentile(timing.api, 0.95),
    percentile(timing.peer, 0.5),
    percentile(timing.peer, 0.95),
  ];
  return [
    label,
    fixed(a50, 1),
    fixed(a95, 1),
    fixed(p50, 1),
    fixed(p95, 1),
    `${fixed(a50 / p50, 2)}x`,
    `${fixed(a95 / p95, 2)}x`,
    fixed(timing.hits / timing.api.length, 1),
  ];
}

const headers = [
  'case',
  'API p50 ms',
  'API p95 ms',
  'SQL p50 ms',
  'SQL p95 ms',
  'p50 ratio',
  'p95 ratio',
  'hits/query',
];

console.log(
  `search bench: ${fixed(totalChunks)} chunks (${documents.length} corpus texts cut into 60-200-word windows), ${requests} requests per fulltext case, ${vectorRequests} per vector size, ${dims} dims`,
);
console.log(machine());

let server: FakeEmbeddingsServer | null = null;
try {
  server = await startFakeEmbeddingsServer({ dims });
  process.env.EMBEDDINGS_BASE_URL = server.baseUrl;
  process.env.EMBEDDINGS_MODEL = model;
  const rows: string[][] = [];
  for (const backend of backends as Backend[]) {
    const instance = await startBenchInstance({ backend, worker: false, concurrency: 1 });
    try {
      const db = instance.docjobs.ctx.db;
      const [org] = await db.query<{ id: OrgId }>(`SELECT id FROM organisations WHERE name = 'default'`);
      const orgId = org!.id;
      let filled = 0;
      const pgvector = await hasPgvector(db);
      // As the worker does before writing embedded chunks (services/index-chunks.ts).
      if (pgvector) await ensureVectorIndex(db, dims);
      const search = pgvector ? 'HNSW (pgvector)' : 'exact (real[])';
      for (const size of vectorSizes.filter((size) => size <= totalChunks)) {
        const started = performance.now();
        await fill(db, orgId, filled, size, true);
        console.log(
          `${backend}: ${fixed(size)} chunks with vectors (+${fixed((performance.now() - started) / 1000, 1)} s to write)`,
        );
        filled = size;
        const timing = await measure(
          instance.baseUrl,
          db,
          orgId,
          'vector',
          makeQueries(vectorRequests + 2, size),
          2,
        );
        rows.push(row(`${backend} vector ${search}, ${fixed(size)} chunks`, timing));
        console.log(rows.at(-1)!.join('  '));
        if (percentile(timing.api, 0.5) > giveUpMs) break;
      }
      const started = performance.now();
      // Vectors only when a vector series ran: a full-text-only run (--vector-sizes above --chunks) needs none.
      await fill(db, orgId, filled, totalChunks, filled > 0);
      if (filled < totalChunks) {
        console.log(
          `${backend}: ${fixed(totalChunks)} chunks (+${fixed((performance.now() - started) / 1000, 1)} s to write)`,
        );
      }
      if (backend === 'postgres') await db.query('VACUUM ANALYZE chunks');
      const size = await db.query<{ size: string }>(
        `SELECT pg_size_pretty(pg_total_relation_size('chunks')) AS size`,
      );
      console.log(`${backend}: chunks table and indexes ${size[0]?.size}`);
      const timing = await measure(instance.baseUrl, db, orgId, 'fulltext', makeQueries(requests + 5, 7), 5);
      rows.push(row(`${backend} fulltext, ${fixed(totalChunks)} chunks`, timing));
      console.log(rows.at(-1)!.join('  '));
    } finally {
      await instance.close();
    }
  }
  console.log('');
  printTable(headers, rows);
  console.log(
    '\nAPI = POST /v1/search over HTTP on 127.0.0.1 (auth, validation, the query embedded through the test server for vector, SQL, JSON); SQL = the same store functions in-process.',
  );
  console.log('target: fulltext p95 < 200 ms on 100,000 chunks; vector exact: the size where it passes 1 s.');
} finally {
  await server?.close();
}
