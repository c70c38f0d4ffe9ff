import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmbeddingsSettings } from '../../core/config.ts';
import { DocjobsError } from '../../core/errors.ts';
import { embedQuery, embedTexts } from './embeddings-client.ts';
import {
  type FakeEmbeddingsServer,
  hashedEmbedding,
  startFakeEmbeddingsServer,
} from './testing/fake-embeddings-server.ts';

const signal = new AbortController().signal;
const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('embeddings client against a real HTTP server speaking /v1/embeddings', () => {
  let server: FakeEmbeddingsServer;
  let settings: EmbeddingsSettings;
  before(async () => {
    server = await startFakeEmbeddingsServer({ dims: 48 });
    settings = {
      baseUrl: server.baseUrl,
      model: 'test-embed',
      apiKey: 'sk-test-123',
      timeoutMs: 5000,
      maxRetries: 2,
      batchSize: 2,
    };
  });
  after(() => server?.close());

  it('sends the texts in batches and returns one unit-length vector per text, in order, with its dims', async () => {
    server.requests.length = 0;
    const texts = ['invoice total', 'bank transfer', 'neural networks', 'table cells', 'invoice amount'];
    const progress: number[] = [];
    const embedded = await embedTexts(settings, texts, { signal, onProgress: (done) => progress.push(done) });
    assert.equal(server.requests.length, 3, '5 texts in batches of 2');
    assert.deepEqual(
      server.requests.map((request) => request.input),
      [texts.slice(0, 2), texts.slice(2, 4), texts.slice(4)],
    );
    assert.equal(server.requests[0]?.authorization, 'Bearer sk-test-123');
    assert.equal(server.requests[0]?.model, 'test-embed');
    assert.deepEqual(progress, [2, 4, 5]);
    assert.equal(embedded.dims, 48);
    assert.equal(embedded.vectors.length, 5);
    for (const [i, vector] of embedded.vectors.entries()) {
      assert.ok(Math.abs(dot(vector, vector) - 1) < 1e-9, 'unit length');
      assert.ok(dot(vector, hashedEmbedding(texts[i]!, 48)) > 1 - 1e-9, 'the vector of its own text');
    }
    // The test server's vectors carry meaning: shared words, closer.
    const [invoice, , , , amount] = embedded.vectors;
    assert.ok(dot(invoice!, amount!) > dot(invoice!, embedded.vectors[2]!));
  });

  it('waits as long as a 429 Retry-After says, then retries; a 500 is retried too', async () => {
    server.requests.length = 0;
    server.fail({ status: 429, retryAfter: '1' }, { status: 500 });
    const { vector } = await embedQuery({ ...settings, maxRetries: 3 }, 'retry me', signal);
    assert.equal(vector.length, 48);
    assert.equal(server.requests.length, 3);
    const waited = server.requests[1]!.receivedAt - server.requests[0]!.receivedAt;
    assert.ok(waited >= 950, `waited ${waited} ms after Retry-After: 1`);
  });

  it('fails with a retryable EMBEDDING_ERROR once its retries are spent', async () => {
    server.fail(
      { status: 503, retryAfter: '0' },
      { status: 503, retryAfter: '0' },
      { status: 503, retryAfter: '0' },
    );
    await assert.rejects(embedQuery(settings, 'down', signal), (error: DocjobsError) => {
      assert.equal(error.code, 'EMBEDDING_ERROR');
      assert.equal(error.retryable, true);
      assert.match(error.message, /after 3 attempts: HTTP 503/);
      return true;
    });
  });

  it('fails at once, not retryable, on a refusal (4xx other than 429), naming the reason', async () => {
    server.requests.length = 0;
    server.fail({ status: 401 });
    await assert.rejects(embedQuery(settings, 'no key', signal), (error: DocjobsError) => {
      assert.equal(error.code, 'EMBEDDING_ERROR');
      assert.equal(error.retryable, false);
      assert.match(error.message, /HTTP 401: injected 401/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  it('retries an endpoint that cannot be reached, then says which', async () => {
    const closed = await startFakeEmbeddingsServer();
    await closed.close();
    await assert.rejects(
      embedQuery({ ...settings, baseUrl: closed.baseUrl, maxRetries: 0 }, 'x', signal),
      (error: DocjobsError) =>
        error.code === 'EMBEDDING_ERROR' && /cannot reach .*ECONNREFUSED/.test(error.message),
    );
  });

  it('stops waiting when the job is cancelled', async () => {
    server.fail({ status: 429, retryAfter: '30' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(embedQuery(settings, 'x', controller.signal), (error: DocjobsError) => {
      assert.equal(error.code, 'CANCELLED');
      return error instanceof DocjobsError;
    });
  });
});
