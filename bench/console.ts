/**
 * The console (web/) against the peer the same server ships, the Swagger UI at /docs:
 *
 *   npm run build:web && node bench/console.ts [--jobs 10000] [--runs 5]
 *
 * 1. Bundle: gzip bytes of what each page loads to run (HTML + JS + CSS), each file gzipped here
 *    the same way (zlib level 6, what the server's own gzip uses), so the two are compared alike.
 * 2. Time to interactive, cold (a new browser context each run, nothing cached): navigation start
 *    → the jobs table drawn and its first row's link takes focus, vs /docs → its operations drawn
 *    and the first one's button takes focus. Median of --runs.
 * 3. With --jobs jobs in the organisation (seeded by one `INSERT … SELECT generate_series` through
 *    the instance's own database handle, as bench/purge.ts does: statuses, types, pages, quality,
 *    times, metadata): for pages of 50 (the default) and 200 (the largest) rows, the first rows on
 *    screen, and the rendering after the list's answer came (resource timing of GET /v1/jobs →
 *    rows in the DOM), vs the same GET /v1/jobs from Node (the floor: no browser, no rendering).
 *    Then scrolling the 200-row page 100 px a frame for 40 frames, every frame's time sampled by
 *    requestAnimationFrame (p95 frame ms, frames over 50 ms: "long"), vs /docs scrolled alike.
 *
 * Debian's chromium via playwright-core (CHROMIUM_PATH to use another); PGlite; 127.0.0.1 only.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { consoleDist } from '../src/http/console-files.ts';
import {
  authHeaders,
  benchKey,
  fixed,
  machine,
  median,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: { jobs: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } },
});
const jobCount = positiveInt('jobs', args.jobs);
const runs = positiveInt('runs', args.runs);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}: apt-get install -y chromium`);
if (!existsSync(`${consoleDist}index.html`)) throw new Error('the console is not built: npm run build:web');

const gzipBytes = (bytes: Uint8Array) => gzipSync(bytes, { level: 6 }).length;

/** The page and every script and stylesheet its HTML names (same origin), gzipped. */
async function pageWeight(url: string): Promise<{ files: number; raw: number; gzip: number }> {
  const response = await fetch(url);
  const html = await response.text();
  const refs = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g)]
    .map((match) => match[1]!)
    .filter((ref) => /\.(js|css)(\?|$)/.test(ref));
  let raw = Buffer.byteLength(html);
  let gzip = gzipBytes(Buffer.from(html));
  for (const ref of refs) {
    const bytes = new Uint8Array(await (await fetch(new URL(ref, response.url))).arrayBuffer());
    raw += bytes.length;
    gzip += gzipBytes(bytes);
  }
  return { files: refs.length + 1, raw, gzip };
}

