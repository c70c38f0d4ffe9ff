/**
 * Split boundary F1: docjobs' automatic split vs a baseline that cuts at every page whose
 * classification changes (the workflow's split step without ranges), on the same packets, one run.
 *
 *   node bench/split.ts [--packets 100] [--seed 19] [--fresh] [--misses]
 *
 * Packets: 2 to 7 documents drawn at random (seeded) from ../shared/corpus/receipts_pdf_cc0,
 * invoice2data_invoices (the PDFs) and the arXiv papers of pypdf_arxiv_text_groundtruth, in random
 * order; a paper adds its first 2 to 6 pages (random), so packets vary in length. Each packet is
 * written as one PDF with pdf-lib (pages copied) and read as the worker reads it (detectFileType +
 * readDocument, default options), cached under /tmp by its bytes and the reading code (not the
 * split, classify or extract code: tuning them re-reads nothing); --fresh re-reads.
 * A boundary is a page that starts a document (page 1 excluded); precision, recall and F1 are
 * summed over all packets. Both sides label pages with the split job's default categories.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { defaultParseOptions } from '../src/core/parse-options.ts';
import type { ClassifyTask, SplitTask } from '../src/core/task.ts';
import { detectFileType } from '../src/pipeline/detect.ts';
import { documentPages } from '../src/pipeline/document-pages.ts';
import { closeThreadPools } from '../src/pipeline/parse-document.ts';
import { readDocument } from '../src/pipeline/read-document.ts';
import { pageBreaks } from '../src/pipeline/split/boundaries.ts';
import { defaultSplitCategories } from '../src/pipeline/split/default-categories.ts';
import { pageSignals } from '../src/pipeline/split/page-signals.ts';
import { runSplit, type SplitPart } from '../src/pipeline/split/run-split.ts';
import { partsByLabel } from '../src/pipeline/tasks/run-workflow.ts';
import { taskRunner } from '../src/pipeline/tasks/task-runner.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { fixed, machine, printTable, seededRandom } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    packets: { type: 'string', default: '100' },
    seed: { type: 'string', default: '19' },
    fresh: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
  },
});

interface Source {
  name: string;
  pdf: PDFDocument;
  paper: boolean;
}

async function sources(): Promise<Source[]> {
  const dirs = [
    [corpusDir('receipts_pdf_cc0', 'pdf'), false],
    [corpusDir('invoice2data_invoices', 'inputs'), false],
    [corpusDir('pypdf_arxiv_text_groundtruth', 'pdf'), true],
  ] as const;
  const out: Source[] = [];
  for (const [dir, paper] of dirs) {
    for (const name of readdirSync(dir)
      .filter((file) => file.endsWith('.pdf'))
      .sort()) {
      out.push({ name, pdf: await PDFDocument.load(readFileSync(join(dir, name))), paper });
    }
  }
  return out;
}

interface Packet {
  bytes: Uint8Array;
  /** Page positions (1-based) where a document starts, page 1 included. */
  starts: number[];
  names: string[];
}

async function buildPacket(all: readonly Source[], random: () => number): Promise<Packet> {
  const count = 2 + Math.floor(random() * 6);
  // No creation date: the same packet is the same bytes, and the cache finds it.
  const packet = await PDFDocument.create({ updateMetadata: false });
  const starts: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = all[Math.floor(random() * all.length)]!;
    const total = source.pdf.getPageCount();
    const length = source.paper ? Math.min(total, 2 + Math.floor(random() * 5)) : total;
    starts.push(packet.getPageCount() + 1);
    names.push(`${source.name}${source.paper ? `[1-${length}]` : ''}`);
    const pages = await packet.copyPages(
      source.pdf,
      Array.from({ length }, (_, n) => n),
    );
    for (const page of pages) packet.addPage(page);
  }
  return { bytes: await packet.save(), starts, names };
}

const cacheDir = join(tmpdir(), 'docjobs-split-bench');
const pipelineDir = new URL('../src/pipeline', import.meta.url).pathname;
const notReading = ['split/', 'classify/', 'extract/', 'tasks/', 'llm/', 'embed/', 'chunk/'];

