import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runBlobStoreContract } from './blob-store.contract.ts';
import { createS3BlobStore, multipartEtag } from './s3-blob-store.ts';
import type { S3Error, S3Settings } from './s3-client.ts';
import { isThrottling, isTransient, retryDelayMs } from './s3-retry.ts';
import { type S3TestServer, startS3TestServer } from './testing/s3-server.ts';

const MiB = 1024 * 1024;
/** Small and fast: two retries, 1 ms backoff base, a 300 ms idle timeout. */
const fast: Partial<S3Settings> = { maxRetries: 2, retryBaseMs: 1, timeoutMs: 300 };

// The contract again, against a server that fails every other request (in turn a 503 SlowDown, a
// dropped connection, a 500 and a lost answer): every operation of the port still does what it says.
runBlobStoreContract('S3 behind a flaky server', async () => {
  const s3 = await startS3TestServer();
  s3.inject(
    [
      { kind: 'error', status: 503, code: 'SlowDown' },
      { kind: 'drop' },
      { kind: 'error', status: 500, code: 'InternalError' },
      { kind: 'dropReply' },
    ],
    { every: 2, times: Infinity },
  );
  const store = createS3BlobStore({ ...s3.settings, ...fast, prefix: 'flaky' });
  return { store, close: () => s3.close() };
});

