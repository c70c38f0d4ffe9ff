import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runBlobStoreContract } from './blob-store.contract.ts';
import { BlobAccessDeniedError } from './blob-store.ts';
import { createS3BlobStore, defaultPartSizeBytes } from './s3-blob-store.ts';
import { type S3TestServer, startS3TestServer } from './testing/s3-server.ts';

const MiB = 1024 * 1024;

/** The test server in a node process of its own; its settings arrive as one JSON line. */
async function startS3TestServerProcess() {
  const script = `import { startS3TestServer } from ${JSON.stringify(import.meta.resolve('./testing/s3-server.ts'))};
    const s3 = await startS3TestServer();
    console.log(JSON.stringify(s3.settings));
    process.stdin.on('end', () => s3.close()).resume();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    settings: JSON.parse(line.toString()) as S3TestServer['settings'],
    close: () => child.stdin.end(),
  };
}

runBlobStoreContract('S3', async () => {
  const s3 = await startS3TestServer();
  return { store: createS3BlobStore({ ...s3.settings, prefix: 'docjobs/blobs' }), close: () => s3.close() };
});

describe('S3 blob store', () => {
  let s3: S3TestServer;
  before(async () => {
    s3 = await startS3TestServer();
  });
  after(async () => s3?.close());
  const store = (prefix = 'docjobs') => createS3BlobStore({ ...s3.settings, prefix });

  /**
   * `totalBytes` of a repeating pattern in 64 KiB chunks. The one chunk is yielded again and again,
   * so the source itself holds no memory: what the process gains during put() is the store's doing.
   */
  const patterned = (totalBytes: number, onChunk: () => void = () => {}) => {
    const chunk = Buffer.alloc(64 * 1024);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) % 251;
    return Readable.from(
      (function* () {
        for (let sent = 0; sent < totalBytes; sent += chunk.length) {
          onChunk();
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
  };

  it('streams 20 MiB up in parts of 8 MiB, and reads it back', async () => {
    const size = 20 * MiB;
    const before = s3.operations.length;
    assert.deepEqual(await store().put('big/upload', patterned(size)), { sizeBytes: size });
    const seen = s3.operations.slice(before).map((entry) => entry.operation);
    assert.deepEqual(seen, [
      'CreateMultipartUpload',
      ...Array(Math.ceil(size / defaultPartSizeBytes)).fill('UploadPart'),
      'CompleteMultipartUpload',
    ]);
    assert.ok(seen.length - 2 >= 3);

    const expected = createHash('sha256');
    for await (const chunk of patterned(size)) expected.update(chunk);
    const actual = createHash('sha256');
    let read = 0;
    for await (const chunk of await store().get('big/upload')) {
      actual.update(chunk);
      read += chunk.length;
    }
    assert.equal(read, size);
    assert.equal(actual.digest('hex'), expected.digest('hex'));
  });

  it('holds about one part in memory, not the upload: live buffers stay under 3 parts for 64 MiB', async () => {
    // What the store keeps alive, not what the collector has yet to free: RSS counted garbage too
    // (it grew 62 MiB for a 64 MiB upload on an idle machine with plenty of memory, 21 for 20).
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    // The server runs in a child process: its own buffers would otherwise count against the store.
    const remote = await startS3TestServerProcess();
    try {
      const size = 64 * MiB;
      const remoteStore = createS3BlobStore({ ...remote.settings, prefix: 'docjobs' });
      await remoteStore.put('warm-up', new Uint8Array(1)); // the connection and its TLS-less socket
      collect();
      const baseline = process.memoryUsage().arrayBuffers;
      let peak = baseline;
      let chunks = 0;
      const source = patterned(size, () => {
        // Every 1 MiB (16 chunks of 64 KiB): a full collection, then the bytes still held.
        if (++chunks % 16 !== 0) return;
        collect();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      });
      assert.deepEqual(await remoteStore.put('big/upload', source), { sizeBytes: size });
      const heldMiB = (peak - baseline) / MiB;
      const limit = (3 * defaultPartSizeBytes) / MiB;
      assert.ok(heldMiB < limit, `${heldMiB.toFixed(1)} MiB held during a ${size / MiB} MiB upload`);
      assert.equal(await remoteStore.exists('big/upload'), true);
    } finally {
      remote.close();
    }
  });

  it('aborts the multipart upload when the source fails after some parts', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        sent += MiB;
        if (sent > 10 * MiB) this.destroy(new Error('client went away'));
        else this.push(Buffer.alloc(MiB, 7));
      },
    });
    await assert.rejects(store().put('big/failed', failing), /client went away/);
    assert.ok(s3.operations.some((entry) => entry.operation === 'AbortMultipartUpload'));
    assert.equal(s3.openUploads(), 0, 'no parts are left stored (and billed)');
    assert.equal(await store().exists('big/failed'), false);
  });

  it('says clearly that the signature was refused when the secret is wrong', async () => {
    const wrong = createS3BlobStore({
      ...s3.settings,
      prefix: 'docjobs',
      credentials: { ...s3.settings.credentials, secretAccessKey: 'not-the-secret' },
    });
    await assert.rejects(
      wrong.put('a/key', new Uint8Array([1])),
      /S3 PutObject docjobs\/a\/key failed: 403 SignatureDoesNotMatch.*check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
    await assert.rejects(wrong.exists('a/key'), /403/, 'a refused HEAD is an error, not "absent"');
    assert.equal(await store().exists('a/key'), false);
    // A refused read is the port's BlobAccessDeniedError (not "absent"), carrying S3's answer.
    await assert.rejects(wrong.getBytes('a/key'), (error: Error) => {
      assert.ok(error instanceof BlobAccessDeniedError, String(error));
      assert.match(error.message, /^S3 GetObject docjobs\/a\/key failed: 403 SignatureDoesNotMatch/);
      return true;
    });
    await assert.rejects(wrong.get('a/key'), BlobAccessDeniedError);
  });

  it('deletes a prefix of more than 1,000 keys, in batches of at most 1,000', async () => {
    const many = store('many');
    const count = 2_345;
    for (let i = 0; i < count; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, j) =>
          many.put(`jobs/job_a/thumbnails/page-${i + j}`, new Uint8Array([1])),
        ),
      );
    }
    await many.put('jobs/job_b/document', new Uint8Array([2]));
    const before = s3.operations.length;
    await many.deletePrefix('jobs/job_a');
    const seen = s3.operations.slice(before).map((entry) => entry.operation);
    assert.equal(seen.filter((name) => name === 'DeleteObjects').length, 3);
    assert.equal(seen.filter((name) => name === 'ListObjectsV2').length, 3);
    assert.deepEqual(
      s3.keys().filter((key) => key.startsWith('many/')),
      ['many/jobs/job_b/document'],
    );
  });

  it('sends session tokens, and keys under the prefix only', async () => {
    const withToken = await startS3TestServer({
      credentials: { accessKeyId: 'ASIATEMP', secretAccessKey: 'temporary', sessionToken: 'session/token+1' },
    });
    try {
      const temporary = createS3BlobStore({ ...withToken.settings, prefix: 'tenant-a/docjobs' });
      await temporary.put('jobs/job_x/document', new TextEncoder().encode('%PDF'));
      assert.deepEqual(withToken.keys(), ['tenant-a/docjobs/jobs/job_x/document']);
      const noToken = createS3BlobStore({
        ...withToken.settings,
        prefix: '',
        credentials: { accessKeyId: 'ASIATEMP', secretAccessKey: 'temporary' },
      });
      await assert.rejects(noToken.getBytes('tenant-a/docjobs/jobs/job_x/document'), /403 InvalidToken/);
    } finally {
      await withToken.close();
    }
  });
});
