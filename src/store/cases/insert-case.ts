import type { CaseId, CaseRecord } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Metadata } from '../../core/job.ts';
import type { Sql } from '../db.ts';
import { type CaseRow, toCaseRecord } from './case-row.ts';

export interface NewCase {
  id: CaseId;
  orgId: OrgId;
  name: string;
  description: string | null;
  metadata: Metadata;
}

export async function insertCase(sql: Sql, value: NewCase): Promise<CaseRecord> {
  const rows = await sql.query<CaseRow>(
    `INSERT INTO cases (id, org_id, name, description, metadata) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, org_id, name, description, metadata, created_at, 0 AS job_count`,
    [value.id, value.orgId, value.name, value.description, JSON.stringify(value.metadata)],
  );
  return toCaseRecord(rows[0]!);
}