describe('S3 retries and timeouts', () => {
  let s3: S3TestServer;
  before(async () => {
    s3 = await startS3TestServer();
  });
  after(async () => s3?.close());
  beforeEach(() => s3.clearFaults());
  const store = (settings: Partial<S3Settings> = {}) =>
    createS3BlobStore({ ...s3.settings, ...fast, ...settings, prefix: 'retries' });
  /** What the server saw from `since` on, as "Operation status[ fault]", once every answer is logged. */
  const seen = async (since: number) => {
    await s3.answered();
    return s3.operations
      .slice(since)
      .map(({ operation, status, fault }) => `${operation} ${status}${fault ? ` ${fault}` : ''}`);
  };
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('sends a request again after 503 SlowDown, 500 and 429', async () => {
    const since = s3.operations.length;
    s3.inject({ kind: 'error', status: 503, code: 'SlowDown' }, { operation: 'PutObject' });
    s3.inject({ kind: 'error', status: 500, code: 'InternalError' }, { operation: 'PutObject' });
    await store().put('a/put', bytes('after two failures'));
    s3.inject({ kind: 'error', status: 429, code: 'TooManyRequests' }, { operation: 'GetObject' });
    assert.equal(Buffer.from(await store().getBytes('a/put')).toString(), 'after two failures');
    assert.deepEqual(await seen(since), [
      'PutObject 503 error',
      'PutObject 500 error',
      'PutObject 200',
      'GetObject 429 error',
      'GetObject 200',
    ]);
  });

  it('sends a request again when the connection drops before the answer', async () => {
    await store().put('a/drop', bytes('x'));
    const since = s3.operations.length;
    s3.inject({ kind: 'drop' }, { operation: 'HeadObject' });
    assert.equal(await store().exists('a/drop'), true);
    s3.inject({ kind: 'drop' }, { operation: 'ListObjectsV2' });
    s3.inject({ kind: 'drop' }, { operation: 'DeleteObjects' });
    await store().deletePrefix('a');
    assert.equal(await store().exists('a/drop'), false);
    assert.deepEqual((await seen(since)).slice(0, 6), [
      'HeadObject 0 drop',
      'HeadObject 200',
      'ListObjectsV2 0 drop',
      'ListObjectsV2 200',
      'DeleteObjects 0 drop',
      'DeleteObjects 200',
    ]);
  });

  it('gives up on a silent server after the idle timeout, on every attempt, and says so', async () => {
    await store().put('a/stall', bytes('slow'));
    s3.inject({ kind: 'stall' }, { operation: 'GetObject' });
    const before = s3.operations.length;
    const started = Date.now();
    assert.equal(Buffer.from(await store().getBytes('a/stall')).toString(), 'slow');
    assert.ok(Date.now() - started >= 300, 'the first attempt waited out its timeout');
    assert.deepEqual(await seen(before), ['GetObject 0 stall', 'GetObject 200']);

    s3.inject({ kind: 'stall' }, { operation: 'GetObject', times: 3 });
    const since = s3.operations.length;
    const giveUp = Date.now();
    await assert.rejects(store().getBytes('a/stall'), (error: S3Error) => {
      assert.equal(error.code, 'ETIMEDOUT');
      assert.equal(error.attempts, 3);
      assert.match(
        error.message,
        /S3 GetObject retries\/a\/stall failed: ETIMEDOUT: no data for 300 ms \(3 attempts\)/,
      );
      return true;
    });
    const waited = Date.now() - giveUp;
    assert.ok(waited >= 900 && waited < 3000, `gave up after ${waited} ms`);
    assert.deepEqual(await seen(since), ['GetObject 0 stall', 'GetObject 0 stall', 'GetObject 0 stall']);
  });

  it('fails a stream whose body stops arriving instead of waiting forever; getBytes fetches it again', async () => {
    await store().put('a/body', bytes('the whole body'));
    s3.inject({ kind: 'stallBody' }, { operation: 'GetObject' });
    const stream = await store().get('a/body');
    const started = Date.now();
    await assert.rejects(
      (async () => {
        for await (const _ of stream);
      })(),
      /no data for 300 ms/,
    );
    assert.ok(Date.now() - started < 2000);

    s3.inject({ kind: 'stallBody' }, { operation: 'GetObject' });
    assert.equal(Buffer.from(await store().getBytes('a/body')).toString(), 'the whole body');
  });

  it('lets a slow reader take its time: a socket paused for the reader is not idle', async () => {
    const size = 2 * MiB;
    await store().put('a/slow-reader', new Uint8Array(size).fill(9));
    const stream = await store().get('a/slow-reader');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // 3 timeouts with nothing read
    let read = 0;
    for await (const chunk of stream) {
      read += chunk.length;
      if (read < 256 * 1024) await new Promise((resolve) => setTimeout(resolve, 400));
    }
    assert.equal(read, size);
  });

  it('does not retry a permanent answer: 403 and a missing key are sent once', async () => {
    const since = s3.operations.length;
    const wrong = store({ credentials: { ...s3.settings.credentials, secretAccessKey: 'wrong' } });
    await assert.rejects(wrong.put('a/denied', bytes('x')), /403 SignatureDoesNotMatch/);
    await assert.rejects(store().getBytes('a/missing'), { name: 'BlobNotFoundError' });
    await assert.rejects(store().get('a/missing'), { name: 'BlobNotFoundError' });
    s3.inject({ kind: 'error', status: 400, code: 'InvalidArgument' });
    await assert.rejects(store().put('a/bad', bytes('x')), /400 InvalidArgument/);
    assert.deepEqual(await seen(since), [
      'PutObject 403',
      'GetObject 404',
      'GetObject 404',
      'PutObject 400 error',
    ]);
  });

  it('retries a refused connection, then names it', async () => {
    // A port nothing listens on: ECONNREFUSED on every attempt.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const nowhere = store({ endpoint: `http://127.0.0.1:${port}` });
    await assert.rejects(
      nowhere.put('a/x', bytes('x')),
      /PutObject retries\/a\/x failed: ECONNREFUSED.*\(3 attempts\)/,
    );
  });

  describe('multipart uploads', () => {
    const partSizeBytes = 5 * MiB;
    const source = (size: number) => {
      const chunk = Buffer.alloc(MiB);
      for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 7) % 253;
      return Readable.from(Array.from({ length: size / MiB }, () => chunk));
    };
    const sha = async (stream: AsyncIterable<Buffer>) => {
      const hash = createHash('sha256');
      for await (const chunk of stream) hash.update(chunk);
      return hash.digest('hex');
    };

    it('sends a failed part again from its buffer, and the object is whole', async () => {
      const since = s3.operations.length;
      s3.inject({ kind: 'error', status: 503, code: 'SlowDown' }, { operation: 'UploadPart' });
      s3.inject({ kind: 'drop' }, { operation: 'UploadPart' });
      s3.inject({ kind: 'error', status: 503, code: 'SlowDown' }, { operation: 'CreateMultipartUpload' });
      const big = createS3BlobStore({ ...s3.settings, ...fast, prefix: 'retries' }, { partSizeBytes });
      assert.deepEqual(await big.put('a/parts', source(12 * MiB)), { sizeBytes: 12 * MiB });
      assert.equal(await sha(await big.get('a/parts')), await sha(source(12 * MiB)));
      assert.deepEqual((await seen(since)).slice(0, 8), [
        'CreateMultipartUpload 503 error',
        'CreateMultipartUpload 200',
        'UploadPart 503 error',
        'UploadPart 0 drop',
        'UploadPart 200',
        'UploadPart 200',
        'UploadPart 200',
        'CompleteMultipartUpload 200',
      ]);
      assert.equal(s3.openUploads(), 0);
    });

    it('aborts the upload when a part fails past its retries', async () => {
      s3.inject({ kind: 'error', status: 500, code: 'InternalError' }, { operation: 'UploadPart', times: 3 });
      const big = createS3BlobStore({ ...s3.settings, ...fast, prefix: 'retries' }, { partSizeBytes });
      await assert.rejects(
        big.put('a/aborted', source(12 * MiB)),
        /UploadPart .* 500 InternalError.*\(3 attempts\)/,
      );
      assert.equal(s3.operations.at(-1)?.operation, 'AbortMultipartUpload');
      assert.equal(s3.openUploads(), 0, 'no parts are left stored (and billed)');
      assert.equal(await big.exists('a/aborted'), false);
    });

    it('aborts the upload when a part times out past its retries', async () => {
      s3.inject({ kind: 'stall' }, { operation: 'UploadPart', times: 3 });
      const big = createS3BlobStore({ ...s3.settings, ...fast, prefix: 'retries' }, { partSizeBytes });
      await assert.rejects(big.put('a/silent', source(6 * MiB)), /UploadPart .* ETIMEDOUT/);
      assert.equal(s3.openUploads(), 0);
    });

    it('completes once when the answer to CompleteMultipartUpload is lost, or is an error in a 200', async () => {
      const big = createS3BlobStore({ ...s3.settings, ...fast, prefix: 'retries' }, { partSizeBytes });
      const since = s3.operations.length;
      s3.inject({ kind: 'dropReply' }, { operation: 'CompleteMultipartUpload' });
      await big.put('a/lost-reply', source(6 * MiB));
      assert.deepEqual((await seen(since)).slice(-4), [
        'CompleteMultipartUpload 0 dropReply',
        'CompleteMultipartUpload 404', // done by the first: NoSuchUpload
        'AbortMultipartUpload 404', // lib-storage's clean-up after a failed completion, a no-op here
        'HeadObject 200', // its ETag is the one these parts make
      ]);
      assert.equal(await sha(await big.get('a/lost-reply')), await sha(source(6 * MiB)));

      s3.inject(
        { kind: 'error', status: 200, code: 'InternalError' },
        { operation: 'CompleteMultipartUpload' },
      );
      const again = s3.operations.length;
      await big.put('a/error-in-200', source(6 * MiB));
      assert.deepEqual((await seen(again)).slice(-2), [
        'CompleteMultipartUpload 200 error',
        'CompleteMultipartUpload 200',
      ]);
      assert.equal(s3.openUploads(), 0);
    });
  });
});

