import type { SearchFilters } from '../../core/search.ts';

/**
 * The WHERE clause of a search over `chunks c JOIN jobs j`, with values from $1: the organisation
 * first (another organisation's chunks never match), then the filters of the job list. Only jobs
 * that succeeded are searched: a worker writes the chunks just before the completion, and a job
 * whose completion lost a race (cancelled meanwhile) must not show for that moment.
 */
export function searchWhere(orgId: string, filters: SearchFilters): { clause: string; values: unknown[] } {
  const values: unknown[] = [orgId];
  const where = ['c.org_id = $1', `j.status IN ('completed', 'partial')`];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filters.jobIds?.length) add('c.job_id = ANY(?::text[])', filters.jobIds);
  if (filters.caseId !== undefined) add('c.case_id = ?', filters.caseId);
  if (filters.type) add('j.type = ?', filters.type);
  if (filters.createdAfter) add('j.created_at > ?', filters.createdAfter);
  if (filters.createdBefore) add('j.created_at < ?', filters.createdBefore);
  // jsonb containment: the jobs' GIN index (0001) for every metadata filter at once.
  if (filters.metadata && Object.keys(filters.metadata).length > 0)
    add('j.metadata @> ?::jsonb', JSON.stringify(filters.metadata));
  return { clause: where.join(' AND '), values };
}
