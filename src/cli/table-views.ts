import type { Stats, Usage } from '../../packages/client/src/index.ts';
import { type Column, renderPairs, renderTable } from './table.ts';

/** The tables of the remote commands: what a person reads at a terminal (`--json` gives the data). */

export interface JobRow {
  id: string;
  status: string;
  type: string;
  createdAt?: string;
  fileName?: string | null;
  pagesTotal?: number | null;
  qualityScore?: number | null;
  progress?: number;
}

const time = (iso: string | null | undefined) => (iso ? iso.slice(0, 19).replace('T', ' ') : '');
const number = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined ? '' : value.toFixed(digits);

const jobColumns: Column<JobRow>[] = [
  { header: 'ID', cell: (job) => job.id },
  { header: 'STATUS', cell: (job) => job.status },
  { header: 'TYPE', cell: (job) => job.type },
  { header: 'CREATED (UTC)', cell: (job) => time(job.createdAt) },
  { header: 'PAGES', cell: (job) => number(job.pagesTotal), align: 'right' },
  { header: 'QUALITY', cell: (job) => number(job.qualityScore, 2), align: 'right' },
  { header: 'FILE', cell: (job) => job.fileName ?? '' },
];

export const jobsTable = (jobs: readonly JobRow[], width?: number) => renderTable(jobColumns, jobs, width);

// The generated types leave every field optional: a field the server left out shows as "—".
const seconds = (ms: number | null | undefined) => (ms == null ? '—' : `${(ms / 1000).toFixed(2)} s`);
const orDash = (value: number | null | undefined, digits = 0) =>
  value == null ? '—' : value.toFixed(digits);
const counts = (byName: Record<string, number | undefined> | undefined) =>
  Object.entries(byName ?? {})
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || '—';

export function statsView(stats: Stats): string {
  return renderPairs([
    ['window (UTC)', `${time(stats.from)} → ${time(stats.to)}`],
    ['jobs', orDash(stats.totalJobs)],
    ['completed', orDash(stats.completedJobs)],
    ['failed', orDash(stats.failedJobs)],
    ['success rate', stats.successRate == null ? '—' : `${(stats.successRate * 100).toFixed(1)} %`],
    ['by status', counts(stats.byStatus)],
    ['by type', counts(stats.byType)],
    ['by extractor', counts(stats.byExtractor)],
    [
      'processing',
      `avg ${seconds(stats.processingMs?.avg)}, p50 ${seconds(stats.processingMs?.p50)}, p95 ${seconds(stats.processingMs?.p95)}`,
    ],
    ['avg quality', orDash(stats.avgQuality, 2)],
    ['avg confidence', orDash(stats.avgConfidence, 2)],
    ['pages', orDash(stats.pages)],
    ['credits', orDash(stats.credits)],
  ]);
}

type Amounts = NonNullable<Usage['totals']>;

const amountColumns: Column<Amounts>[] = [
  { header: 'JOBS', cell: (row) => orDash(row.jobs), align: 'right' },
  { header: 'PAGES', cell: (row) => orDash(row.pages), align: 'right' },
  { header: 'PROCESSING', cell: (row) => seconds(row.processingMs), align: 'right' },
  { header: 'CREDITS', cell: (row) => orDash(row.credits), align: 'right' },
  { header: 'LLM TOKENS', cell: (row) => orDash(row.llmTokens ?? 0), align: 'right' },
];

/** One row per day and type, then the totals, under the same columns. */
export function usageView(usage: Usage): string {
  type Row = Amounts & { date?: string; type?: string };
  const rows: Row[] = [...(usage.days ?? []), { ...usage.totals, date: 'total', type: '' }];
  const columns: Column<Row>[] = [
    { header: 'DAY (UTC)', cell: (row) => row.date ?? '' },
    { header: 'TYPE', cell: (row) => row.type ?? '' },
    ...amountColumns,
  ];
  return `${time(usage.from)} → ${time(usage.to)}\n${renderTable(columns, rows)}`;
}