describe('S3 retry rules', () => {
  it('retries throttling, 5xx and broken connections; not other 4xx', () => {
    for (const failure of [
      { status: 503, code: 'SlowDown' },
      { status: 500, code: 'InternalError' },
      { status: 429, code: 'TooManyRequests' },
      { status: 400, code: 'RequestTimeout' },
      { status: 200, code: 'InternalError' },
      { network: 'ECONNRESET' },
      { network: 'ECONNREFUSED' },
      { network: 'ETIMEDOUT' },
    ]) {
      assert.equal(isTransient(failure), true, JSON.stringify(failure));
    }
    for (const failure of [
      { status: 403, code: 'AccessDenied' },
      { status: 404, code: 'NoSuchKey' },
      { status: 400, code: 'InvalidDigest' },
      { network: 'ENOTFOUND' },
    ]) {
      assert.equal(isTransient(failure), false, JSON.stringify(failure));
    }
    assert.equal(isThrottling({ status: 503, code: 'SlowDown' }), true);
    assert.equal(isThrottling({ status: 500, code: 'InternalError' }), false);
  });

  it('waits up to base × 2^retry, five times longer when throttled, never over 20 s', () => {
    const [top, half, none] = [() => 0.999, () => 0.5, () => 0];
    assert.equal(retryDelayMs(1, 100, false, top), 199);
    assert.equal(retryDelayMs(3, 100, false, half), 400);
    assert.equal(retryDelayMs(3, 100, true, half), 2000);
    assert.equal(retryDelayMs(30, 100, true, top), 19_980);
    assert.equal(retryDelayMs(2, 100, false, none), 0);
  });

  it("computes a multipart object's ETag from its parts' ETags", () => {
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    const both = createHash('md5')
      .update(Buffer.concat([Buffer.from(md5('a'), 'hex'), Buffer.from(md5('b'), 'hex')]))
      .digest('hex');
    assert.equal(multipartEtag([`"${md5('a')}"`, `"${md5('b')}"`]), `"${both}-2"`);
    assert.equal(multipartEtag(['"not-an-md5"']), null);
  });
});