async function seed(instance: Awaited<ReturnType<typeof startBenchInstance>>, count: number) {
  const { db } = instance.docjobs.ctx;
  const [org] = await db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'default'`);
  await db.query(
    `INSERT INTO jobs (id, org_id, type, status, stage, progress, pages_done, pages_total, file_name, mime_type,
                       size_bytes, timeout_seconds, metadata, quality_score, quality_category,
                       created_at, started_at, completed_at, processing_ms, expires_at)
     SELECT 'job_seed' || lpad(i::text, 18, '0'), $1,
            (ARRAY['parse', 'parse', 'parse', 'extract', 'classify', 'chunk'])[1 + i % 6],
            s.status, CASE WHEN s.status = 'processing' THEN 'ocr' END,
            CASE WHEN s.status = 'processing' THEN 40 ELSE 100 END,
            1 + i % 12, 1 + i % 12, 'scan-' || i || '.pdf', 'application/pdf', 40000 + i, 600,
            jsonb_build_object('customer', 'c' || (i % 50), 'batch', (i / 500)::text),
            CASE WHEN s.status IN ('completed', 'partial') THEN 0.55 + (i % 45) / 100.0 END,
            CASE WHEN s.status IN ('completed', 'partial') THEN 'Confident' END,
            date_trunc('milliseconds', now() - i * interval '7 seconds'),
            now() - i * interval '7 seconds', now() - i * interval '7 seconds' + interval '2 seconds',
            CASE WHEN s.status IN ('completed', 'partial', 'failed') THEN 300 + (i * 37) % 4000 END,
            now() + interval '14 days'
     FROM generate_series(1, $2::int) AS i,
          LATERAL (SELECT (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                                 'partial', 'failed', 'cancelled', 'processing'])[1 + i % 10] AS status) s`,
    [org!.id, count],
  );
  await db.query('ANALYZE jobs');
}

/** A fresh context (cold cache), signed in by putting the key where the console keeps it. */
async function coldPage(browser: Browser) {
  // bypassCSP: the probes are strings playwright evaluates with eval, which the console's CSP
  // (script-src 'self') forbids; the pages' own code runs the same either way.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await context.addInitScript(`sessionStorage.setItem('docjobs.apiKey', ${JSON.stringify(benchKey)})`);
  return { context, page: await context.newPage() };
}

// Page-side probes as strings: they run in the browser, whose DOM types this Node project lacks.
const consoleReady = `(() => {
  const link = document.querySelector('tbody tr[data-job-id] a');
  if (!link) return false;
  link.focus();
  if (document.activeElement !== link) return false;
  const list = performance.getEntriesByType('resource').filter((e) => e.name.includes('/v1/jobs?'));
  return { at: performance.now(), rows: document.querySelectorAll('tbody tr[data-job-id]').length,
           listEnd: list.length ? list[list.length - 1].responseEnd : null };
})()`;
const docsReady = `(() => {
  const button = document.querySelector('.swagger-ui .opblock .opblock-summary-control, .swagger-ui .opblock button');
  if (!button) return false;
  button.focus();
  return document.activeElement === button ? { at: performance.now() } : false;
})()`;

interface Ready {
  at: number;
  rows?: number;
  listEnd?: number | null;
}

async function timeToReady(browser: Browser, url: string, probe: string): Promise<Ready> {
  const { context, page } = await coldPage(browser);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(probe, undefined, { polling: 'raf', timeout: 60_000 });
    return (await handle.jsonValue()) as Ready;
  } finally {
    await context.close();
  }
}

/**
 * Scroll 100 px a frame (a brisk mouse wheel) for 40 frames, or to the bottom, sampling every
 * frame's duration: both pages move the same distance a frame, so each frame paints alike much.
 */
const scrollProbe = `new Promise((resolve) => {
  const stepPx = 100, steps = 40, deltas = [];
  const bottom = Math.min(stepPx * steps, document.documentElement.scrollHeight - innerHeight);
  let last = performance.now(), y = 0;
  const frame = (now) => {
    deltas.push(now - last); last = now;
    if (y >= bottom) return resolve({ deltas, bottom });
    y = Math.min(bottom, y + stepPx);
    scrollTo(0, y);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(frame); });
})`;

async function scrolling(browser: Browser, url: string, probe: string) {
  const { context, page } = await coldPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(probe, undefined, { polling: 'raf' });
    const { deltas, bottom } = (await page.evaluate(scrollProbe)) as { deltas: number[]; bottom: number };
    const sorted = deltas.slice(1).sort((a, b) => a - b);
    return {
      p95: sorted[Math.ceil(0.95 * sorted.length) - 1]!,
      long: sorted.filter((d) => d > 50).length,
      frames: sorted.length,
      bottom,
    };
  } finally {
    await context.close();
  }
}

async function apiFloor(baseUrl: string, limit: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/v1/jobs?limit=${limit}`, { headers: authHeaders });
    await response.json();
    if (i >= 2) times.push(performance.now() - started); // two warm-ups
  }
  return median(times);
}

