import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JobStats } from '../src/store/jobs/job-stats.ts';
import { createApiKey } from '../src/store/orgs.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

/** What the API answers: the store's shape, as JSON. */
type Stats = JobStats;

/** Jobs of one organisation written straight into the table, each moved to its end by an UPDATE as the worker would. */
interface Seed {
  hoursAgo: number;
  status: string;
  ms?: number;
  pages?: number;
  quality?: number;
  extractor?: string;
}

const seeds: Seed[] = [
  // the last 24 hours
  { hoursAgo: 1, status: 'completed', ms: 100, pages: 2, quality: 0.9, extractor: 'ext_a' },
  { hoursAgo: 2, status: 'completed', ms: 300, pages: 1, quality: 0.7 },
  { hoursAgo: 3, status: 'failed', ms: 50, pages: 0 },
  { hoursAgo: 4, status: 'partial', ms: 200, pages: 4, quality: 0.5, extractor: 'ext_a' },
  { hoursAgo: 0.5, status: 'queued' },
  // the last 7 days
  { hoursAgo: 72, status: 'completed', ms: 1000, pages: 3, quality: 0.8, extractor: 'ext_b' },
  { hoursAgo: 73, status: 'timeout', ms: 5000, pages: 1 },
  { hoursAgo: 74, status: 'cancelled' },
  { hoursAgo: 48, status: 'processing' },
  // the last 30 days
  { hoursAgo: 240, status: 'completed', ms: 400, pages: 1, quality: 0.6 },
  { hoursAgo: 480, status: 'retrying' },
  // before
  { hoursAgo: 960, status: 'completed', ms: 9999, pages: 10, quality: 1 },
];

