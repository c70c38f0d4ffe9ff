/**
 * Statistics and filtered lists on 1,000,000 jobs: docjobs through its HTTP API vs the same SQL
 * sent straight through `pg` (the floor: what the database alone costs).
 *
 *   node bench/stats.ts [--jobs 1000000] [--requests 100]
 *
 * PostgreSQL only (BENCH_DATABASE_URL, default the local server): a throwaway schema, migrated as
 * docjobs migrates, filled with `INSERT … SELECT generate_series` — one organisation, its jobs
 * spread over 60 days; five job types; outcomes 80 % completed, 4 % partial, 8 % failed, 1 % timeout,
 * 3 % cancelled, the rest of the last hour still queued or processing; log-normal processing times
 * (median ~0.8 s), 1–20 pages, quality scores, metadata (project of 40, customer of 500), an
 * extractor on extract jobs. Jobs older than 14 days are `expired` as the purge leaves them, their
 * outcome kept in their usage record as the trigger of migration 0007 writes it. Then VACUUM
 * ANALYZE (what autovacuum does to an insert-only table: sets the visibility map that index-only
 * scans need), and for each request kind: 5 warm-up requests, then `--requests` one after another,
 * API and pg alternating. The schema is dropped at the end, also on failure.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { OrgId } from '../src/core/ids.ts';
import { statsStatements } from '../src/store/jobs/job-stats.ts';
import { listStatements } from '../src/store/jobs/list-jobs.ts';
import type { Statement } from '../src/store/list-paging.ts';
import {
  authHeaders,
  fixed,
  machine,
  positiveInt,
  postgresUrl,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '100' },
  },
});
const jobs = positiveInt('jobs', args.jobs);
const requests = positiveInt('requests', args.requests);

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

/** The source rows, with each job's outcome before the purge; jobs and usage_records are both made from it. */
const seedSql = `
CREATE UNLOGGED TABLE bench_src AS
SELECT g, created_at, type,
       CASE WHEN created_at > now() - interval '1 hour' AND r_live < 0.5 THEN (CASE WHEN r_outcome < 0.5 THEN 'queued' ELSE 'processing' END)
            WHEN r_outcome < 0.80 THEN 'completed' WHEN r_outcome < 0.84 THEN 'partial' WHEN r_outcome < 0.92 THEN 'failed'
            WHEN r_outcome < 0.93 THEN 'timeout' ELSE 'cancelled' END AS outcome,
       greatest(50, exp(ln(800) + sqrt(-2 * ln(1 - r_ms1)) * cos(2 * pi() * r_ms2)))::int AS ms,
       1 + floor(20 * r_pages ^ 3)::int AS pages,
       round((0.35 + 0.65 * sqrt(r_quality))::numeric, 4)::float8 AS quality
FROM (SELECT g, date_trunc('milliseconds', now() - random() * interval '60 days') AS created_at,
             (ARRAY['parse','parse','parse','parse','parse','parse','extract','extract','classify','chunk'])[1 + floor(random() * 10)::int] AS type,
             random() AS r_live, random() AS r_outcome, random() AS r_ms1, random() AS r_ms2, random() AS r_pages,
             random() AS r_quality
      FROM generate_series(1, $1::int) AS g) AS s`;