const instance = await startBenchInstance({ backend: 'pglite', worker: false, concurrency: 1 });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const { baseUrl } = instance;
  const seedStart = performance.now();
  await seed(instance, jobCount);
  const seedMs = performance.now() - seedStart;
  console.log(`Console vs Swagger UI (/docs) on one docjobs server (PGlite); ${machine()}`);
  // Browser timings move with what else the machine runs: the load is printed beside them.
  console.log(
    `load average at start: ${loadavg()
      .map((n) => fixed(n, 1))
      .join(' ')}`,
  );
  console.log(
    `${fixed(jobCount)} jobs seeded in ${fixed(seedMs / 1000, 1)} s; ${runs} runs a figure, medians\n`,
  );

  const mine = await pageWeight(`${baseUrl}/jobs`);
  const peer = await pageWeight(`${baseUrl}/docs`);
  printTable(
    ['bundle (HTML+JS+CSS)', 'files', 'raw KB', 'gzip KB'],
    [
      ['docjobs console /jobs', String(mine.files), fixed(mine.raw / 1024, 1), fixed(mine.gzip / 1024, 1)],
      ['Swagger UI /docs', String(peer.files), fixed(peer.raw / 1024, 1), fixed(peer.gzip / 1024, 1)],
    ],
  );
  console.log(`gzip ratio console/docs: ${fixed(mine.gzip / peer.gzip, 2)}×\n`);

  const ready = async (url: string, probe: string) => {
    const results: Ready[] = [];
    for (let i = 0; i < runs; i++) results.push(await timeToReady(browser, url, probe));
    return results;
  };
  const jobs50 = await ready(`${baseUrl}/jobs`, consoleReady);
  const docs = await ready(`${baseUrl}/docs`, docsReady);
  const tti = median(jobs50.map((r) => r.at));
  const docsTti = median(docs.map((r) => r.at));
  printTable(
    ['time to interactive (cold)', 'median ms', 'runs ms'],
    [
      ['docjobs /jobs (50 rows)', fixed(tti), jobs50.map((r) => fixed(r.at)).join(' ')],
      ['Swagger UI /docs', fixed(docsTti), docs.map((r) => fixed(r.at)).join(' ')],
    ],
  );
  console.log(`ratio console/docs: ${fixed(tti / docsTti, 2)}×\n`);

  const rows: string[][] = [];
  for (const limit of [50, 200]) {
    const results = limit === 50 ? jobs50 : await ready(`${baseUrl}/jobs?limit=${limit}`, consoleReady);
    const shown = median(results.map((r) => r.at));
    const render = median(results.map((r) => r.at - (r.listEnd ?? r.at)));
    const floor = await apiFloor(baseUrl, limit);
    rows.push([
      `${limit} rows of ${fixed(jobCount)}`,
      String(results[0]!.rows),
      fixed(shown),
      fixed(render),
      fixed(floor, 1),
    ]);
  }
  printTable(
    ['first page', 'rows', 'rows shown ms', 'render after answer ms', 'GET /v1/jobs from Node ms'],
    rows,
  );

  // The peer scrolled alike: /docs's list of operations, a page as tall, on the same machine at
  // the same time (a frame budget alone would hide what the machine's load costs every page).
  const scrollRuns = async (url: string, probe: string) => {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await scrolling(browser, url, probe));
    return results;
  };
  const scrolls = await scrollRuns(`${baseUrl}/jobs?limit=200`, consoleReady);
  const docsScrolls = await scrollRuns(`${baseUrl}/docs`, docsReady);
  const scrollRow = (name: string, results: typeof scrolls) => [
    name,
    fixed(median(results.map((s) => s.p95)), 1),
    results.map((s) => s.long).join(' '),
    fixed(results[0]!.bottom),
  ];
  console.log('');
  printTable(
    ['scroll 100 px a frame, 40 frames', 'p95 frame ms', 'long frames (>50 ms)', 'scrolled px'],
    [
      scrollRow('docjobs /jobs?limit=200', scrolls),
      scrollRow('Swagger UI /docs', docsScrolls),
      ['a 60 Hz display (budget)', '16.7', '0', ''],
    ],
  );
  const p95 = (results: typeof scrolls) => median(results.map((s) => s.p95));
  console.log(`p95 frame ratio console/docs: ${fixed(p95(scrolls) / p95(docsScrolls), 2)}×`);
} finally {
  await browser.close();
  await instance.close();
}
