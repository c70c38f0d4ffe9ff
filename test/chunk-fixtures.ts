/**
 * Jobs whose result carries chunks, made the way the worker makes them (insert, claim by attempt 1,
 * the indexing step of services/index-chunks.ts, completion), without a `chunk` job type: test data
 * for the search, built here rather than by the chunker.
 */
import assert from 'node:assert/strict';
import type { Chunk } from '../src/core/chunk.ts';
import type { OrgId } from '../src/core/ids.ts';
import type { Context } from '../src/services/context.ts';
import { type IndexReport, indexJobChunks } from '../src/services/index-chunks.ts';
import { jobFields } from '../src/store/contract/fixtures.ts';
import { completeJobs } from '../src/store/jobs/complete-jobs.ts';
import { insertJob, type NewJob } from '../src/store/jobs/insert-job.ts';
import { moveJob } from '../src/store/jobs/move-job.ts';

/** Chunks from texts: index, id, one page each (page = position + 1), a box, a heading path. */
export function makeChunks(
  jobKey: string,
  sections: { heading?: string[]; text: string; page?: number }[],
): Chunk[] {
  return sections.map((section, index) => ({
    id: `${jobKey}:${index}`,
    index,
    text: section.text,
    markdown: section.text,
    headingPath: section.heading ?? [],
    pages: [section.page ?? index + 1],
    bboxes: { [String(section.page ?? index + 1)]: [[72, 100 + index, 540, 200 + index]] },
    blockTypes: ['paragraph'],
    tokens: section.text.split(/\s+/).length,
  }));
}

export async function orgIdOf(ctx: Pick<Context, 'db'>, name: string): Promise<OrgId> {
  const rows = await ctx.db.query<{ id: OrgId }>('SELECT id FROM organisations WHERE name = $1', [name]);
  assert.ok(rows[0], `organisation ${name}`);
  return rows[0].id;
}

/** A completed job of `orgId` whose result had `chunks`, indexed by the worker's own step. */
export async function indexedJob(
  ctx: Pick<Context, 'db' | 'config'>,
  orgId: OrgId,
  chunks: Chunk[],
  fields: Partial<NewJob> & { language?: string } = {},
): Promise<{ id: string; report: IndexReport }> {
  const { language, ...jobFieldsGiven } = fields;
  const job = await insertJob(ctx.db, jobFields(orgId, jobFieldsGiven));
  assert.ok(job);
  assert.ok(await moveJob(ctx.db, job.id, 'processing', { attempt: 1 }));
  const report = await indexJobChunks(
    ctx,
    job,
    1,
    { type: job.type, chunks, ...(language ? { language } : {}) },
    {
      signal: new AbortController().signal,
    },
  );
  assert.ok(report?.written, 'the chunks were written');
  const [done] = await completeJobs(ctx.db, [
    {
      id: job.id,
      attempt: 1,
      resultKey: `results/${job.id}.json`,
      pages: 1,
      mimeType: null,
      fileKind: 'pdf',
      status: 'completed',
      error: null,
      qualityScore: null,
      minConfidence: null,
      llmTokens: 0,
      trace: { stages: [] },
    },
  ]);
  assert.equal(done, true);
  return { id: job.id, report };
}
