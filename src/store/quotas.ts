import type { OrgId } from '../core/ids.ts';
import type { Database } from './db.ts';
import { liveStatuses } from './jobs/job-stats.ts';

/**
 * How long a slot taken by a submit counts before its job row exists. enqueueJob inserts the row
 * milliseconds after the check; the longest step between is the webhook target's DNS lookup.
 * A submit that fails in between (a 400) holds its slot this long at most.
 */
const reservationGraceSeconds = 30;

/**
 * The organisation's jobs queued, processing or retrying (through the partial index
 * jobs_org_unfinished), plus slots taken by submits whose job row is not written yet. The
 * placeholders are the caller's: organisation, live statuses, reservation grace in seconds.
 */
const activeJobsSql = (org: string, statuses: string, grace: string) =>
  `(SELECT count(*) FROM jobs WHERE org_id = ${org} AND completed_at IS NULL AND status = ANY(${statuses}::text[]))
 + (SELECT count(*) FROM quota_reservations r
    WHERE r.org_id = ${org} AND r.reserved_at > now() - ${grace} * interval '1 second'
      AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = r.job_id))`;

/**
 * Take one of the organisation's `limit` concurrent-job slots for a job about to be inserted, or
 * answer how many are in use. The advisory lock serialises the checks of one organisation across
 * every API process; the count (unfinished jobs, through the partial index jobs_org_unfinished,
 * plus slots whose job row is not written yet) is read after the lock is held, so the last slot
 * goes to one submit only. The lock is held for the length of one statement, not of the insert.
 */
export async function reserveJobSlot(
  db: Database,
  orgId: OrgId,
  jobId: string,
  limit: number,
): Promise<{ reserved: boolean; active: number }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`docjobs.quota.${db.schema}.${orgId}`]);
    const rows = await tx.query<{ active: number; reserved: boolean }>(
      `WITH counted AS (
         SELECT ${activeJobsSql('$1', '$4', '$5')} AS active
       ), reserved AS (
         INSERT INTO quota_reservations (job_id, org_id) SELECT $2, $1 FROM counted WHERE active < $3
         ON CONFLICT (job_id) DO NOTHING RETURNING job_id
       ), spent AS (
         DELETE FROM quota_reservations r
         WHERE r.org_id = $1 AND (r.reserved_at <= now() - $5 * interval '1 second'
                                  OR EXISTS (SELECT 1 FROM jobs j WHERE j.id = r.job_id))
       )
       SELECT active::int, EXISTS (SELECT 1 FROM reserved) AS reserved FROM counted`,
      [orgId, jobId, limit, liveStatuses, reservationGraceSeconds],
    );
    return rows[0]!;
  });
}

/**
 * The same count as reserveJobSlot's, read without its lock and without taking a slot: a glance for
 * refusing a submit before its upload is read. Racing submits may all see room; the reservation
 * still gives the last slot to one of them.
 */
export async function countActiveJobs(db: Database, orgId: OrgId): Promise<number> {
  const rows = await db.query<{ active: number }>(
    `SELECT (${activeJobsSql('$1', '$2', '$3')})::int AS active`,
    [orgId, liveStatuses, reservationGraceSeconds],
  );
  return rows[0]!.active;
}

/**
 * Pages read by the organisation's jobs that finished since midnight UTC (usage records, migration
 * 0007: an index-only scan of usage_org_finished), and the seconds left until the next midnight.
 */
export async function pagesToday(
  db: Database,
  orgId: OrgId,
): Promise<{ pages: number; resetSeconds: number }> {
  const rows = await db.query<{ pages: string | number; resetSeconds: number }>(
    `WITH day AS (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start)
     SELECT (SELECT coalesce(sum(pages), 0) FROM usage_records, day
             WHERE org_id = $1 AND finished_at >= day.start)::bigint AS pages,
            ceil(extract(epoch FROM day.start + interval '1 day' - now()))::int AS "resetSeconds"
     FROM day`,
    [orgId],
  );
  return { pages: Number(rows[0]!.pages), resetSeconds: rows[0]!.resetSeconds };
}
