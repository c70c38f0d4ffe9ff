import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorker, type Worker } from '../src/engine/worker.ts';
import { createMetrics, processingBuckets } from '../src/services/metrics.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor, waitTerminal } from './harness.ts';

/**
 * Samples by name and labels, after checking the text format line by line: HELP and TYPE once per
 * family before its samples (a histogram's samples are its name with _bucket, _sum or _count),
 * blank lines allowed between families as the format allows.
 */
function parse(text: string): Map<string, number> {
  assert.ok(text.endsWith('\n'));
  const samples = new Map<string, number>();
  const typed = new Map<string, string>();
  for (const line of text.trimEnd().split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.ok(!typed.has(meta[2]!), `one TYPE per family: ${meta[2]}`);
        assert.match(meta[3]!, /^(gauge|counter|histogram)$/);
        typed.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    assert.ok(sample, `a sample line: ${line}`);
    const family = typed.has(sample[1]!) ? sample[1]! : sample[1]!.replace(/_(bucket|sum|count)$/, '');
    assert.ok(
      family === sample[1] || typed.get(family) === 'histogram',
      `TYPE before the samples of ${sample[1]}`,
    );
    const value = sample[3] === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample[3]);
    // NaN is a value the format allows, in any case ("Nan" from prom-client: the event-loop lag's
    // statistics before its monitor has a sample); our own figures are always numbers.
    if (sample[1]!.startsWith('docjobs_')) assert.ok(!Number.isNaN(value), line);
    else assert.ok(!Number.isNaN(value) || /^nan$/i.test(sample[3]!), line);
    samples.set(`${sample[1]}${sample[2] ?? ''}`, value);
  }
  return samples;
}

