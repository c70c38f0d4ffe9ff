import type { StatsQuery, Usage } from '@docjobs/client';
import { useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { formatDuration, formatScore } from '../format.ts';
import { useLoad } from '../use-load.ts';
import { HorizontalBarChart, StackedBarChart } from './stats-charts.tsx';
import {
  dayLabel,
  formatAmount,
  formatCount,
  formatPercent,
  qualityBins,
  type SeriesStats,
  statusByDay,
  statusRows,
  timesByDay,
  usageByType,
  usageTotal,
  withSeries,
} from './stats-data.ts';
import { StatsRange } from './stats-range.tsx';
import './stats-page.css';

/**
 * The organisation's figures for a period: GET /v1/jobs/stats (the jobs created in it: statuses,
 * processing times, quality) and GET /v1/usage (the jobs that finished in it, per UTC day).
 */
export function StatsPage() {
  const client = useClient();
  const [query, setQuery] = useState<StatsQuery>({ period: '30d' });
  const figures = useLoad(
    async (signal) => {
      const [stats, usage] = await Promise.all([
        // The per-day series and the quality histogram are opt-in: they cost the API extra scans.
        client.stats({ ...query, series: true }, { signal }).then(withSeries),
        client.usage(query, { signal }),
      ]);
      return { stats, usage };
    },
    [client, query],
  );
  const data = figures.data;
  return (
    <section aria-labelledby="stats-title" className="stats-page">
      <h1 id="stats-title">Statistics</h1>
      <StatsRange onChange={setQuery} />
      {figures.state === 'error' ? <ErrorMessage error={figures.error} /> : null}
      <p className="hint" aria-live="polite">
        {figures.state === 'loading' ? 'Loading…' : data ? `${formatCount(data.stats.totalJobs)} jobs` : ''}
      </p>
      {data ? <Figures stats={data.stats} usage={data.usage} /> : null}
    </section>
  );
}

function Figures({ stats, usage }: { stats: SeriesStats; usage: Usage }) {
  // Every UTC day of the window, days without jobs too (the API lists them all).
  const days = stats.days.map((day) => day.date);
  // What every per-day chart shares: a bar per day, the days named in the table's first column.
  const byDay = { categoryHeader: 'Day (UTC)', categories: days.map(dayLabel) };
  const times = stats.processingMs;
  const quality = qualityBins(stats);
  return (
    <>
      <dl className="stats-summary">
        <Fact name="Jobs created" value={formatCount(stats.totalJobs)} />
        <Fact name="Completed" value={formatCount(stats.completedJobs)} />
        <Fact name="Failed" value={formatCount(stats.failedJobs)} />
        <Fact name="Success rate" value={formatPercent(stats.successRate)} />
        <Fact name="Processing p50" value={formatDuration(times.p50)} />
        <Fact name="Processing p95" value={formatDuration(times.p95)} />
        <Fact name="Average quality" value={formatScore(stats.avgQuality)} />
        <Fact name="Average confidence" value={formatScore(stats.avgConfidence)} />
        <Fact name="Pages" value={formatCount(stats.pages)} />
        <Fact name="Credits" value={formatAmount(stats.credits)} />
      </dl>
      <div className="stats-grid">
        <StackedBarChart
          title="Jobs created per day, by status"
          {...byDay}
          series={statusByDay(stats)}
          format={formatCount}
        />
        <HorizontalBarChart
          title="Jobs created, by status"
          header="Status"
          rows={statusRows(stats.byStatus)}
          format={formatCount}
        />
        <StackedBarChart
          title="Processing time per day, p50 and p95"
          {...byDay}
          series={timesByDay(stats)}
          format={formatDuration}
          overlap
        />
        <HorizontalBarChart
          title="Processing time of completed jobs"
          header="Measure"
          rows={[
            { label: 'average', value: times.avg ?? 0, colour: 'var(--stats-time-avg)' },
            { label: 'p50 (median)', value: times.p50 ?? 0, colour: 'var(--stats-time-p50)' },
            { label: 'p95', value: times.p95 ?? 0, colour: 'var(--stats-time-p95)' },
          ]}
          format={formatDuration}
        />
        <StackedBarChart
          title="Quality scores of the jobs"
          categoryHeader="Quality"
          categories={quality.labels}
          series={quality.series}
          format={formatCount}
        />
        <StackedBarChart
          title="Jobs finished per day, by type"
          {...byDay}
          series={usageByType(usage, days, 'jobs')}
          format={formatCount}
        />
        {perDay.map(([amount, title, format]) => (
          <StackedBarChart
            key={amount}
            title={title}
            {...byDay}
            series={[usageTotal(usage, days, amount, amount, `var(--stats-${amount})`)]}
            format={format}
          />
        ))}
      </div>
    </>
  );
}

const perDay = [
  ['pages', 'Pages per day', formatCount],
  ['credits', 'Credits per day', formatAmount],
] as const;

function Fact({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}
