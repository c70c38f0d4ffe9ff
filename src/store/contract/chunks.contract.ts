import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChunkInsert } from '../chunks/chunk-row.ts';
import { listJobChunks } from '../chunks/list-job-chunks.ts';
import { readHits } from '../chunks/read-hits.ts';
import { rankFulltext } from '../chunks/search-fulltext.ts';
import { rankVector } from '../chunks/search-vector.ts';
import { ensureVectorIndex, hasPgvector } from '../chunks/vector-index.ts';
import { deleteJobChunks, replaceJobChunks } from '../chunks/write-chunks.ts';
import { deleteTerminalJob } from '../jobs/delete-job.ts';
import { moveJob } from '../jobs/move-job.ts';
import { addJob, endJob, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

const unit = (values: number[]) => {
  const norm = Math.hypot(...values);
  return values.map((x) => x / norm);
};

const chunk = (index: number, text: string, embedding: number[] | null = null): ChunkInsert => ({
  index,
  id: `c${index}`,
  text,
  markdown: `**${text}**`,
  headingPath: ['1 Intro'],
  pages: [index + 1],
  bboxes: { [String(index + 1)]: [[1, 2, 3, 4]] },
  blockTypes: ['paragraph'],
  tokens: text.split(' ').length,
  embedding,
});

/** Chunks (migration 0015): written by the attempt that owns a job, searched per organisation, gone with the job. */
export function chunksContract(make: MakeDatabase) {
  describe('chunks', () => {
    const db = useDatabase(make, 'chunks');

    /** A job run by attempt 1 whose chunks are written, then ended `completed`. */
    const indexed = async (orgId: Parameters<typeof addJob>[1], chunks: ChunkInsert[], model = 'm') => {
      const job = await addJob(db(), orgId);
      assert.ok(await moveJob(db(), job.id, 'processing', { attempt: 1 }));
      assert.equal(
        await replaceJobChunks(db(), { jobId: job.id, attempt: 1, language: 'english', model, chunks }),
        true,
      );
      assert.ok(await moveJob(db(), job.id, 'queued', {}, { attempt: 1 }));
      return endJob(db(), job, 'completed');
    };

    it('writes only while the attempt owns the running job', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      const write = (attempt: number) =>
        replaceJobChunks(db(), {
          jobId: job.id,
          attempt,
          language: 'english',
          model: null,
          chunks: [chunk(0, 'x')],
        });
      assert.equal(await write(1), false, 'queued: not running');
      assert.ok(await moveJob(db(), job.id, 'processing', { attempt: 1 }));
      assert.equal(await write(2), false, 'another attempt');
      assert.equal(await write(1), true);
    });

    it('pages through a job’s chunks in index order, for its organisation only', async () => {
      const org = await newOrg(db());
      const other = await newOrg(db());
      const job = await indexed(org.id, [chunk(0, 'alpha'), chunk(1, 'beta'), chunk(2, 'gamma')]);
      const first = await listJobChunks(db(), org.id, job.id, { limit: 2 });
      assert.deepEqual(
        first.chunks.map((c) => [c.index, c.id, c.markdown]),
        [
          [0, 'c0', '**alpha**'],
          [1, 'c1', '**beta**'],
        ],
      );
      assert.equal(first.total, 3);
      assert.deepEqual(first.chunks[0]?.bboxes, { '1': [[1, 2, 3, 4]] });
      assert.equal(first.chunks[0]?.language, 'english');
      assert.ok(first.nextCursor);
      const [createdAt] = Buffer.from(first.nextCursor, 'base64url').toString().split('|');
      const second = await listJobChunks(db(), org.id, job.id, {
        limit: 2,
        cursor: { createdAt: createdAt!, id: '1' },
      });
      assert.deepEqual(
        second.chunks.map((c) => c.index),
        [2],
      );
      assert.equal(second.hasMore, false);
      assert.deepEqual((await listJobChunks(db(), other.id, job.id, { limit: 10 })).chunks, []);
    });

    it('ranks by full text and by exact cosine within the organisation, and reads hits with snippets', async () => {
      const org = await newOrg(db());
      const other = await newOrg(db());
      const job = await indexed(org.id, [
        chunk(0, 'solar panels on the roof', unit([1, 0, 0])),
        chunk(1, 'wind turbines at sea', unit([0, 1, 0])),
        chunk(2, 'solar and wind power', unit([1, 1, 0])),
      ]);
      await indexed(other.id, [chunk(0, 'solar panels everywhere', unit([1, 0, 0]))]);
      const text = await rankFulltext(db(), org.id, 'solar panel', {}, 10);
      assert.deepEqual(
        text.map((hit) => [hit.jobId, hit.index]),
        [
          [job.id, 0],
          [job.id, 2],
        ],
        'all words first (stemmed: panels → panel), then some',
      );
      const vector = await rankVector(db(), org.id, unit([1, 0.2, 0]), 'm', {}, 10);
      assert.deepEqual(
        vector.map((hit) => hit.index),
        [0, 2, 1],
      );
      assert.ok(Math.abs(vector[0]!.score - unit([1, 0.2, 0])[0]!) < 1e-6);
      assert.deepEqual(await rankVector(db(), org.id, unit([1, 0, 0]), 'another-model', {}, 10), []);
      assert.deepEqual(await rankVector(db(), org.id, unit([1, 0]), 'm', {}, 10), [], 'other dims');
      const hits = await readHits(db(), org.id, 'solar', text);
      assert.deepEqual(
        hits.map((hit) => hit.snippet),
        ['<mark>solar</mark> panels on the roof', '<mark>solar</mark> and wind power'],
      );
      assert.deepEqual(await readHits(db(), other.id, 'solar', text), [], 'not another organisation’s');
    });

    it('finds the nearest chunks as an exact search does, through an HNSW index where pgvector is (always on PGlite)', async () => {
      const pgvector = await hasPgvector(db());
      if (db().kind === 'pglite') assert.ok(pgvector, 'PGlite loads pgvector at every open');
      const dims = 24;
      let seed = 7;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31 - 0.5;
      };
      const randomUnit = () => unit(Array.from({ length: dims }, random));
      if (pgvector) await ensureVectorIndex(db(), dims);
      const org = await newOrg(db());
      const other = await newOrg(db());
      const mine = Array.from({ length: 300 }, (_, i) => chunk(i, `chunk ${i}`, randomUnit()));
      const job = await indexed(org.id, mine, 'hnsw-model');
      await indexed(
        other.id,
        Array.from({ length: 300 }, (_, i) => chunk(i, `theirs ${i}`, randomUnit())),
        'hnsw-model',
      );
      if (pgvector) {
        const indexes = await db().query<{ name: string }>(
          "SELECT indexname AS name FROM pg_indexes WHERE indexname = 'chunks_embedding_hnsw_24'",
        );
        assert.equal(indexes.length, 1, 'the HNSW index for 24 dimensions');
      }
      let found = 0;
      for (let q = 0; q < 10; q++) {
        const query = randomUnit();
        const dot = (v: number[]) => v.reduce((sum, x, i) => sum + x * query[i]!, 0);
        const exact = mine
          .map((c) => ({ index: c.index, score: dot(c.embedding!) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10);
        const ranked = await rankVector(db(), org.id, query, 'hnsw-model', {}, 10);
        assert.equal(ranked.length, 10, 'topK found although the other organisation’s chunks are as near');
        assert.ok(ranked.every((hit) => hit.jobId === job.id));
        const wanted = new Set(exact.map((hit) => hit.index));
        found += ranked.filter((hit) => wanted.has(hit.index)).length;
        assert.ok(Math.abs(ranked[0]!.score - dot(mine[ranked[0]!.index]!.embedding!)) < 1e-4, 'cosine');
      }
      // HNSW is approximate; on 300 vectors with ef_search ≥ 100 it misses next to nothing.
      assert.ok(found / 100 >= (pgvector ? 0.9 : 1), `recall@10 ${found / 100}`);
    });

    it('goes with the job: deleted, expired, or failed after an attempt had written them', async () => {
      const org = await newOrg(db());
      const count = async (id: string) =>
        (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM chunks WHERE job_id = $1', [id]))[0]!
          .n;
      const deleted = await indexed(org.id, [chunk(0, 'a'), chunk(1, 'b')]);
      assert.equal(await count(deleted.id), 2);
      assert.ok(await deleteTerminalJob(db(), org.id, deleted.id));
      assert.equal(await count(deleted.id), 0);

      const expired = await indexed(org.id, [chunk(0, 'a')]);
      await db().query("UPDATE jobs SET status = 'expired', expired_at = now() WHERE id = $1", [expired.id]);
      assert.equal(await count(expired.id), 0);

      const failed = await addJob(db(), org.id);
      assert.ok(await moveJob(db(), failed.id, 'processing', { attempt: 1 }));
      await replaceJobChunks(db(), {
        jobId: failed.id,
        attempt: 1,
        language: 'simple',
        model: null,
        chunks: [chunk(0, 'a')],
      });
      assert.equal(await count(failed.id), 1);
      assert.ok(await moveJob(db(), failed.id, 'failed', { finished: true }));
      assert.equal(await count(failed.id), 0);

      const kept = await indexed(org.id, [chunk(0, 'a')]);
      assert.equal(await deleteJobChunks(db(), kept.id), 1);
    });
  });
}
