import type { CaseId, CaseRecord } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Metadata } from '../../core/job.ts';

/** A `cases` row with its job count, as both drivers return it. */
export interface CaseRow {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  metadata: Metadata;
  created_at: Date;
  job_count: number;
}

/** The columns every case query selects: the row and how many jobs it holds (via jobs_case). */
export const caseColumns = `c.id, c.org_id, c.name, c.description, c.metadata, c.created_at,
  (SELECT count(*) FROM jobs j WHERE j.case_id = c.id)::int AS job_count`;

export function toCaseRecord(row: CaseRow): CaseRecord {
  return {
    id: row.id as CaseId,
    orgId: row.org_id as OrgId,
    name: row.name,
    description: row.description,
    metadata: row.metadata,
    createdAt: new Date(row.created_at).toISOString(),
    jobCount: Number(row.job_count),
  };
}
