import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocjobsError } from '../src/core/errors.ts';
import type { OrgId } from '../src/core/ids.ts';
import { fuseRankings } from '../src/core/search.ts';
import {
  type FakeEmbeddingsServer,
  startFakeEmbeddingsServer,
} from '../src/pipeline/embed/testing/fake-embeddings-server.ts';
import { embeddingText, indexJobChunks } from '../src/services/index-chunks.ts';
import { jobFields } from '../src/store/contract/fixtures.ts';
import { getJob } from '../src/store/jobs/get-job.ts';
import { insertJob } from '../src/store/jobs/insert-job.ts';
import { moveJob } from '../src/store/jobs/move-job.ts';
import { indexedJob, makeChunks, orgIdOf } from './chunk-fixtures.ts';
import { backends, startTestDocjobs, type TestDocjobs } from './harness.ts';

interface Hit {
  jobId: string;
  index: number;
  score: number;
  snippet: string;
}

const manual = makeChunks('manual', [
  { heading: ['Safety'], text: 'Disconnect the power supply before opening the turbine housing.' },
  { heading: ['Maintenance'], text: 'Lubricate the turbine bearings every 500 operating hours.' },
  { heading: ['Warranty'], text: 'The warranty covers manufacturing defects for two years.' },
  { heading: ['Storage'], text: 'Store spare blades in a dry room away from sunlight.' },
]);

