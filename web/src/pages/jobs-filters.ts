import type { ExportQuery, Job, JobFilters, JobStatus, JobType } from '@docjobs/client';

/**
 * The jobs page's view lives in the address (`/jobs?status=failed&metadata.customer=acme`), so a
 * filtered view can be shared and Back steps through the filters. Names are the API's own
 * (GET /v1/jobs), but for the dates: the address keeps the day the person picked (2026-12-01),
 * the API gets the instants that day starts and ends in the browser's time zone.
 */
// Records rather than arrays: tsc then fails here when the API gains a status or a type.
const statusOrder: Record<JobStatus, true> = {
  queued: true,
  processing: true,
  retrying: true,
  completed: true,
  partial: true,
  failed: true,
  timeout: true,
  cancelled: true,
  expired: true,
};
const typeOrder: Record<JobType, true> = {
  parse: true,
  extract: true,
  classify: true,
  workflow: true,
  chunk: true,
  edit: true,
  split: true,
  schema: true,
  fill: true,
  generate: true,
};
/** The order the filter offers them in: a job's life, then its ends. */
export const jobStatuses = Object.keys(statusOrder) as JobStatus[];
export const jobTypes = Object.keys(typeOrder) as JobType[];
/** Statuses a job still leaves by itself (the others are its end; `expired` comes by retention). */
export const isRunning = (status: JobStatus): boolean =>
  status === 'queued' || status === 'processing' || status === 'retrying';
export const pageSizes = [25, 50, 100, 200] as const;
export const defaultPageSize = 50;

export interface JobsView {
  statuses: JobStatus[];
  type: JobType | null;
  /** Days as YYYY-MM-DD, inclusive on both ends. */
  createdFrom: string | null;
  createdTo: string | null;
  caseId: string | null;
  extractorId: string | null;
  minQuality: number | null;
  minConfidence: number | null;
  metadata: [key: string, value: string][];
  limit: number;
  cursor: string | null;
}

const isStatus = (value: string): value is JobStatus => Object.hasOwn(statusOrder, value);
const isType = (value: string): value is JobType => Object.hasOwn(typeOrder, value);
const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);

function score(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
}

/** The view an address asks for; a value the API would refuse is left out rather than sent. */
export function readView(query: URLSearchParams): JobsView {
  const metadata: [string, string][] = [];
  for (const [name, value] of query) {
    if (name.startsWith('metadata.') && name.length > 'metadata.'.length)
      metadata.push([name.slice('metadata.'.length), value]);
  }
  const limit = Number(query.get('limit'));
  const createdFrom = query.get('createdFrom');
  const createdTo = query.get('createdTo');
  const type = query.get('type');
  return {
    statuses: query.getAll('status').filter(isStatus),
    type: type && isType(type) ? type : null,
    createdFrom: isDay(createdFrom) ? createdFrom : null,
    createdTo: isDay(createdTo) ? createdTo : null,
    caseId: query.get('caseId') || null,
    extractorId: query.get('extractorId') || null,
    minQuality: score(query.get('minQuality')),
    minConfidence: score(query.get('minConfidence')),
    metadata,
    limit: (pageSizes as readonly number[]).includes(limit) ? limit : defaultPageSize,
    cursor: query.get('cursor') || null,
  };
}

/** The address of a view: only what differs from the default, in a stable order. */
export function viewSearch(view: JobsView): string {
  const query = new URLSearchParams();
  for (const status of view.statuses) query.append('status', status);
  if (view.type) query.set('type', view.type);
  if (view.createdFrom) query.set('createdFrom', view.createdFrom);
  if (view.createdTo) query.set('createdTo', view.createdTo);
  if (view.caseId) query.set('caseId', view.caseId);
  if (view.extractorId) query.set('extractorId', view.extractorId);
  if (view.minQuality !== null) query.set('minQuality', String(view.minQuality));
  if (view.minConfidence !== null) query.set('minConfidence', String(view.minConfidence));
  for (const [key, value] of view.metadata) query.append(`metadata.${key}`, value);
  if (view.limit !== defaultPageSize) query.set('limit', String(view.limit));
  if (view.cursor) query.set('cursor', view.cursor);
  const search = query.toString();
  return search ? `?${search}` : '';
}

/** Midnight at the start of a local day, as the API's instant. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00`);

/** The API's filters for a view (the list, the export, the bulk actions and the events share them). */
export function apiFilters(view: JobsView): JobFilters {
  const filters: JobFilters = {};
  if (view.statuses.length > 0) filters.status = view.statuses;
  if (view.type) filters.type = view.type;
  if (view.createdFrom) filters.createdAfter = startOfDay(view.createdFrom).toISOString();
  if (view.createdTo) {
    const next = startOfDay(view.createdTo);
    next.setDate(next.getDate() + 1);
    filters.createdBefore = next.toISOString();
  }
  if (view.caseId) filters.caseId = view.caseId;
  if (view.extractorId) filters.extractorId = view.extractorId;
  if (view.minQuality !== null) filters.minQuality = view.minQuality;
  if (view.minConfidence !== null) filters.minConfidence = view.minConfidence;
  if (view.metadata.length > 0) filters.metadata = Object.fromEntries(view.metadata);
  return filters;
}

export const exportQuery = (view: JobsView, format: 'csv' | 'json'): ExportQuery => ({
  ...apiFilters(view),
  format,
});

/**
 * Whether a job the event stream tells of belongs in the view. The stream filters by status, type
 * and metadata itself; the other filters are checked here on the job it sends.
 */
export function matchesView(job: Job, view: JobsView): boolean {
  const filters = apiFilters(view);
  if (filters.status && !filters.status.includes(job.status)) return false;
  if (filters.type && job.type !== filters.type) return false;
  for (const [key, value] of view.metadata) if (job.metadata?.[key] !== value) return false;
  if (filters.createdAfter && job.createdAt < filters.createdAfter) return false;
  if (filters.createdBefore && job.createdAt >= filters.createdBefore) return false;
  if (filters.caseId && job.caseId !== filters.caseId) return false;
  if (filters.extractorId && job.extractorId !== filters.extractorId) return false;
  if (filters.minQuality !== undefined && (job.qualityScore ?? -1) < filters.minQuality) return false;
  if (filters.minConfidence !== undefined && (job.minConfidence ?? -1) < filters.minConfidence) return false;
  return true;
}

export const emptyView = (limit = defaultPageSize): JobsView => ({
  statuses: [],
  type: null,
  createdFrom: null,
  createdTo: null,
  caseId: null,
  extractorId: null,
  minQuality: null,
  minConfidence: null,
  metadata: [],
  limit,
  cursor: null,
});

/** Whether any filter is set (paging aside): the empty state then says "no match", not "no jobs". */
export const isFiltered = (view: JobsView): boolean =>
  viewSearch({ ...view, limit: defaultPageSize, cursor: null }) !== '';

/** `key=value` as typed in the search box; null when it has no `=` or no key. */
export function parseMetadataSearch(text: string): [string, string] | null {
  const at = text.indexOf('=');
  if (at <= 0) return null;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  return key ? [key, value] : null;
}