function readingStamp(): string {
  const hash = createHash('sha256');
  const files = readdirSync(pipelineDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .filter((name) => !notReading.some((prefix) => name.startsWith(prefix)))
    .sort();
  for (const name of files) hash.update(name).update(readFileSync(join(pipelineDir, name)));
  return hash.digest('hex');
}

async function read(bytes: Uint8Array, stamp: string): Promise<ParsedDocument> {
  const key = createHash('sha256').update(stamp).update(bytes).digest('hex').slice(0, 32);
  const file = join(cacheDir, `${key}.json`);
  if (!args.fresh) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as ParsedDocument;
    } catch {
      // not read yet
    }
  }
  const detected = await detectFileType(bytes.subarray(0, 4096), 'packet.pdf', null);
  const { document } = await readDocument(
    bytes,
    detected,
    { signal: new AbortController().signal },
    defaultParseOptions,
  );
  writeFileSync(file, JSON.stringify(document));
  return document;
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  exact: number;
}

function score(tally: Tally, truth: readonly number[], found: readonly number[]) {
  const want = new Set(truth.filter((page) => page > 1));
  const got = new Set(found.filter((page) => page > 1));
  let tp = 0;
  for (const page of got) if (want.has(page)) tp++;
  tally.tp += tp;
  tally.fp += got.size - tp;
  tally.fn += want.size - tp;
  if (tp === got.size && tp === want.size) tally.exact++;
}

function row(name: string, tally: Tally, packets: number) {
  const precision = tally.tp / Math.max(1, tally.tp + tally.fp);
  const recall = tally.tp / Math.max(1, tally.tp + tally.fn);
  const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
  return {
    name,
    f1,
    cells: [name, fixed(precision, 3), fixed(recall, 3), fixed(f1, 3), `${tally.exact}/${packets}`],
  };
}

async function main() {
  const packets = Number(args.packets);
  const random = seededRandom(Number(args.seed));
  mkdirSync(cacheDir, { recursive: true });
  const all = await sources();
  const stamp = readingStamp();
  const classify: ClassifyTask = {
    kind: 'classify',
    categories: defaultSplitCategories,
    prompt: null,
    engine: 'builtin',
    classifier: null,
  };
  const task: SplitTask = { kind: 'split', ranges: null, classify, eachPart: null };
  const ours: Tally = { tp: 0, fp: 0, fn: 0, exact: 0 };
  const baseline: Tally = { tp: 0, fp: 0, fn: 0, exact: 0 };
  let pages = 0;
  let splitMs = 0;
  try {
    for (let n = 0; n < packets; n++) {
      const packet = await buildPacket(all, random);
      const document = await read(packet.bytes, stamp);
      pages += document.pages.length;
      const signal = new AbortController().signal;
      const runner = taskRunner({ llm: null }, signal, []);
      const started = performance.now();
      const { result } = await runSplit(task, document, runner, { signal, onStep: () => {} }, []);
      splitMs += performance.now() - started;
      const found = (result.parts as SplitPart[]).map((part) => part.pages.from);
      const cut = (await partsByLabel(document, classify, runner)).map((part) => part.from);
      score(ours, packet.starts, found);
      score(baseline, packet.starts, cut);
      if (args.misses && found.join() !== packet.starts.join()) {
        console.log(
          `packet ${n}: truth ${packet.starts.join(',')} docjobs ${found.join(',')}  ${packet.names.join(' | ')}`,
        );
        const labels = [];
        for (let page = 1; page <= document.pages.length; page++)
          labels.push(await runner.classify(classify, documentPages(document, page, page)));
        const breaks = pageBreaks(document.pages.map(pageSignals), labels);
        for (const cut of breaks) {
          const truth = packet.starts.includes(cut.before);
          if (truth === cut.score > 0) continue;
          const cues = cut.cues.map((cue) => `${cue.cue}${fixed(cue.weight, 1)}`).join(' ');
          console.log(`   ${truth ? 'missed' : 'extra'} ${cut.before}: ${fixed(cut.score, 2)} ${cues}`);
        }
      }
    }
  } finally {
    await closeThreadPools();
  }
  console.log(`Split boundary F1, ${packets} packets (seed ${args.seed}), ${pages} pages; ${machine()}`);
  const rows = [
    row('docjobs split', ours, packets),
    row('baseline: cut where the label changes', baseline, packets),
  ];
  printTable(
    ['', 'precision', 'recall', 'F1', 'packets exact'],
    rows.map((r) => r.cells),
  );
  console.log(
    `F1 ratio docjobs/baseline: ${fixed(rows[0]!.f1 / Math.max(1e-9, rows[1]!.f1), 2)}×; split step ${fixed(splitMs / pages, 1)} ms/page`,
  );
}

await main();
