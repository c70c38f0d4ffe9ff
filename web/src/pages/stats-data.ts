import { type JobStatus, type JobType, type Stats, terminalStatuses, type Usage } from '@docjobs/client';
import type { Series } from './stats-charts.tsx';

/**
 * The API's figures as chart series. Colours are variables of stats-page.css (chosen for contrast
 * in both schemes); the charts' legends and tables name every series, so colour is never the only
 * way to tell them apart.
 */
/** Finished statuses first (the client's list), then those of the jobs still under way. */
export const statusOrder: readonly JobStatus[] = [...terminalStatuses, 'queued', 'processing', 'retrying'];
export const statusColour = (status: string) => `var(--stats-${status}, var(--muted))`;

const typeOrder: readonly JobType[] = ['parse', 'chunk', 'extract', 'classify', 'split', 'workflow', 'edit'];
export const typeColour = (type: string) => `var(--stats-type-${type}, var(--muted))`;

/** A short label of a day for the axis: "7 Dec". */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

type Amount = 'jobs' | 'pages' | 'credits';

/** One amount of the usage per day, a series per job type that has any. */
export function usageByType(usage: Usage, days: string[], amount: Amount): Series[] {
  const types = typeOrder.filter((type) => usage.days.some((d) => d.type === type && d[amount] > 0));
  return types.map((type) => ({
    name: type,
    colour: typeColour(type),
    values: days.map((day) =>
      usage.days.filter((d) => d.date === day && d.type === type).reduce((sum, d) => sum + d[amount], 0),
    ),
  }));
}

/** One amount of the usage per day, every type together. */
export function usageTotal(
  usage: Usage,
  days: string[],
  amount: Amount,
  name: string,
  colour: string,
): Series {
  return {
    name,
    colour,
    values: days.map((day) =>
      usage.days.filter((d) => d.date === day).reduce((sum, d) => sum + d[amount], 0),
    ),
  };
}

/** The statistics with their per-day series and quality histogram (asked with `series: true`). */
export type SeriesStats = Stats & Required<Pick<Stats, 'days' | 'qualityHistogram'>>;

export function withSeries(stats: Stats): SeriesStats {
  const { days, qualityHistogram } = stats;
  if (!days || !qualityHistogram) throw new Error('the server sent no per-day statistics (series=true)');
  return { ...stats, days, qualityHistogram };
}

/** The statuses of the jobs created each day, a series per status that any day has. */
export function statusByDay(stats: SeriesStats): Series[] {
  const named = new Set(stats.days.flatMap((day) => Object.keys(day.byStatus)));
  return orderedStatuses([...named])
    .filter((status) => stats.days.some((day) => (day.byStatus[status] ?? 0) > 0))
    .map((status) => ({
      name: status,
      colour: statusColour(status),
      values: stats.days.map((day) => day.byStatus[status] ?? 0),
    }));
}

/** p95 then p50 of each day: drawn overlapping, the median inside the slower bar. */
export function timesByDay(stats: SeriesStats): Series[] {
  return (['p95', 'p50'] as const).map((measure) => ({
    name: measure,
    colour: `var(--stats-time-${measure})`,
    values: stats.days.map((day) => day.processingMs[measure]),
  }));
}

/** The quality histogram's bins as labels ("0.9–1.0") and one series of counts. */
export function qualityBins(stats: SeriesStats): { labels: string[]; series: Series[] } {
  return {
    labels: stats.qualityHistogram.map((bin) => `${bin.from.toFixed(1)}–${bin.to.toFixed(1)}`),
    series: [
      {
        name: 'jobs',
        colour: 'var(--stats-quality)',
        values: stats.qualityHistogram.map((bin) => bin.count),
      },
    ],
  };
}

const orderedStatuses = (named: string[]) => [
  ...statusOrder,
  ...named.filter((s) => !statusOrder.includes(s as JobStatus)).sort(),
];

/** Counts by status in the usual order, those the API did not name left out. */
export function statusRows(byStatus: Record<string, number | undefined>) {
  return orderedStatuses(Object.keys(byStatus))
    .filter((status) => (byStatus[status] ?? 0) > 0)
    .map((status) => ({ label: status, value: byStatus[status] ?? 0, colour: statusColour(status) }));
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const formatCount = (value: number) => integer.format(value);
export const formatAmount = (value: number) => decimal.format(value);
export const formatPercent = (value: number | null) =>
  value === null ? '—' : `${Math.round(value * 100)} %`;
