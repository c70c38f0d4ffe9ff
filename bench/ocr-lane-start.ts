/**
 * What a worker's first OCR page costs before any page is read (issue 15, resume): starting a pool
 * thread (pdfjs, PaddleOCR lane) with and without Node's compile cache, and making a lane's two
 * ONNX Runtime sessions from the .onnx files and from the optimised-model cache (model-cache.ts),
 * side by side in one run. CPU is this process's (process.cpuUsage: its threads count), median of
 * `--runs` alternating tries.
 *
 *   node bench/ocr-lane-start.ts [--runs 5]
 *
 * Thread start: `new Worker(entry)` to its first reply (pdfjs: a 'warm' task; lane: the models
 * loaded by a first page, a 32×32 blank one). The cache folders are temporary, filled by one
 * untimed start (which also loads the native libraries once, as a worker's first thread does);
 * "no cache" threads start without NODE_COMPILE_CACHE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { openSession } from '../src/pipeline/ocr/paddle/model-cache.ts';
import { paddleModelFiles } from '../src/pipeline/ocr/paddle/models.ts';
import { fixed, machine, positiveInt, printTable } from './lib.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = positiveInt('runs', args.runs);
const root = mkdtempSync(join(tmpdir(), 'docjobs-lane-start-'));
const compileCache = join(root, 'compile');
const modelCache = join(root, 'models');

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const entries = {
  pdfjs: {
    url: new URL('../src/pipeline/pdf/pdf-worker.ts', import.meta.url),
    task: () => ({ type: 'warm' }),
  },
  'PaddleOCR lane': {
    url: new URL('../src/pipeline/ocr/paddle/paddle-worker.ts', import.meta.url),
    task: () => ({ pixels: new Uint8Array(32 * 32).fill(255), width: 32, height: 32, detectionSide: 960 }),
  },
};

/** CPU seconds from `new Worker` to the thread's first reply. */
async function threadStart(
  entry: (typeof entries)[keyof typeof entries],
  cached: boolean,
  modelCacheDir: string | null = null,
) {
  const env = cached ? { ...process.env, NODE_COMPILE_CACHE: compileCache } : { ...process.env };
  if (!cached) delete env.NODE_COMPILE_CACHE;
  const before = cpuSeconds();
  const worker = new Worker(entry.url, { env });
  const replied = new Promise((resolve) => worker.once('message', resolve));
  worker.postMessage({ id: 1, task: { ...entry.task(), modelCacheDir } });
  await replied;
  const cpu = cpuSeconds() - before;
  await worker.terminate();
  return cpu;
}

const options = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  enableCpuMemArena: true,
} as const;

/** CPU seconds to make a lane's two sessions (as paddle-reader.ts does), from the cache or not. */
async function sessions(cacheDir: string | null, fill = false) {
  const files = paddleModelFiles();
  const before = cpuSeconds();
  const made = await Promise.all([
    openSession(files.detection, options, cacheDir),
    openSession(files.recognition, options, cacheDir),
  ]);
  const cpu = cpuSeconds() - before;
  if (cacheDir && !fill && made.some((m) => m.from !== 'cache'))
    throw new Error('the model cache was not used');
  await Promise.all(made.map((m) => m.session.release()));
  return cpu;
}

try {
  // Untimed: fill both caches, and load ONNX Runtime's library once (every lane but the first finds it).
  for (const entry of Object.values(entries)) await threadStart(entry, true, modelCache);
  await sessions(modelCache, true);
  const rows: string[][] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const without: number[] = [];
    const withCache: number[] = [];
    const withBoth: number[] = [];
    const lane = entry === entries['PaddleOCR lane'];
    for (let i = 0; i < runs; i++) {
      without.push(await threadStart(entry, false));
      withCache.push(await threadStart(entry, true));
      if (lane) withBoth.push(await threadStart(entry, true, modelCache));
    }
    const both = lane ? fixed(median(withBoth), 3) : '-';
    rows.push([`${name} thread start`, fixed(median(without), 3), fixed(median(withCache), 3), both]);
  }
  const fromModel: number[] = [];
  const fromCache: number[] = [];
  for (let i = 0; i < runs; i++) {
    fromModel.push(await sessions(null));
    fromCache.push(await sessions(modelCache));
  }
  rows.push(['lane sessions (det + rec)', fixed(median(fromModel), 3), '-', fixed(median(fromCache), 3)]);
  console.log(`\nOCR lane start, CPU s (median of ${runs}) — ${machine()}\n`);
  printTable(['part', 'no cache', 'compile cache', '+ model cache'], rows);
  console.log(
    '\ncompile cache: NODE_COMPILE_CACHE in the thread (pool threads get the process one);' +
      ' model cache: lane sessions from the optimised models (model-cache.ts), not the .onnx files',
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
