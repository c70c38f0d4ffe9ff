/**
 * What the console's progress bars cost: the upload page sends each file through
 * web/src/upload-transport.ts (XMLHttpRequest, for `upload.onprogress`, with the client building
 * the request and React drawing every progress event). The peer is the browser's own fetch() of the
 * same multipart body (the same file, chosen the same way) to the same route, from the same page. Both are timed from Node, from the
 * moment the upload starts to the job's answer (the link on the page; fetch's resolved response),
 * on Debian's chromium against a docjobs on PGlite with no worker (jobs stay queued: only the
 * upload and the store of the document are measured).
 *
 *   node bench/console-upload.ts [--runs 5] [--sizes 1,10,50]   (MB)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { consoleDist } from '../src/http/console-files.ts';
import {
  benchKey,
  fixed,
  machine,
  makeTempDir,
  median,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, sizes: { type: 'string', default: '1,10,50' } },
});
const runs = positiveInt('runs', values.runs!);
const sizesMb = values.sizes!.split(',').map((size) => positiveInt('sizes', size));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}: apt-get install -y chromium`);
if (!existsSync(join(consoleDist, 'index.html')))
  throw new Error('the console is not built: npm run build:web');

/** Bytes that no compression shortens, the same for both sides. */
function noise(bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buffer[i] = (i * 2654435761) >>> 24;
  return buffer;
}

/** The duration of the page's last request to POST /v1/jobs made by `initiator` (Resource Timing). */
async function lastUpload(page: Page, initiator: 'xmlhttprequest' | 'fetch'): Promise<number> {
  const ms = await page.evaluate(`(() => {
    const entries = performance.getEntriesByType('resource')
      .filter((e) => e.initiatorType === '${initiator}' && new URL(e.name).pathname === '/v1/jobs');
    return entries.length ? entries[entries.length - 1].duration : -1;
  })()`);
  if (typeof ms !== 'number' || ms < 0)
    throw new Error(`no ${initiator} upload in the page's resource timings`);
  return ms;
}

interface Timing {
  /** From the request's start to its answer's end, as the browser's network stack saw it. */
  request: number;
  /** From the click (or the call) to the answer shown (or returned), as Node saw it. */
  whole: number;
}

/** The upload page: choose the file, press the button, wait for the job's link. */
async function throughConsole(page: Page, baseUrl: string, path: string): Promise<Timing> {
  const name = basename(path);
  await page.goto(`${baseUrl}/upload`);
  // A path rather than bytes: the browser reads the file itself (bytes would cross the DevTools
  // protocol as base64, which takes longer than the upload).
  await page.getByLabel('Choose files').setInputFiles(path);
  const button = page.getByRole('button', { name: 'Upload as a parse job' });
  await button.waitFor();
  const started = performance.now();
  await button.click();
  await page
    .getByTestId('upload-item')
    .filter({ hasText: name })
    .getByRole('link')
    .waitFor({ timeout: 300_000 });
  const whole = performance.now() - started;
  return { request: await lastUpload(page, 'xmlhttprequest'), whole };
}

/** The same file with the browser's fetch, from the same page: chosen in a file input of its own. */
async function throughFetch(page: Page, path: string): Promise<Timing> {
  const name = basename(path);
  // Expressions as strings: they run in the page, whose DOM types this Node project does not load.
  await page.evaluate(`(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.append(input);
  })()`);
  await page.locator('#bench-file').setInputFiles(path);
  const started = performance.now();
  const status = await page.evaluate(`(async () => {
    const form = new FormData();
    form.append('type', 'parse');
    form.append('fileName', ${JSON.stringify(name)});
    form.append('file', document.getElementById('bench-file').files[0], ${JSON.stringify(name)});
    const response = await fetch('/v1/jobs', {
      method: 'POST',
      headers: { authorization: 'Bearer ${benchKey}', 'idempotency-key': crypto.randomUUID() },
      body: form,
    });
    await response.json();
    return response.status;
  })()`);
  const whole = performance.now() - started;
  if (status !== 201 && status !== 202) throw new Error(`fetch upload answered ${status}`);
  return { request: await lastUpload(page, 'fetch'), whole };
}

const files = makeTempDir('console-upload');
const instance = await startBenchInstance({ backend: 'pglite', worker: false, concurrency: 1 });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${instance.baseUrl}/`);
  await page.getByLabel('API key').fill(benchKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();

  const rows: string[][] = [];
  for (const mb of sizesMb) {
    const bytes = noise(mb * 1024 * 1024);
    const path = join(files.path, `upload-${mb}mb.pdf`);
    writeFileSync(path, bytes);
    const consoleRuns: Timing[] = [];
    const fetchRuns: Timing[] = [];
    // One round of each first, not counted (the server's and the page's first upload of a size);
    // then alternated, so that a slower moment of the shared machine falls on both sides.
    for (let run = -1; run < runs; run++) {
      const c = await throughConsole(page, instance.baseUrl, path);
      const f = await throughFetch(page, path);
      if (run >= 0) consoleRuns.push(c) && fetchRuns.push(f);
    }
    const m = (list: Timing[], key: keyof Timing) => median(list.map((t) => t[key]));
    const [cr, fr] = [m(consoleRuns, 'request'), m(fetchRuns, 'request')];
    rows.push([
      `${mb} MB`,
      fixed(cr),
      fixed(fr),
      `${fixed(cr / fr, 2)}×`,
      fixed(m(consoleRuns, 'whole')),
      fixed(m(fetchRuns, 'whole')),
    ]);
  }
  console.log(`Console upload vs the browser's fetch, median of ${runs} runs each; ${machine()}; chromium`);
  printTable(
    [
      'file',
      'console request ms',
      'fetch request ms',
      'console/fetch',
      'console click→link ms',
      'fetch call ms',
    ],
    rows,
  );
} finally {
  await browser.close();
  await instance.close();
  files.remove();
}
