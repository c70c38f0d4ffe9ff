/**
 * OCR memory given back (issue 15, item 3): RSS of `docjobs serve` (PGlite, in-process worker)
 * idle, after 50 OCR jobs, and once its OCR lanes have been idle for OCR_IDLE_RELEASE_SECONDS,
 * beside the same server with the release off (OCR_IDLE_RELEASE_SECONDS=0: lanes kept until
 * shutdown, as before), in one run:
 *
 *   node bench/footprint.ts [--jobs 50] [--release-s 15] [--settle-ms 5000]
 *
 * The document is a generated one-page scan (a 150-dpi PNG of 12 lines, src/pipeline/ocr/testing),
 * submitted `--jobs` times, 8 at a time, as a parse job (an image is always OCRed). Every server is
 * a fresh child (bench/child-process.ts); "after release" is read `--release-s` + 5 s after the
 * last job ended, once RSS is steady.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { textPageImage } from '../src/pipeline/ocr/testing/page-image.ts';
import { memoryOf, settle, startChild, stopChild } from './child-process.ts';
import {
  authHeaders,
  benchKey,
  fixed,
  inParallel,
  machine,
  makeTempDir,
  positiveInt,
  printTable,
  sleep,
  submitFile,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '50' },
    'release-s': { type: 'string', default: '15' },
    'settle-ms': { type: 'string', default: '5000' },
  },
});
const jobs = positiveInt('jobs', args.jobs);
const releaseS = positiveInt('release-s', args['release-s']);
const settleMs = positiveInt('settle-ms', args['settle-ms']);

const root = makeTempDir('docjobs-footprint');
const scan = join(root.path, 'scan.png');
const lines = Array.from(
  { length: 12 },
  (_, k) => `Line ${k + 1}: invoice 2026-${1000 + k} total ${k * 7}.50 EUR`,
);
writeFileSync(scan, await textPageImage(lines));

async function finished(url: string, id: string): Promise<string> {
  for (;;) {
    const job = (await (await fetch(`${url}/v1/jobs/${id}`, { headers: authHeaders })).json()) as {
      status: string;
    };
    if (['completed', 'partial', 'failed', 'cancelled'].includes(job.status)) return job.status;
    await sleep(200);
  }
}

interface Row {
  name: string;
  idleMb: number;
  afterJobsMb: number;
  afterReleaseMb: number;
  peakMb: number;
  failed: number;
}

async function run(name: string, releaseSeconds: number, dir: string): Promise<Row> {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    DATA_DIR: join(root.path, dir),
    DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
    OCR_IDLE_RELEASE_SECONDS: String(releaseSeconds),
  };
  const server = await startChild(
    ['bin/docjobs.js', 'serve'],
    env,
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  try {
    const url = server.url!;
    await settle(server.pid, settleMs);
    const idleMb = memoryOf(server.pid).rssMb;
    let failed = 0;
    await inParallel(jobs, 8, async () => {
      const id = await submitFile(url, scan, 'image/png', {});
      if ((await finished(url, id)) !== 'completed') failed += 1;
    });
    const afterJobsMb = memoryOf(server.pid).rssMb;
    await sleep((releaseS + 5) * 1000);
    await settle(server.pid, 0);
    const { rssMb: afterReleaseMb, peakMb } = memoryOf(server.pid);
    console.error(
      `${name}: idle ${fixed(idleMb)}, after jobs ${fixed(afterJobsMb)}, later ${fixed(afterReleaseMb)} MB`,
    );
    return { name, idleMb, afterJobsMb, afterReleaseMb, peakMb, failed };
  } finally {
    await stopChild(server.child);
  }
}

const rows: Row[] = [];
try {
  rows.push(await run(`docjobs, OCR_IDLE_RELEASE_SECONDS=${releaseS}`, releaseS, 'release'));
  rows.push(await run('docjobs, OCR_IDLE_RELEASE_SECONDS=0 (kept)', 0, 'kept'));
} finally {
  root.remove();
}

console.log(`\nOCR footprint — ${machine()}; ${jobs} one-page OCR jobs, 8 in flight, RSS in MB\n`);
printTable(
  ['server', 'idle', `after ${jobs} jobs`, `${releaseS + 5} s later`, 'given back', 'peak', 'failed'],
  rows.map((r) => [
    r.name,
    fixed(r.idleMb),
    fixed(r.afterJobsMb),
    fixed(r.afterReleaseMb),
    fixed(r.afterJobsMb - r.afterReleaseMb),
    fixed(r.peakMb),
    String(r.failed),
  ]),
);
