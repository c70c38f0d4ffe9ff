/**
 * Memory of a large upload: docjobs streams a multipart file to the blob store; RSS must not
 * grow with the file.
 *
 *   node bench/upload-memory.ts [--mb 100] [--json-mb 20]
 *
 * Each server is a fresh child process (so one upload's heap cannot hide in another's
 * baseline); its VmRSS is read from /proc every 50 ms. Rows:
 *  - docjobs multipart (`docjobs serve --no-worker`, PGlite, MAX_UPLOAD_MB=200): the claim.
 *  - naive Fastify multipart (bench/naive-upload-server.ts, `await part.toBuffer()`): the peer,
 *    same plugin and same file size, buffering instead of streaming: the cost the claim avoids.
 *  - docjobs JSON base64 (`--json-mb`): the other submit form, which holds the document in memory
 *    by design; shown for contrast.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { authHeaders, benchKey, fixed, machine, makeTempDir, positiveInt, printTable, sleep } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    'json-mb': { type: 'string', default: '20' },
  },
});
const fileMb = positiveInt('mb', args.mb);
const jsonMb = positiveInt('json-mb', args['json-mb']);
const root = join(import.meta.dirname, '..');
const MB = 1024 * 1024;

interface Server {
  child: ChildProcess;
  url: string;
}

/** Start a child and wait for its "listening on http://..." line. */
async function startServer(script: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, script, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output}`));
    });
  });
  return { child, url };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Sample RSS every 50 ms while `work` runs. */
async function sampled<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, 50);
  try {
    const result = await work();
    await sleep(200); // anything allocated at the very end of the request
    return { result, peak: Math.max(peak, rssBytes(pid)) };
  } finally {
    clearInterval(timer);
  }
}

interface Row {
  name: string;
  sizeMb: number;
  baseline: number;
  peak: number;
  seconds: number;
  status: number;
}

async function measure(
  name: string,
  sizeMb: number,
  script: string[],
  env: Record<string, string>,
  warm: (url: string) => Promise<unknown>,
  upload: (url: string) => Promise<Response>,
): Promise<Row> {
  const dir = makeTempDir('docjobs-upload');
  const server = await startServer(script, { ...process.env, ...env, DATA_DIR: dir.path });
  try {
    const pid = server.child.pid!;
    await warm(server.url); // load the route's code paths before the baseline
    await sleep(1000);
    const baseline = rssBytes(pid);
    const started = performance.now();
    const { result, peak } = await sampled(pid, async () => {
      const response = await upload(server.url);
      await response.arrayBuffer();
      return response.status;
    });
    return { name, sizeMb, baseline, peak, seconds: (performance.now() - started) / 1000, status: result };
  } finally {
    await stopServer(server.child);
    dir.remove();
  }
}

const docjobsEnv = {
  DATABASE_URL: '',
  PORT: '0',
  HOST: '127.0.0.1',
  DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
  MAX_UPLOAD_MB: '200',
  LOG_LEVEL: 'warn',
};
const multipartTo = (path: string, blob: Blob, headers: Record<string, string>) => (url: string) => {
  const form = new FormData();
  form.append('file', blob, 'upload.bin');
  return fetch(`${url}${path}`, { method: 'POST', headers, body: form });
};

const files = makeTempDir('docjobs-upload-files');
try {
  const bigPath = join(files.path, 'big.bin');
  for (let i = 0; i < fileMb; i++) writeFileSync(bigPath, randomBytes(MB), { flag: i ? 'a' : 'w' });
  const big = await openAsBlob(bigPath, { type: 'application/octet-stream' });
  const small = new Blob(['hello'], { type: 'text/plain' });
  const jsonDocument = randomBytes(jsonMb * MB).toString('base64');

  console.log(`upload-memory bench: ${fileMb} MB multipart, ${jsonMb} MB JSON base64`);
  console.log(machine());
  const docjobsCli = ['bin/docjobs.js', 'serve', '--no-worker'];
  const rows = [
    await measure(
      'docjobs multipart (streamed)',
      fileMb,
      docjobsCli,
      docjobsEnv,
      multipartTo('/v1/jobs', small, authHeaders),
      multipartTo('/v1/jobs', big, authHeaders),
    ),
    await measure(
      'naive Fastify toBuffer() (peer)',
      fileMb,
      ['bench/naive-upload-server.ts'],
      {},
      multipartTo('/upload', small, {}),
      multipartTo('/upload', big, {}),
    ),
    await measure(
      'docjobs JSON base64 (in memory)',
      jsonMb,
      docjobsCli,
      docjobsEnv,
      multipartTo('/v1/jobs', small, authHeaders),
      (url) =>
        fetch(`${url}/v1/jobs`, {
          method: 'POST',
          headers: { ...authHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({ document: jsonDocument, fileName: 'upload.bin' }),
        }),
    ),
  ];
  console.log('');
  printTable(
    ['server', 'file MB', 'status', 'baseline MB', 'peak MB', 'growth MB', 'growth/file', 'MB/s'],
    rows.map((r) => [
      r.name,
      String(r.sizeMb),
      String(r.status),
      fixed(r.baseline / MB),
      fixed(r.peak / MB),
      fixed((r.peak - r.baseline) / MB),
      `${fixed((r.peak - r.baseline) / MB / r.sizeMb, 2)}x`,
      fixed(r.sizeMb / r.seconds),
    ]),
  );
  const ours = rows[0]!;
  console.log(
    `\ntarget: docjobs multipart growth < 50 MB for ${fileMb} MB: ${fixed((ours.peak - ours.baseline) / MB)} MB`,
  );
} finally {
  files.remove();
}