for (const backend of backends) {
  describe(`usage and statistics on ${backend}`, () => {
    let dj: TestDocjobs;
    let statsAuth: { authorization: string };
    const seeded: string[] = [];
    before(async () => {
      dj = await startTestDocjobs(backend, 'usage-stats');
      const { key, org } = await createApiKey(dj.ctx.db, 'stats');
      statsAuth = { authorization: `Bearer ${key}` };
      for (const [i, seed] of seeds.entries()) {
        const id = `job_seed${String(i).padStart(4, '0')}`;
        seeded.push(id);
        const live = ['queued', 'processing', 'retrying'].includes(seed.status);
        await dj.ctx.db.query(
          `INSERT INTO jobs (id, org_id, type, status, timeout_seconds, extractor_id, created_at, started_at)
           VALUES ($1, $2, 'parse', $3, 60, $4, now() - $5 * interval '1 hour', now() - $5 * interval '1 hour')`,
          [id, org.id, live ? seed.status : 'processing', seed.extractor ?? null, seed.hoursAgo],
        );
        if (live) continue;
        await dj.ctx.db.query(
          `UPDATE jobs SET status = $2, processing_ms = $3, pages_done = $4, pages_total = $4, quality_score = $5,
                  completed_at = created_at + interval '1 minute'
           WHERE id = $1`,
          [id, seed.status, seed.ms ?? null, seed.pages ?? 0, seed.quality ?? null],
        );
      }
      // Retention and deletion do not change the past: the 10-day-old job is purged, the cancelled one deleted.
      await dj.ctx.db.query(`UPDATE jobs SET status = 'expired' WHERE id = $1`, [seeded[9]]);
      await dj.ctx.db.query('DELETE FROM jobs WHERE id = $1', [seeded[7]]);
    });
    after(async () => dj?.close());

    const get = async <T>(url: string, auth = statsAuth): Promise<T> => {
      const response = await dj.app.inject({ url, headers: auth });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as T;
    };

    it('counts the last 24 hours: outcomes, live jobs, percentiles, quality, pages, credits', async () => {
      const stats = await get<Stats>('/v1/jobs/stats?period=24h');
      assert.deepEqual(stats.byStatus, { completed: 2, failed: 1, partial: 1, queued: 1 });
      assert.equal(stats.totalJobs, 5);
      assert.equal(stats.completedJobs, 3);
      assert.equal(stats.failedJobs, 1);
      assert.equal(stats.successRate, 0.75);
      assert.deepEqual(stats.byType, { parse: 5 });
      assert.deepEqual(stats.byExtractor, { ext_a: 2 });
      // completed and partial only: 100, 200, 300 (percentile_cont interpolates: 200 + 0.9 × 100)
      assert.deepEqual(stats.processingMs, { avg: 200, p50: 200, p95: 290 });
      assert.equal(stats.avgQuality, 0.7);
      assert.equal(stats.pages, 7);
      assert.equal(stats.credits, 7);
    });

    it('keeps deleted and purged jobs with the status they ended in', async () => {
      const week = await get<Stats>('/v1/jobs/stats?period=7d');
      assert.deepEqual(week.byStatus, {
        completed: 3,
        failed: 1,
        partial: 1,
        queued: 1,
        timeout: 1,
        cancelled: 1,
        processing: 1,
      });
      assert.equal(week.totalJobs, 9);
      assert.equal(week.successRate, 0.6667);
      assert.deepEqual(week.processingMs, { avg: 400, p50: 250, p95: 895 });
      assert.deepEqual(week.byExtractor, { ext_a: 2, ext_b: 1 });
      assert.equal(week.pages, 11); // the timed-out job read 1 page: counted, not charged
      assert.equal(week.credits, 10);

      const month = await get<Stats>('/v1/jobs/stats');
      assert.equal(month.byStatus.completed, 4);
      assert.equal(month.byStatus.retrying, 1);
      assert.equal(month.byStatus.expired, undefined);
      assert.equal(month.totalJobs, 11);
    });

    it('takes from/to instead of a period', async () => {
      const hoursAgo = (h: number) => encodeURIComponent(new Date(Date.now() - h * 3_600_000).toISOString());
      const old = await get<Stats>(`/v1/jobs/stats?from=${hoursAgo(1000)}&to=${hoursAgo(900)}`);
      assert.equal(old.totalJobs, 1);
      assert.equal(old.credits, 10);
      assert.deepEqual(old.processingMs, { avg: 9999, p50: 9999, p95: 9999 });
      const empty = await get<Stats>(`/v1/jobs/stats?from=${hoursAgo(2000)}&to=${hoursAgo(1500)}`);
      assert.equal(empty.totalJobs, 0);
      assert.equal(empty.successRate, null);
      assert.deepEqual(empty.processingMs, { avg: null, p50: null, p95: null });
    });

    it('reports usage per day and type, deleted jobs included', async () => {
      const usage = await get<{
        totals: { jobs: number; pages: number; credits: number; processingMs: number };
        days: { date: string; type: string; jobs: number; credits: number }[];
      }>('/v1/usage?period=7d');
      // finished in the last 7 days: the four of the last day and the three of three days ago
      assert.deepEqual(usage.totals, { jobs: 7, pages: 11, processingMs: 6650, credits: 10, llmTokens: 0 });
      assert.ok(usage.days.length >= 2);
      for (const day of usage.days) {
        assert.match(day.date, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(day.type, 'parse');
      }
      assert.equal(
        usage.days.reduce((sum, day) => sum + day.jobs, 0),
        7,
      );
    });

    it('writes one usage record per finished job in the API flow, kept after DELETE', async () => {
      const done = await waitTerminal(dj, (await submit(dj, 'hello usage', 'usage.txt')).id);
      const failed = await waitTerminal(dj, (await submit(dj, new Uint8Array(0), 'empty.bin')).id);
      assert.equal(done.status, 'completed');
      assert.equal(failed.status, 'failed');
      const deleted = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${done.id}`, headers: dj.auth });
      assert.equal(deleted.statusCode, 200, deleted.body);
      const records = await dj.ctx.db.query<{ job_id: string; status: string; credits: number }>(
        'SELECT job_id, status, credits FROM usage_records WHERE job_id = ANY($1::text[]) ORDER BY status',
        [[done.id, failed.id]],
      );
      assert.deepEqual(records, [
        { job_id: done.id, status: 'completed', credits: 1 },
        { job_id: failed.id, status: 'failed', credits: 0 },
      ]);
      const usage = await get<{ totals: { jobs: number; credits: number } }>('/v1/usage?period=24h', dj.auth);
      assert.equal(usage.totals.jobs, 2);
      assert.equal(usage.totals.credits, 1);
      const stats = await get<Stats>('/v1/jobs/stats?period=24h', dj.auth);
      assert.deepEqual(stats.byStatus, { completed: 1, failed: 1 });
    });

    it('shows an organisation only its own figures', async () => {
      const stats = await get<Stats>('/v1/jobs/stats?period=30d', dj.otherAuth);
      assert.equal(stats.totalJobs, 0);
      const usage = await get<{ totals: { jobs: number } }>('/v1/usage', dj.otherAuth);
      assert.equal(usage.totals.jobs, 0);
    });

    it('rejects bad windows with VALIDATION_ERROR, and needs a key', async () => {
      for (const query of [
        'period=1y',
        'period=7d&from=2024-01-01T00:00:00Z',
        'from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z',
        'from=2020-01-01T00:00:00Z&to=2024-01-01T00:00:00Z',
        'from=yesterday',
        'extra=1',
      ]) {
        for (const path of ['/v1/jobs/stats', '/v1/usage']) {
          const response = await dj.app.inject({ url: `${path}?${query}`, headers: statsAuth });
          assert.equal(response.statusCode, 400, `${path}?${query}`);
          assert.equal(response.json().error.code, 'VALIDATION_ERROR');
        }
      }
      const anonymous = await dj.app.inject({ url: '/v1/jobs/stats' });
      assert.equal(anonymous.statusCode, 401);
    });
  });
}
