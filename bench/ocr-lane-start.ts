/**
 * What a worker's first OCR page costs before any page is read (issue 15, resume): starting a pool
 * thread (pdfjs, PaddleOCR lane) with and without Node's compile cache, side by side in one run,
 * and the part of a lane's start that is its two ONNX Runtime sessions. CPU is this process's
 * (process.cpuUsage: its threads count), median of `--runs` alternating tries.
 *
 *   node bench/ocr-lane-start.ts [--runs 5]
 *
 * Thread start: `new Worker(entry)` to its first reply (pdfjs: a 'warm' task; lane: the models
 * loaded by a first page, a 32×32 blank one). The cache folder is temporary, filled by one
 * untimed start (which also loads the native libraries once, as a worker's first thread does);
 * "no cache" threads start without NODE_COMPILE_CACHE.
 *
 * An optimised-model cache (ONNX Runtime's own format, saved at 'all': the same results to the
 * probability) was tried and dropped: sessions in 0.187 CPU-s against 0.199 from the .onnx files,
 * a lane's start 0.294 against 0.300 (9 runs; commit d6f9e7a has it). ~0.16 s of the sessions is
 * their floor whatever the optimisation level ('disabled' included): weights and kernels set up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { paddleModelFiles } from '../src/pipeline/ocr/paddle/models.ts';
import { fixed, machine, positiveInt, printTable } from './lib.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = positiveInt('runs', args.runs);
const root = mkdtempSync(join(tmpdir(), 'docjobs-lane-start-'));
const compileCache = join(root, 'compile');

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
async function threadStart(entry: (typeof entries)[keyof typeof entries], cached: boolean) {
  const env = cached ? { ...process.env, NODE_COMPILE_CACHE: compileCache } : { ...process.env };
  if (!cached) delete env.NODE_COMPILE_CACHE;
  const before = cpuSeconds();
  const worker = new Worker(entry.url, { env });
  const replied = new Promise((resolve) => worker.once('message', resolve));
  worker.postMessage({ id: 1, task: entry.task() });
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

/** CPU seconds to make a lane's two sessions, as paddle-reader.ts does. */
async function sessions() {
  const files = paddleModelFiles();
  const before = cpuSeconds();
  const made = await Promise.all([
    ort.InferenceSession.create(files.detection, options),
    ort.InferenceSession.create(files.recognition, options),
  ]);
  const cpu = cpuSeconds() - before;
  await Promise.all(made.map((session) => session.release()));
  return cpu;
}

try {
  // Untimed: fill the cache, and load ONNX Runtime's library once (every lane but the first finds it).
  for (const entry of Object.values(entries)) await threadStart(entry, true);
  const rows: string[][] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const without: number[] = [];
    const withCache: number[] = [];
    for (let i = 0; i < runs; i++) {
      without.push(await threadStart(entry, false));
      withCache.push(await threadStart(entry, true));
    }
    rows.push([`${name} thread start`, fixed(median(without), 3), fixed(median(withCache), 3)]);
  }
  const made: number[] = [];
  for (let i = 0; i < runs; i++) made.push(await sessions());
  rows.push(['of which the two sessions', fixed(median(made), 3), '-']);
  console.log(`\nOCR lane start, CPU s (median of ${runs}) — ${machine()}\n`);
  printTable(['part', 'no cache', 'compile cache'], rows);
  console.log('\ncompile cache: NODE_COMPILE_CACHE in the thread (pool threads now get the process one)');
} finally {
  rmSync(root, { recursive: true, force: true });
}