const jobsSql = `
INSERT INTO jobs (id, org_id, type, status, stage, progress, pages_done, pages_total, file_name, mime_type, file_kind,
                  size_bytes, document_key, result_key, options, metadata, timeout_seconds, attempt, error,
                  created_at, started_at, completed_at, processing_ms, quality_score, quality_category, expires_at)
SELECT 'job_' || lpad(g::text, 26, '0'), $1, type,
       CASE WHEN outcome NOT IN ('queued', 'processing') AND created_at < now() - interval '14 days' THEN 'expired' ELSE outcome END,
       CASE WHEN outcome = 'processing' THEN 'parsing' END,
       CASE WHEN outcome IN ('queued', 'processing') THEN 0 ELSE 100 END,
       CASE WHEN outcome IN ('queued', 'processing') THEN 0 ELSE pages END, pages,
       'scan-' || g || '.pdf', 'application/pdf', 'pdf', 20000 + (g % 5000) * 100,
       'jobs/job_' || g || '/document', CASE WHEN outcome IN ('completed', 'partial') THEN 'jobs/job_' || g || '/result.json' END,
       CASE WHEN type = 'extract' THEN jsonb_build_object('extractorId', 'ext_' || (g % 12)) ELSE '{}'::jsonb END,
       jsonb_build_object('project', 'p' || (g % 40), 'customer', 'c' || (g % 500)),
       600, 0,
       CASE WHEN outcome = 'failed' THEN '{"code":"PARSE_ERROR","message":"bad xref","stage":"parsing","retryable":false}'::jsonb END,
       created_at, created_at + interval '2 seconds',
       CASE WHEN outcome NOT IN ('queued', 'processing') THEN created_at + interval '2 seconds' + ms * interval '1 millisecond' END,
       CASE WHEN outcome NOT IN ('queued', 'processing') THEN ms END,
       CASE WHEN outcome IN ('completed', 'partial') THEN quality END,
       CASE WHEN outcome NOT IN ('completed', 'partial') THEN NULL WHEN quality >= 0.85 THEN 'Very Confident' WHEN quality >= 0.7 THEN 'Confident'
            WHEN quality >= 0.4 THEN 'Likely Handwriting Problems' WHEN quality IS NOT NULL THEN 'Many Problems' END,
       created_at + interval '14 days'
FROM bench_src`;

const usageSql = `
INSERT INTO usage_records (job_id, org_id, type, status, extractor_id, pages, processing_ms, quality_score, credits,
                           job_created_at, finished_at)
SELECT 'job_' || lpad(g::text, 26, '0'), $1, type, outcome, CASE WHEN type = 'extract' THEN 'ext_' || (g % 12) END,
       pages, ms, CASE WHEN outcome IN ('completed', 'partial') THEN quality END,
       CASE WHEN outcome IN ('completed', 'partial') THEN pages ELSE 0 END,
       created_at, created_at + interval '2 seconds' + ms * interval '1 millisecond'
FROM bench_src WHERE outcome NOT IN ('queued', 'processing')`;

interface Case {
  name: string;
  path: string;
  statements: () => Statement[];
}

