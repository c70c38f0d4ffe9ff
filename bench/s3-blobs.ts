/**
 * The S3 blob store (AWS SDK v3 with our idle-timeout transport and retry rules, lib-storage one
 * part at a time) beside its peer, the plain AWS SDK as its documentation sets it up (NodeHttpHandler,
 * standard retries, lib-storage's four parts in flight), against the same S3-protocol test server
 * on 127.0.0.1, in one run. Both path style, checksums only when required (the test server, like
 * R2, takes no aws-chunked uploads).
 *
 *   node bench/s3-blobs.ts [--objects 400] [--mb 64] [--rounds 3]
 *
 * Rows: small PUTs, GETs and HEADs (4 KiB, 8 at a time), then one streamed upload of `--mb` MiB,
 * with the RSS it added at its peak. Each figure is the median of `--rounds`.
 */
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3BlobStore } from '../src/blobs/s3-blob-store.ts';
import { startS3TestServer } from '../src/blobs/testing/s3-server.ts';
import { fixed, inParallel, machine, median, positiveInt, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    objects: { type: 'string', default: '400' },
    mb: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
  },
});
const objects = positiveInt('objects', args.objects);
const uploadMb = positiveInt('mb', args.mb);
const rounds = positiveInt('rounds', args.rounds);
const MiB = 1024 * 1024;

interface Subject {
  put(key: string, bytes: Uint8Array): Promise<unknown>;
  get(key: string): Promise<Uint8Array>;
  head(key: string): Promise<unknown>;
  upload(key: string, source: Readable): Promise<unknown>;
}

const s3 = await startS3TestServer();
const { endpoint, bucket, region, credentials } = s3.settings;

const docjobsStore = createS3BlobStore({ ...s3.settings, prefix: 'docjobs' });
const docjobs: Subject = {
  put: (key, bytes) => docjobsStore.put(key, bytes),
  get: (key) => docjobsStore.getBytes(key),
  head: (key) => docjobsStore.exists(key),
  upload: (key, source) => docjobsStore.put(key, source),
};

const client = new S3Client({
  region,
  endpoint,
  forcePathStyle: true,
  credentials,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const peerKey = (key: string) => `sdk/${key}`;
const sdk: Subject = {
  put: (key, bytes) => client.send(new PutObjectCommand({ Bucket: bucket, Key: peerKey(key), Body: bytes })),
  get: async (key) => {
    const reply = await client.send(new GetObjectCommand({ Bucket: bucket, Key: peerKey(key) }));
    return reply.Body!.transformToByteArray();
  },
  head: (key) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: peerKey(key) })),
  upload: (key, source) =>
    new Upload({
      client,
      params: { Bucket: bucket, Key: peerKey(key), Body: source },
      partSize: 8 * MiB,
    }).done(),
};

/** `size` bytes in 64 KiB chunks of one reused buffer: the source itself holds no memory. */
function patterned(size: number): Readable {
  const chunk = Buffer.alloc(64 * 1024, 7);
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < size; sent += chunk.length) yield chunk;
    })(),
  );
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function measure(subject: Subject, round: number) {
  const small = new Uint8Array(4096).fill(3);
  const key = (i: number) => `r${round}/small/${i}`;
  const puts = await timed(() =>
    inParallel(objects, 8, async (i) => void (await subject.put(key(i), small))),
  );
  const gets = await timed(() => inParallel(objects, 8, async (i) => void (await subject.get(key(i)))));
  const heads = await timed(() => inParallel(objects, 8, async (i) => void (await subject.head(key(i)))));
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const upload = await timed(() => subject.upload(`r${round}/big`, patterned(uploadMb * MiB)));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { puts, gets, heads, upload, grewMiB: (peak - baseline) / MiB };
}

const results = {
  docjobs: [] as Awaited<ReturnType<typeof measure>>[],
  sdk: [] as Awaited<ReturnType<typeof measure>>[],
};
await measure(docjobs, -1); // warm-up: the SDK's import and first connections
await measure(sdk, -2);
for (let round = 0; round < rounds; round++) {
  // Alternated, so a noisy neighbour does not land on one side only.
  results.docjobs.push(await measure(docjobs, round * 2));
  results.sdk.push(await measure(sdk, round * 2 + 1));
}
await s3.close();

const perSecond = (ms: number) => (objects * 1000) / ms;
const row = (
  name: string,
  pick: (r: Awaited<ReturnType<typeof measure>>) => number,
  show: (v: number) => string,
) => {
  const ours = median(results.docjobs.map(pick));
  const theirs = median(results.sdk.map(pick));
  return [name, show(ours), show(theirs), fixed(ours / theirs, 2)];
};
console.log(
  `S3 blob store vs the plain AWS SDK v3 — ${machine()}; ${objects} objects of 4 KiB, ${uploadMb} MiB upload, median of ${rounds}`,
);
printTable(
  ['', 'docjobs', 'AWS SDK', 'ratio'],
  [
    row(
      'PUT 4 KiB /s',
      (r) => perSecond(r.puts),
      (v) => fixed(v),
    ),
    row(
      'GET 4 KiB /s',
      (r) => perSecond(r.gets),
      (v) => fixed(v),
    ),
    row(
      'HEAD /s',
      (r) => perSecond(r.heads),
      (v) => fixed(v),
    ),
    row(
      `upload ${uploadMb} MiB, MiB/s`,
      (r) => (uploadMb * 1000) / r.upload,
      (v) => fixed(v, 1),
    ),
    row(
      'RSS added by the upload, MiB',
      (r) => r.grewMiB,
      (v) => fixed(v, 1),
    ),
  ],
);
