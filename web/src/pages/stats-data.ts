import { type JobStatus, type JobType, terminalStatuses, type Usage } from '@docjobs/client';
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

/** Every UTC day of the window [from, to), as YYYY-MM-DD: days without jobs are bars of zero. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const day = new Date(`${from.slice(0, 10)}T00:00:00Z`);
  const end = new Date(to);
  // A window that ends exactly at midnight does not reach into that day.
  while (day < end && days.length < 400) {
    days.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return days;
}

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

/** Counts by status in the usual order, those the API did not name left out. */
export function statusRows(byStatus: Record<string, number | undefined>) {
  const named = Object.keys(byStatus);
  const order = [...statusOrder, ...named.filter((s) => !statusOrder.includes(s as JobStatus))];
  return order
    .filter((status) => (byStatus[status] ?? 0) > 0)
    .map((status) => ({ label: status, value: byStatus[status] ?? 0, colour: statusColour(status) }));
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const formatCount = (value: number) => integer.format(value);
export const formatAmount = (value: number) => decimal.format(value);
export const formatPercent = (value: number | null) =>
  value === null ? '—' : `${Math.round(value * 100)} %`;
