import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type FakeEmbeddingsServer,
  startFakeEmbeddingsServer,
} from '../src/pipeline/embed/testing/fake-embeddings-server.ts';
import { makePaperPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

interface Trace {
  stages: { stage: string; engine?: string; ms: number; embeddings?: Record<string, unknown> }[];
}

for (const backend of backends) {
  describe(`a chunk job's embedding stage on ${backend}, with the test embeddings server`, () => {
    let server: FakeEmbeddingsServer;
    let dj: TestDocjobs;
    before(async () => {
      server = await startFakeEmbeddingsServer({ dims: 64 });
      dj = await startTestDocjobs(backend, 'embedding-trace', {
        EMBEDDINGS_BASE_URL: server.baseUrl,
        EMBEDDINGS_MODEL: 'hashing-64',
        EMBEDDINGS_BATCH_SIZE: '2',
      });
    });
    after(async () => {
      await dj?.close();
      await server?.close();
    });

    it('reports stage embedding with rising progress, and records the calls in the trace', async () => {
      // The first batch answers 429 with Retry-After 1 s: the job sits in its embedding stage for
      // at least that second, long enough to be seen, and the retry must show in the trace.
      server.fail({ status: 429, retryAfter: '1' });
      const job = await submit(dj, makePaperPdf(3).pdf, 'paper.pdf', { type: 'chunk' });
      const seen: { stage: string; progress: number }[] = [];
      for (;;) {
        const view = (await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth })).json() as {
          status: string;
          stage: string | null;
          progress: number;
        };
        if (view.status === 'processing' && view.stage)
          seen.push({ stage: view.stage, progress: view.progress });
        if (!['queued', 'processing', 'retrying'].includes(view.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const ended = await waitTerminal(dj, job.id);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));

      const embedding = seen.filter((step) => step.stage === 'embedding');
      assert.ok(embedding.length > 0, `stages seen: ${JSON.stringify(seen)}`);
      assert.ok(
        embedding.every((step) => step.progress >= 60 && step.progress <= 95),
        JSON.stringify(embedding),
      );
      const progress = seen.map((step) => step.progress);
      assert.deepEqual(
        progress,
        [...progress].sort((a, b) => a - b),
        `progress never goes back: ${JSON.stringify(seen)}`,
      );

      const chunks = (await dj.app.inject({ url: `/v1/jobs/${job.id}/chunks`, headers: dj.auth })).json() as {
        chunks: unknown[];
      };
      const texts = chunks.chunks.length;
      const trace = (
        await dj.app.inject({ url: `/v1/jobs/${job.id}/trace`, headers: dj.auth })
      ).json() as Trace;
      assert.deepEqual(
        trace.stages.map((stage) => stage.stage),
        ['parsing', 'chunking', 'embedding'],
      );
      const stage = trace.stages[2]!;
      assert.equal(stage.engine, 'embeddings');
      assert.ok(stage.ms >= 990, `${stage.ms} ms: the Retry-After second is part of the stage`);
      const batches = Math.ceil(texts / 2);
      assert.deepEqual(stage.embeddings, {
        model: 'hashing-64',
        dims: 64,
        texts,
        requests: batches + 1,
        tokens: server.requests.slice(1).reduce((sum, request) => sum + tokensOf(request.input), 0),
      });
      assert.equal(server.requests.length, batches + 1);
    });
  });
}

/** What the test server answers as `usage.prompt_tokens`: its words, by whitespace. */
const tokensOf = (input: string[]) => input.join(' ').split(/\s+/).length;