for (const backend of backends) {
  describe(`/metrics on ${backend}`, () => {
    let dj: TestDocjobs;
    let worker: Worker | null = null;
    before(async () => {
      dj = await startTestDocjobs(backend, 'metrics', {}, { worker: false });
    });
    after(async () => {
      await worker?.stop({ graceMs: 5000 });
      await dj?.close();
    });
    const fresh = async () => parse(await createMetrics(dj.ctx).render()); // past the 5 s cache

    it('answers without a key in the Prometheus text format: jobs by status and the queue depth', async () => {
      await submit(dj, 'one', 'one.txt');
      await submit(dj, 'two', 'two.txt');
      await submit(dj, 'three', 'three.txt', {}, dj.otherAuth);
      const response = await dj.app.inject({ url: '/metrics' });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
      const samples = parse(response.body);
      assert.equal(samples.get('docjobs_jobs{status="queued",type="parse"}'), 3, 'every organisation counts');
      assert.equal(samples.get('docjobs_jobs{status="completed",type="parse"}'), 0, 'known statuses at zero');
      assert.equal(samples.get('docjobs_queue_depth{queue="docjobs-run"}'), 3);
      assert.equal(samples.get('docjobs_queue_jobs{queue="docjobs-run",state="active"}'), 0);
      assert.equal(samples.get('docjobs_event_streams'), 0);
      assert.doesNotMatch(response.body, /org_|acme|globex/, 'no organisation in the labels');
    });

    it("adds prom-client's process, GC and event-loop-lag metrics, each family once", async () => {
      // A second set of metrics in the same process, as a second app in a test would make: the
      // process registry is shared, not registered twice.
      await createMetrics(dj.ctx).render();
      const response = await dj.app.inject({ url: '/metrics' });
      assert.equal(response.statusCode, 200);
      const samples = parse(response.body);
      for (const family of [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'process_start_time_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_seconds',
      ])
        assert.ok(samples.get(family)! >= 0, `${family} has a value`);
      assert.ok(samples.has('nodejs_eventloop_lag_p99_seconds'), "the lag monitor's percentiles");
      assert.ok(samples.get('process_resident_memory_bytes')! > 10_000_000, 'RSS in bytes');
      assert.match(response.body, /^# TYPE nodejs_gc_duration_seconds histogram$/m);
      assert.match(response.body, /^# HELP nodejs_gc_duration_seconds /m);
      assert.ok(samples.has('docjobs_jobs{status="queued",type="parse"}'), 'beside our own metrics');
      assert.ok(samples.has('docjobs_event_streams'));
    });

    it('counts finished jobs into processing-time buckets by type and status', async () => {
      worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: 4 });
      const broken = await submit(dj, '%PDF-1.7\nnot really a pdf', 'broken.pdf');
      assert.equal((await waitTerminal(dj, broken.id)).status, 'failed');
      await waitFor(async () => {
        const [row] = await dj.ctx.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM jobs WHERE status NOT IN ('completed', 'failed')",
        );
        return row!.n === 0;
      }, 60);
      const samples = await fresh();
      assert.equal(samples.get('docjobs_jobs{status="completed",type="parse"}'), 3);
      assert.equal(samples.get('docjobs_jobs{status="failed",type="parse"}'), 1);
      assert.equal(samples.get('docjobs_jobs{status="queued",type="parse"}'), 0);
      // pg-boss keeps its counts up to a minute when no process supervises the queue (none here).
      assert.ok(samples.get('docjobs_queue_stats_age_seconds{queue="docjobs-run"}')! >= 0);

      const name = 'docjobs_job_processing_seconds_window';
      for (const [status, count] of [
        ['completed', 3],
        ['failed', 1],
      ] as const) {
        const labels = `type="parse",status="${status}"`;
        assert.equal(samples.get(`${name}_count{${labels}}`), count);
        assert.equal(samples.get(`${name}_bucket{${labels},le="+Inf"}`), count);
        const buckets = processingBuckets.map((le) => samples.get(`${name}_bucket{${labels},le="${le}"}`)!);
        assert.deepEqual(
          buckets,
          [...buckets].sort((a, b) => a - b),
          'cumulative',
        );
        assert.ok(buckets.at(-1)! <= count);
        assert.ok(samples.get(`${name}_sum{${labels}}`)! >= 0);
      }
      const [slowest] = await dj.ctx.db.query<{ ms: number }>(
        "SELECT max(processing_ms) AS ms FROM jobs WHERE status = 'completed'",
      );
      const first = processingBuckets.findIndex((le) => le * 1000 >= slowest!.ms);
      assert.equal(
        samples.get(`${name}_bucket{type="parse",status="completed",le="${processingBuckets[first]}"}`),
        3,
        'all three at or under the bucket of the slowest',
      );
    });

    it('reports webhook deliveries by outcome while their table exists, and nothing otherwise', async () => {
      const [table] = await dj.ctx.db.query<{ present: boolean }>(
        "SELECT to_regclass('webhook_deliveries') IS NOT NULL AS present",
      );
      if (table!.present) {
        const [job] = await dj.ctx.db.query<{ id: string; org_id: string }>(
          'SELECT id, org_id FROM jobs LIMIT 1',
        );
        for (const [i, status] of ['delivered', 'delivered', 'failed'].entries()) {
          await dj.ctx.db.query(
            `INSERT INTO webhook_deliveries (id, org_id, job_id, event, url, payload, status)
             VALUES ($1, $2, $3, 'job.completed', 'https://example.com/hook', '{}', $4)`,
            [`msg_metrics_${i}`, job!.org_id, job!.id, status],
          );
        }
        const counts = new Map(
          (
            await dj.ctx.db.query<{ status: string; n: number }>(
              'SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status',
            )
          ).map((row) => [row.status, row.n]),
        );
        const samples = await fresh();
        for (const status of ['pending', 'delivered', 'failed'])
          assert.equal(
            samples.get(`docjobs_webhook_deliveries{status="${status}"}`),
            counts.get(status) ?? 0,
          );
        assert.ok((counts.get('delivered') ?? 0) >= 2);
        await dj.ctx.db.query('ALTER TABLE webhook_deliveries RENAME TO webhook_deliveries_away');
      }
      try {
        const text = await createMetrics(dj.ctx).render();
        assert.doesNotMatch(text, /docjobs_webhook_deliveries/);
        assert.match(text, /^docjobs_jobs\{/m, 'the rest is still there');
      } finally {
        if (table!.present)
          await dj.ctx.db.query('ALTER TABLE webhook_deliveries_away RENAME TO webhook_deliveries');
      }
    });
  });
}