for (const backend of backends) {
  describe(`vector and hybrid search on ${backend}, with the test embeddings server`, () => {
    let server: FakeEmbeddingsServer;
    let dj: TestDocjobs;
    let acme: OrgId;
    let manualId: string;
    before(async () => {
      server = await startFakeEmbeddingsServer({ dims: 256 });
      dj = await startTestDocjobs(
        backend,
        'search-vector',
        { EMBEDDINGS_BASE_URL: server.baseUrl, EMBEDDINGS_MODEL: 'hashing-256', EMBEDDINGS_BATCH_SIZE: '3' },
        { worker: false },
      );
      acme = await orgIdOf(dj.ctx, 'acme');
      manualId = (await indexedJob(dj.ctx, acme, manual, { fileName: 'turbine-manual.pdf' })).id;
      await indexedJob(
        dj.ctx,
        await orgIdOf(dj.ctx, 'globex'),
        makeChunks('g', [{ text: 'Lubricate the turbine bearings every 500 operating hours.' }]),
      );
    });
    after(async () => {
      await dj?.close();
      await server?.close();
    });

    const search = async (payload: Record<string, unknown>) => {
      const response = await dj.app.inject({ method: 'POST', url: '/v1/search', headers: dj.auth, payload });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { mode: string; data: Hit[] };
    };

    it('embeds each chunk with its heading path, in batches, and records the dims per chunk', async () => {
      const texts = server.requests.flatMap((request) => request.input);
      assert.ok(texts.includes(embeddingText(manual[1]!)));
      assert.match(embeddingText(manual[1]!), /^Maintenance\n\nLubricate/);
      assert.ok(server.requests.every((request) => request.input.length <= 3));
      const page = (await dj.app.inject({ url: `/v1/jobs/${manualId}/chunks`, headers: dj.auth })).json();
      assert.deepEqual(
        page.chunks.map((chunk: { dims: number }) => chunk.dims),
        [256, 256, 256, 256],
      );
    });

    it('vector: nearest chunks by cosine, best first, in the organisation only', async () => {
      const answer = await search({ query: 'how often to lubricate bearings', mode: 'vector', topK: 4 });
      assert.equal(answer.mode, 'vector');
      assert.equal(answer.data.length, 4, 'only acme: its 4 chunks');
      assert.deepEqual(
        answer.data.map((hit) => hit.jobId),
        Array(4).fill(manualId),
      );
      assert.equal(answer.data[0]?.index, 1);
      const scores = answer.data.map((hit) => hit.score);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
      );
      assert.ok(scores[0]! > 0 && scores[0]! <= 1 + 1e-6);
      assert.match(answer.data[0]!.snippet, /<mark>bearings<\/mark>/);
    });

    it('hybrid: the full-text and vector rankings fused by reciprocal rank fusion (k = 60)', async () => {
      const query = 'turbine warranty defects';
      const depth = 50;
      const text = await search({ query, mode: 'fulltext', topK: depth });
      const vector = await search({ query, mode: 'vector', topK: depth });
      const hybrid = await search({ query, mode: 'hybrid', topK: 3 });
      assert.equal(hybrid.mode, 'hybrid');
      const expected = fuseRankings([text.data, vector.data], 3);
      assert.deepEqual(
        hybrid.data.map((hit) => [hit.index, hit.score]),
        expected.map((hit) => [hit.index, hit.score]),
      );
      assert.equal(hybrid.data[0]?.index, 2, 'the warranty chunk is first in both');
    });

    it('fails the step with EMBEDDING_ERROR when the endpoint refuses, writing nothing', async () => {
      const job = await insertJob(dj.ctx.db, jobFields(acme));
      assert.ok(job);
      assert.ok(await moveJob(dj.ctx.db, job.id, 'processing', { attempt: 1 }));
      server.fail({ status: 400 });
      const stages: [string, number, number][] = [];
      await assert.rejects(
        indexJobChunks(
          dj.ctx,
          job,
          1,
          { chunks: manual },
          {
            signal: new AbortController().signal,
            onStep: (stage, done, total) => stages.push([stage, done, total]),
          },
        ),
        (error: DocjobsError) => error.code === 'EMBEDDING_ERROR' && !error.retryable,
      );
      assert.deepEqual(stages, [['embedding', 0, 4]]);
      const rows = await dj.ctx.db.query('SELECT 1 FROM chunks WHERE job_id = $1', [job.id]);
      assert.deepEqual(rows, []);
    });

    it('writes nothing for an attempt that no longer owns the job, and nothing for a result without chunks', async () => {
      const job = await insertJob(dj.ctx.db, jobFields(acme));
      assert.ok(job);
      assert.ok(await moveJob(dj.ctx.db, job.id, 'processing', { attempt: 1 }));
      const signal = new AbortController().signal;
      assert.equal(await indexJobChunks(dj.ctx, job, 1, { pages: [] }, { signal }), null);
      assert.ok(await moveJob(dj.ctx.db, job.id, 'cancelled', { finished: true }));
      const report = await indexJobChunks(dj.ctx, job, 1, { chunks: manual }, { signal });
      assert.equal(report?.written, false);
      assert.equal((await getJob(dj.ctx.db, acme, job.id))?.status, 'cancelled');
      const rows = await dj.ctx.db.query('SELECT 1 FROM chunks WHERE job_id = $1', [job.id]);
      assert.deepEqual(rows, []);
    });

    it('a second attempt replaces the chunks of the first', async () => {
      const job = await insertJob(dj.ctx.db, jobFields(acme));
      assert.ok(job);
      const signal = new AbortController().signal;
      assert.ok(await moveJob(dj.ctx.db, job.id, 'processing', { attempt: 1 }));
      await indexJobChunks(dj.ctx, job, 1, { chunks: manual }, { signal });
      assert.ok(await moveJob(dj.ctx.db, job.id, 'retrying', {}, { attempt: 1 }));
      assert.ok(await moveJob(dj.ctx.db, job.id, 'processing', { attempt: 2 }));
      await indexJobChunks(dj.ctx, job, 2, { chunks: manual.slice(0, 2) }, { signal });
      const rows = await dj.ctx.db.query<{ idx: number }>(
        'SELECT idx FROM chunks WHERE job_id = $1 ORDER BY idx',
        [job.id],
      );
      assert.deepEqual(
        rows.map((row) => row.idx),
        [0, 1],
      );
    });
  });
}
