import type { JobId, OrgId } from '../../core/ids.ts';
import { terminalStatuses } from '../../core/job-status.ts';
import type { Sql } from '../db.ts';

/** Deletes the row only while it is terminal (the same guard as the API's JOB_NOT_TERMINAL). */
export async function deleteTerminalJob(sql: Sql, orgId: OrgId, id: JobId): Promise<boolean> {
  const rows = await sql.query(
    'DELETE FROM jobs WHERE id = $1 AND org_id = $2 AND status = ANY($3::text[]) RETURNING id',
    [id, orgId, [...terminalStatuses]],
  );
  return rows.length === 1;
}
