import type { Gauge, Registry } from 'prom-client';
import { jobTypes } from '../core/job.ts';
import { jobStatuses } from '../core/job-status.ts';
import { countJobsByStatus } from '../store/metrics/count-jobs-by-status.ts';
import { countProcessingTimes } from '../store/metrics/count-processing-times.ts';
import { countWebhookDeliveries } from '../store/metrics/count-webhook-deliveries.ts';
import { runQueue } from '../store/queue.ts';
import type { Context } from './context.ts';
import { processMetrics, promClient } from './process-metrics.ts';

/**
 * /metrics in the Prometheus text format (version 0.0.4), through prom-client: our job, queue and
 * webhook gauges, this process's event streams, and prom-client's process and Node.js metrics
 * (process-metrics.ts).
 *
 * Everything about jobs is read from the database, so any API instance answers for the whole
 * fleet — `docjobs worker` processes have no HTTP port to scrape, and an API started with
 * --no-worker finishes no job itself. The same figures come from every instance: aggregate them
 * across instances with max(), not sum(). The process_ and nodejs_ metrics are each instance's own.
 *
 * Processing time is therefore a histogram over a window, not a counter kept in a process: the
 * buckets count the jobs that finished in the last five minutes (`..._window_bucket`, typed
 * gauge since they go down as jobs leave the window). histogram_quantile() takes them as they are,
 * without rate(): `histogram_quantile(0.95, max by (le) (docjobs_job_processing_seconds_window_bucket))`.
 */
export const processingWindowSeconds = 300;

/** Upper bounds in seconds: a text file takes milliseconds, a long scan minutes (timeout 600 s). */
export const processingBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] as const;

export const webhookStatuses = ['pending', 'delivered', 'failed'] as const;

/**
 * Two scans of `jobs` per scrape (no index on status or completed_at, on purpose: job updates stay
 * HOT, see 0001_init.sql), ~0.1 s each at a million rows. Answers are kept this long, so that several
 * scrapers, or someone holding F5 on an unauthenticated URL, cost one set of queries.
 */
const cacheMs = 5000;

export interface MetricsSource {
  /** Open server-sent event streams of this process. */
  liveStreams?: () => number;
}

export interface Metrics {
  /** The exposition; the database's part from cache when it is younger than 5 s. */
  render(): Promise<string>;
}

/** prom-client's content type for the text format: `text/plain; version=0.0.4; charset=utf-8`. */
export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

export function createMetrics(ctx: Context, source: MetricsSource = {}): Metrics {
  let cached: { at: number; text: Promise<string> } | null = null;
  const fromDatabase = () => {
    const now = Date.now();
    if (!cached || now - cached.at > cacheMs) {
      const text = collect(ctx);
      cached = { at: now, text };
      text.catch(() => {
        if (cached?.text === text) cached = null; // a failure is not kept
      });
    }
    return cached.text;
  };
  let local: Promise<Registry> | null = null;
  return {
    async render() {
      // What this process knows costs nothing to read: never cached.
      local ??= localMetrics(source);
      const [database, ownRegistry, processRegistry] = await Promise.all([
        fromDatabase(),
        local,
        processMetrics(),
      ]);
      return database + (await ownRegistry.metrics()) + (await processRegistry.metrics());
    },
  };
}

/** This process's own figures, read at each scrape (a gauge's collect()). */
async function localMetrics(source: MetricsSource): Promise<Registry> {
  const { Gauge, Registry } = await promClient();
  const registry = new Registry();
  const { liveStreams } = source;
  if (liveStreams) {
    new Gauge({
      name: 'docjobs_event_streams',
      help: 'Open server-sent event streams of this process',
      registers: [registry],
      collect() {
        this.set(liveStreams());
      },
    });
  }
  return registry;
}

/**
 * The database's part, as text kept for 5 s: a registry of its own per collection, so that a family
 * with nothing to say this time (no queue counts, no delivery log) is left out whole, HELP and TYPE
 * included, and a series that left the processing window does not linger.
 */