console.log(`stats bench: ${fixed(jobs)} jobs in one organisation, ${requests} requests per kind`);
console.log(machine());
const instance = await startBenchInstance({ backend: 'postgres', worker: false, concurrency: 1 });
const { docjobs, baseUrl } = instance;
const schema = docjobs.ctx.db.schema;
const peer = new pg.Pool({
  connectionString: postgresUrl,
  max: 10,
  options: `-c search_path=${schema},public`,
});
peer.on('error', () => {});
try {
  const [org] = await docjobs.ctx.db.query<{ id: OrgId }>(
    `SELECT id FROM organisations WHERE name = 'default'`,
  );
  const orgId = org!.id;
  let started = performance.now();
  await peer.query(seedSql, [jobs]);
  await peer.query(jobsSql, [orgId]);
  await peer.query(usageSql, [orgId]);
  const seededS = (performance.now() - started) / 1000;
  started = performance.now();
  await peer.query('VACUUM ANALYZE jobs');
  await peer.query('VACUUM ANALYZE usage_records');
  const [size] = (
    await peer.query(
      `SELECT pg_size_pretty(pg_total_relation_size('jobs')) AS jobs, pg_size_pretty(pg_total_relation_size('usage_records')) AS usage`,
    )
  ).rows;
  console.log(
    `seeded in ${fixed(seededS, 1)} s, vacuum analyze ${fixed((performance.now() - started) / 1000, 1)} s; jobs ${size.jobs}, usage_records ${size.usage}`,
  );

  // Correct, not only fast: the API's figures against a brute-force count of the source rows.
  const stats = (await (
    await fetch(`${baseUrl}/v1/jobs/stats?period=30d`, { headers: authHeaders })
  ).json()) as {
    from: string;
    to: string;
    totalJobs: number;
    credits: number;
    completedJobs: number;
    processingMs: { p50: number; p95: number };
  };
  const [truth] = (
    await peer.query(
      `SELECT count(*)::int AS total, coalesce(sum(pages) FILTER (WHERE outcome IN ('completed', 'partial')), 0)::int AS credits,
              count(*) FILTER (WHERE outcome IN ('completed', 'partial'))::int AS completed
       FROM bench_src WHERE created_at >= $1 AND created_at < $2`,
      [stats.from, stats.to],
    )
  ).rows;
  const correct =
    truth.total === stats.totalJobs &&
    truth.credits === stats.credits &&
    truth.completed === stats.completedJobs;
  console.log(
    `stats 30d: ${fixed(stats.totalJobs)} jobs, ${fixed(stats.credits)} credits, p50 ${stats.processingMs.p50} ms, p95 ${stats.processingMs.p95} ms — ${correct ? 'matches' : 'DIFFERS FROM'} a count of the source rows`,
  );
  if (!correct) process.exitCode = 1;

  const listFilter = { statuses: ['completed' as const], metadata: { project: 'p7' } };
  const cases: Case[] = [
    {
      name: 'GET /v1/jobs/stats?period=30d',
      path: '/v1/jobs/stats?period=30d',
      statements: () => {
        const to = new Date();
        const s = statsStatements(orgId, { from: new Date(to.getTime() - 30 * 86_400_000), to });
        return [s.breakdown, s.metrics];
      },
    },
    {
      name: 'GET /v1/jobs/stats?period=7d',
      path: '/v1/jobs/stats?period=7d',
      statements: () => {
        const to = new Date();
        const s = statsStatements(orgId, { from: new Date(to.getTime() - 7 * 86_400_000), to });
        return [s.breakdown, s.metrics];
      },
    },
    {
      name: 'GET /v1/jobs?status=completed&metadata.project=p7&limit=50',
      path: '/v1/jobs?status=completed&metadata.project=p7&limit=50',
      statements: () => {
        const s = listStatements(orgId, listFilter, { limit: 50 });
        return [s.page, s.count];
      },
    },
  ];

  const rows: string[][] = [];
  for (const c of cases) {
    const api = async () => {
      const t = performance.now();
      const response = await fetch(`${baseUrl}${c.path}`, { headers: authHeaders });
      if (response.status !== 200) throw new Error(`${c.path}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      return performance.now() - t;
    };
    // As the store runs them: the statements of one answer side by side on the pool.
    const direct = async () => {
      const t = performance.now();
      await Promise.all(c.statements().map((s) => peer.query(s.text, s.values)));
      return performance.now() - t;
    };
    for (let i = 0; i < 5; i++) {
      await api();
      await direct();
    }
    const ours: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < requests; i++) {
      ours.push(await api());
      floor.push(await direct());
    }
    const [o50, o95, f50, f95] = [
      percentile(ours, 0.5),
      percentile(ours, 0.95),
      percentile(floor, 0.5),
      percentile(floor, 0.95),
    ];
    rows.push([
      c.name,
      fixed(o50, 1),
      fixed(o95, 1),
      fixed(f50, 1),
      fixed(f95, 1),
      `${fixed(o50 / f50, 2)}x`,
      `${fixed(o95 / f95, 2)}x`,
    ]);
  }
  console.log('');
  printTable(
    ['request', 'API p50 ms', 'API p95 ms', 'pg p50 ms', 'pg p95 ms', 'p50 ratio', 'p95 ratio'],
    rows,
  );
  console.log(
    '\nAPI = HTTP on 127.0.0.1 (auth, validation, SQL, JSON); pg = the same statements through a pg pool.',
  );
  console.log('target: stats on 1,000,000 jobs under 1 s.');
} finally {
  await peer.end().catch(() => {});
  await instance.close();
}
