import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { newCaseId } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import type { JobFilter } from '../../core/job-filter.ts';
import { type Cursor, decodeCursor } from '../../core/page-request.ts';
import { insertCase } from '../cases/insert-case.ts';
import { deleteTerminalJob } from '../jobs/delete-job.ts';
import { getJob } from '../jobs/get-job.ts';
import { jobStats } from '../jobs/job-stats.ts';
import { listJobPage, listJobs } from '../jobs/list-jobs.ts';
import { moveJob } from '../jobs/move-job.ts';
import {
  addJob,
  endJob,
  hourMs,
  type MakeDatabase,
  newestFirst,
  newOrg,
  setCreatedAt,
  useDatabase,
} from './fixtures.ts';

/** GET /v1/jobs and /v1/jobs/stats: filters, newest-first pages by offset and by cursor, statistics. */
export function jobListsContract(make: MakeDatabase) {
  describe('job lists and statistics', () => {
    const db = useDatabase(make, 'job-lists');
    const base = Date.parse('2024-03-01T10:00:00.000Z');
    let orgId: OrgId;
    let caseId: string;
    let jobs: JobRecord[];

    // Seven jobs, created a minute apart except three that share one millisecond: the id breaks the tie.
    before(async () => {
      const org = await newOrg(db());
      orgId = org.id;
      caseId = (
        await insertCase(db(), { id: newCaseId(), orgId, name: 'c', description: null, metadata: {} })
      ).id;
      const minutes = [0, 1, 2, 2, 2, 3, 4];
      const made: JobRecord[] = [];
      for (const [i, minute] of minutes.entries()) {
        const job = await addJob(db(), orgId, {
          type: i % 2 === 0 ? 'parse' : 'extract',
          metadata: { batch: i < 4 ? 'a' : 'b', parity: i % 2 === 0 ? 'even' : 'odd' },
          caseId: i === 6 ? caseId : null,
          extractor: i === 1 || i === 3 ? { id: 'ext_lists', version: 1 } : null,
        });
        if (i === 1) await endJob(db(), job, 'completed', { qualityScore: 0.9, minConfidence: 0.8 });
        if (i === 3) await endJob(db(), job, 'completed', { qualityScore: 0.5, minConfidence: 0.2 });
        if (i === 4) await endJob(db(), job, 'failed');
        await setCreatedAt(db(), 'jobs', job.id, new Date(base + minute * 60_000));
        made.push((await getJob(db(), orgId, job.id))!);
      }
      jobs = newestFirst(made);
    });

    const ids = (list: { id: string }[]) => list.map((job) => job.id);
    const matching = async (filter: JobFilter) =>
      ids((await listJobs(db(), orgId, filter, { limit: 50 })).jobs);
    const expected = (keep: (job: JobRecord) => boolean) => ids(jobs.filter(keep));

    it('filters by status, type, creation time, metadata, quality, case, extractor and confidence, with AND', async () => {
      assert.deepEqual(await matching({}), ids(jobs));
      assert.deepEqual(
        await matching({ statuses: ['completed', 'failed'] }),
        expected((j) => j.status !== 'queued'),
      );
      assert.deepEqual(
        await matching({ type: 'extract' }),
        expected((j) => j.type === 'extract'),
      );
      const at = (minute: number) => new Date(base + minute * 60_000);
      assert.deepEqual(
        await matching({ createdAfter: at(0), createdBefore: at(3) }),
        expected((j) => Date.parse(j.createdAt) > +at(0) && Date.parse(j.createdAt) < +at(3)),
        'both bounds are strict',
      );
      assert.deepEqual(
        await matching({ metadata: { batch: 'a', parity: 'odd' } }),
        expected((j) => j.metadata.batch === 'a' && j.metadata.parity === 'odd'),
      );
      assert.deepEqual(await matching({ metadata: { batch: 'c' } }), []);
      assert.deepEqual(
        await matching({ minQuality: 0.5 }),
        expected((j) => (j.qualityScore ?? -1) >= 0.5),
      );
      assert.deepEqual(
        await matching({ minQuality: 0.6 }),
        expected((j) => (j.qualityScore ?? -1) >= 0.6),
      );
      assert.deepEqual(
        await matching({ caseId }),
        expected((j) => j.caseId === caseId),
      );
      assert.deepEqual(
        await matching({ extractorId: 'ext_lists' }),
        expected((j) => j.extractorId === 'ext_lists'),
      );
      assert.deepEqual(
        await matching({ minConfidence: 0.3 }),
        expected((j) => (j.minConfidence ?? -1) >= 0.3),
      );
      assert.deepEqual(
        await matching({ type: 'extract', statuses: ['queued'] }),
        expected((j) => j.type === 'extract' && j.status === 'queued'),
      );
      const page = await listJobs(db(), orgId, { type: 'parse' }, { limit: 1 });
      assert.equal(
        page.total,
        expected((j) => j.type === 'parse').length,
        'the count is under the same filter',
      );
    });

    it('pages newest first by offset, counting the whole match', async () => {
      const seen: string[] = [];
      for (let offset = 0; offset < 9; offset += 3) {
        const page = await listJobs(db(), orgId, {}, { limit: 3, offset });
        assert.equal(page.total, 7);
        assert.equal(page.hasMore, offset + 3 < 7);
        assert.equal(page.nextCursor === null, !page.hasMore);
        seen.push(...ids(page.jobs));
      }
      assert.deepEqual(seen, ids(jobs));
      const past = await listJobs(db(), orgId, {}, { limit: 3, offset: 50 });
      assert.deepEqual([past.jobs, past.total, past.hasMore], [[], 7, false]);
    });

    it('pages by cursor through tied timestamps, unmoved by jobs inserted meanwhile', async () => {
      const seen: string[] = [];
      let cursor: Cursor | undefined;
      for (let pages = 0; ; pages++) {
        assert.ok(pages < 10, 'the walk ends');
        const page = await listJobs(db(), orgId, {}, { limit: 2, cursor });
        assert.equal(page.total, pages === 0 ? 7 : 8, 'counted with the newcomer after the first page');
        seen.push(...ids(page.jobs));
        if (pages === 0) await addJob(db(), orgId); // newer than everything: before the cursor, never in a later page
        if (!page.nextCursor) break;
        cursor = decodeCursor(page.nextCursor) ?? undefined;
        assert.ok(cursor);
      }
      assert.deepEqual(seen, ids(jobs));

      const walked: string[] = [];
      cursor = undefined;
      for (;;) {
        const page = await listJobPage(db(), orgId, { metadata: { batch: 'a' } }, { limit: 1, cursor });
        walked.push(...ids(page.jobs));
        if (!page.nextCursor) break;
        cursor = decodeCursor(page.nextCursor)!;
      }
      assert.deepEqual(
        walked,
        expected((j) => j.metadata.batch === 'a'),
      );
    });

    it('counts statistics of jobs created in [from, to) from their usage records and the live ones', async () => {
      const org = await newOrg(db(), 'stats');
      const add = (fields: Parameters<typeof addJob>[2] = {}) => addJob(db(), org.id, fields);
      const ran = async (job: JobRecord, seconds: number) =>
        db().query(`UPDATE jobs SET started_at = now() - $2 * interval '1 second' WHERE id = $1`, [
          job.id,
          seconds,
        ]);
      const ok = [
        await add(),
        await add({ type: 'extract', extractor: { id: 'ext_s', version: 1 } }),
        await add(),
      ];
      for (const [i, job] of ok.entries()) {
        assert.ok(await moveJob(db(), job.id, 'processing', { attempt: 1 }));
        await ran(job, 1000 * (i + 1));
        // endJob's claim (processing → processing, attempt 1) keeps the backdated started_at.
        await endJob(db(), job, i === 2 ? 'partial' : 'completed', {
          pages: i + 2,
          qualityScore: [0.9, 0.7, 0.5][i]!,
          minConfidence: i === 1 ? 0.6 : null,
        });
      }
      await endJob(db(), await add(), 'failed', { pages: 5 });
      await endJob(db(), await add({ type: 'extract', extractor: { id: 'ext_s', version: 1 } }), 'timeout');
      await endJob(db(), await add(), 'cancelled');
      await add();
      await moveJob(db(), (await add({ type: 'extract' })).id, 'processing', { attempt: 1 });
      const old = await add();
      await setCreatedAt(db(), 'jobs', old.id, new Date(Date.now() - 48 * hourMs));
      await endJob(db(), old, 'completed', { pages: 100 });

      const window = { from: new Date(Date.now() - hourMs), to: new Date(Date.now() + hourMs) };
      const stats = await jobStats(db(), org.id, window);
      assert.deepEqual([stats.from, stats.to], [window.from.toISOString(), window.to.toISOString()]);
      assert.deepEqual(stats.byStatus, {
        completed: 2,
        partial: 1,
        failed: 1,
        timeout: 1,
        cancelled: 1,
        queued: 1,
        processing: 1,
      });
      assert.deepEqual(
        [stats.totalJobs, stats.completedJobs, stats.failedJobs, stats.successRate],
        [8, 3, 2, 0.6],
      );
      assert.deepEqual(stats.byType, { parse: 5, extract: 3 });
      assert.deepEqual(stats.byExtractor, { ext_s: 2 });
      assert.deepEqual([stats.pages, stats.credits], [2 + 3 + 4 + 5, 2 + 3 + 4]);
      assert.deepEqual([stats.avgQuality, stats.avgConfidence], [0.7, 0.6]);
      // Run for ~1000, 2000 and 3000 s: percentile_cont over three values, as both drivers decode it.
      const near = (value: number | null, target: number) =>
        assert.ok(value !== null && Math.abs(value - target) < 30_000, `${value} ≈ ${target}`);
      near(stats.processingMs.avg, 2_000_000);
      near(stats.processingMs.p50, 2_000_000);
      near(stats.processingMs.p95, 2_900_000);

      // The record outlives the job: deleting a finished job changes no figure of its period.
      assert.equal(await deleteTerminalJob(db(), org.id, ok[0]!.id), true);
      assert.deepEqual(await jobStats(db(), org.id, window), stats);
      const empty = await jobStats(db(), org.id, { from: new Date(0), to: new Date(1000) });
      assert.deepEqual(
        [empty.totalJobs, empty.successRate, empty.processingMs.p50, empty.pages],
        [0, null, null, 0],
      );
    });
  });
}