async function collect(ctx: Context): Promise<string> {
  const [{ Gauge, Registry }, byStatus, processing, queue, webhooks] = await Promise.all([
    promClient(),
    countJobsByStatus(ctx.db),
    processingTimes(ctx),
    queueDepth(ctx),
    countWebhookDeliveries(ctx.db),
  ]);
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> =>
    new Gauge({ name, help, labelNames, registers: [registry] });

  const jobs = gauge('docjobs_jobs', 'Jobs in the database, by status and type', ['status', 'type']);
  const types = new Set<string>(jobTypes);
  for (const row of byStatus) types.add(row.type);
  const count = new Map(byStatus.map((row) => [`${row.status}|${row.type}`, row.count]));
  const statuses = new Set<string>([...jobStatuses, ...byStatus.map((row) => row.status)]);
  for (const status of statuses)
    for (const type of types) jobs.set({ status, type }, count.get(`${status}|${type}`) ?? 0);

  const name = 'docjobs_job_processing_seconds_window';
  const help = `jobs that finished in the last ${processingWindowSeconds} s, by type and final status`;
  const labels = ['type', 'status'] as const;
  const buckets = gauge(`${name}_bucket`, `Processing time of ${help}: jobs at or under le seconds`, [
    ...labels,
    'le',
  ]);
  const sums = gauge(`${name}_sum`, `Total processing time in seconds of ${help}`, labels);
  const counts = gauge(`${name}_count`, `Number of ${help}`, labels);
  for (const series of processing) {
    for (const [i, le] of processingBuckets.entries())
      buckets.set({ ...series.labels, le: String(le) }, series.cumulative[i]!);
    buckets.set({ ...series.labels, le: '+Inf' }, series.count);
    sums.set(series.labels, series.sumSeconds);
    counts.set(series.labels, series.count);
  }

  if (queue) {
    const labels = { queue: runQueue };
    gauge('docjobs_queue_depth', 'Queue messages waiting to run (ready, deferred or blocked)', ['queue']).set(
      labels,
      queue.queuedCount,
    );
    const age = (Date.now() - new Date(queue.capturedOn).getTime()) / 1000;
    gauge(
      'docjobs_queue_stats_age_seconds',
      'Age of the pg-boss queue counts (at most 5 s while a worker supervises)',
      ['queue'],
    ).set(labels, Math.max(0, age));
    const byState = gauge('docjobs_queue_jobs', 'Queue messages by state (failed: still retained)', [
      'queue',
      'state',
    ]);
    for (const [state, value] of [
      ['ready', queue.readyCount],
      ['deferred', queue.deferredCount],
      ['active', queue.activeCount],
      ['failed', queue.failedCount],
    ] as const)
      byState.set({ ...labels, state }, value);
  }

  if (webhooks) {
    const deliveries = gauge(
      'docjobs_webhook_deliveries',
      'Webhook deliveries in the delivery log, by outcome',
      ['status'],
    );
    const found = new Map(webhooks.map((row) => [row.status, row.count]));
    for (const status of new Set<string>([...webhookStatuses, ...found.keys()]))
      deliveries.set({ status }, found.get(status) ?? 0);
  }
  return registry.metrics();
}

interface ProcessingSeries {
  labels: { type: string; status: string };
  cumulative: number[];
  count: number;
  sumSeconds: number;
}

/** The buckets come counted from the database: one row per (type, status, bucket), never one per job. */
async function processingTimes(ctx: Context): Promise<ProcessingSeries[]> {
  const boundsMs = processingBuckets.map((seconds) => seconds * 1000);
  const rows = await countProcessingTimes(ctx.db, boundsMs, processingWindowSeconds);
  const series = new Map<string, ProcessingSeries & { perBucket: number[] }>();
  for (const row of rows) {
    const key = `${row.type}|${row.status}`;
    let entry = series.get(key);
    if (!entry) {
      entry = {
        labels: { type: row.type, status: row.status },
        cumulative: [],
        perBucket: new Array(processingBuckets.length + 1).fill(0),
        count: 0,
        sumSeconds: 0,
      };
      series.set(key, entry);
    }
    entry.perBucket[row.bucket]! += row.count;
    entry.count += row.count;
    entry.sumSeconds += row.sumMs / 1000;
  }
  for (const entry of series.values()) {
    let running = 0;
    entry.cumulative = processingBuckets.map((_, i) => {
      running += entry.perBucket[i]!;
      return running;
    });
  }
  return [...series.values()];
}

/**
 * pg-boss's counts for our queue, not a count of its job table per scrape: every supervising
 * process (each worker) refreshes them every 5 s, and pg-boss warns that an aggregate polled by a
 * dashboard pins the vacuum horizon. `force` recomputes them when they are over a minute old (no
 * process supervises); docjobs_queue_stats_age_seconds says how old they are.
 */
async function queueDepth(ctx: Context) {
  try {
    const [stats] = await ctx.queue.getQueueStats(runQueue, { force: true });
    return stats ?? null;
  } catch {
    return null; // the queue is not created yet, or pg-boss is stopping: no queue figures this time
  }
}
