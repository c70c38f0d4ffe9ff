import type { SearchFilters } from '../../core/search.ts';

export interface SearchWhere {
  /** On `chunks c`: the organisation first (another organisation's chunks never match), job ids, case. */
  chunks: string;
  /** On `jobs j`: succeeded only, and the job list's filters (type, metadata, creation time). */
  jobs: string;
  /** Both clauses' parameters, from $1. */
  values: unknown[];
  /** Whether `jobs` holds more than the status (type, metadata, creation time). */
  filtersJobs: boolean;
}

/**
 * The WHERE clauses of a search, with values from $1. Only jobs that succeeded are searched: a
 * worker writes the chunks just before the completion, and a job whose completion lost a race
 * (cancelled meanwhile) must not show for that moment.
 */
export function searchWhere(orgId: string, filters: SearchFilters): SearchWhere {
  const values: unknown[] = [orgId];
  const chunks = ['c.org_id = $1'];
  const jobs = [`j.status IN ('completed', 'partial')`];
  const add = (where: string[], sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filters.jobIds?.length) add(chunks, 'c.job_id = ANY(?::text[])', filters.jobIds);
  if (filters.caseId !== undefined) add(chunks, 'c.case_id = ?', filters.caseId);
  if (filters.type) add(jobs, 'j.type = ?', filters.type);
  if (filters.createdAfter) add(jobs, 'j.created_at > ?', filters.createdAfter);
  if (filters.createdBefore) add(jobs, 'j.created_at < ?', filters.createdBefore);
  if (filters.metadata && Object.keys(filters.metadata).length > 0)
    add(jobs, 'j.metadata @> ?::jsonb', JSON.stringify(filters.metadata));
  return { chunks: chunks.join(' AND '), jobs: jobs.join(' AND '), values, filtersJobs: jobs.length > 1 };
}
