import type { OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import type { Sql } from '../db.ts';
import { type JobRow, toJobRecord } from './job-row.ts';

/** The organisation is part of every lookup: another organisation's id is simply not found. */
export async function getJob(sql: Sql, orgId: OrgId, id: string): Promise<JobRecord | null> {
  const rows = await sql.query<JobRow>('SELECT * FROM jobs WHERE id = $1 AND org_id = $2', [id, orgId]);
  return rows[0] ? toJobRecord(rows[0]) : null;
}

export async function getJobByIdempotencyKey(sql: Sql, orgId: OrgId, key: string): Promise<JobRecord | null> {
  const rows = await sql.query<JobRow>('SELECT * FROM jobs WHERE org_id = $1 AND idempotency_key = $2', [
    orgId,
    key,
  ]);
  return rows[0] ? toJobRecord(rows[0]) : null;
}

/** Which of `ids` are jobs of the organisation, in one query (a submit's dependsOn). */
export async function existingJobIds(sql: Sql, orgId: OrgId, ids: readonly string[]): Promise<Set<string>> {
  const rows = await sql.query<{ id: string }>(
    'SELECT id FROM jobs WHERE org_id = $1 AND id = ANY($2::text[])',
    [orgId, ids],
  );
  return new Set(rows.map((row) => row.id));
}
