import type { CaseRecord } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import { type CaseRow, caseColumns, toCaseRecord } from './case-row.ts';

/** The organisation is part of every lookup: another organisation's case is simply not found. */
export async function getCase(sql: Sql, orgId: OrgId, id: string): Promise<CaseRecord | null> {
  const rows = await sql.query<CaseRow>(
    `SELECT ${caseColumns} FROM cases c WHERE c.id = $1 AND c.org_id = $2`,
    [id, orgId],
  );
  return rows[0] ? toCaseRecord(rows[0]) : null;
}

export async function caseExists(sql: Sql, orgId: OrgId, id: string): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM cases WHERE id = $1 AND org_id = $2', [id, orgId]);
  return rows.length === 1;
}
