import type { OrgId } from '../../core/ids.ts';
import type { WebhookPayload } from '../../core/webhook-payload.ts';
import type { NextStep } from '../../core/webhook-retries.ts';
import type { Sql } from '../db.ts';

/**
 * The sender's two writes per attempt, each for many attempts in one statement (the sender groups
 * the attempts running side by side, as the job worker groups its completions): on PGlite every
 * statement costs the one thread that also runs the jobs and the API.
 */

export interface AttemptClaim {
  id: string;
  attempt: number;
}

/** What an attempt needs, claimed by a guarded update. */
export interface ClaimedAttempt {
  id: string;
  orgId: OrgId;
  url: string;
  payload: WebhookPayload;
  attempt: number;
  windowStartedAt: Date;
  /** The organisation's secret; null when it has none yet (the sender makes one). */
  secret: string | null;
}

interface ClaimRow {
  id: string;
  org_id: OrgId;
  url: string;
  payload: WebhookPayload;
  attempts: number;
  window_started_at: Date;
  secret: string | null;
}

/**
 * Begin attempts: `attempts` moves from attempt - 1 to attempt, so of two messages for the same
 * attempt (a relay rescue, a redelivery) only one runs it. While it runs, next_attempt_at is pushed
 * past its timeout so the relay does not take its message for lost. Answers in the order asked;
 * null: delivered, failed, or that attempt already ran.
 */
export async function claimAttempts(
  sql: Sql,
  claims: readonly AttemptClaim[],
  inFlightMs: number,
): Promise<(ClaimedAttempt | null)[]> {
  if (claims.length === 0) return [];
  const rows = await sql.query<ClaimRow>(
    `UPDATE webhook_deliveries d SET attempts = c.attempt,
            next_attempt_at = now() + $3::float8 * interval '1 millisecond',
            window_started_at = coalesce(d.window_started_at, now())
     FROM unnest($1::text[], $2::int[]) AS c(id, attempt)
     WHERE d.id = c.id AND d.attempts = c.attempt - 1 AND d.status = 'pending'
     RETURNING d.id, d.org_id, d.url, d.payload, d.attempts, d.window_started_at,
               (SELECT s.secret FROM webhook_settings s WHERE s.org_id = d.org_id) AS secret`,
    [claims.map((c) => c.id), claims.map((c) => c.attempt), inFlightMs],
  );
  const byKey = new Map(rows.map((row) => [`${row.id} ${row.attempts}`, row]));
  return claims.map((claim) => {
    const row = byKey.get(`${claim.id} ${claim.attempt}`);
    if (!row) return null;
    byKey.delete(`${claim.id} ${claim.attempt}`); // the same claim twice in a group: once
    return {
      id: row.id,
      orgId: row.org_id,
      url: row.url,
      payload: row.payload,
      attempt: row.attempts,
      windowStartedAt: row.window_started_at,
      secret: row.secret,
    };
  });
}

export interface AttemptRecord {
  id: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  next: NextStep;
}

/**
 * Log attempts and move their deliveries on, each unless a later attempt has begun meanwhile.
 * Answers, in order, whether each delivery was moved (the caller queues the next attempts of the
 * moved pending ones in the same transaction).
 */
export async function recordAttempts(sql: Sql, records: readonly AttemptRecord[]): Promise<boolean[]> {
  if (records.length === 0) return [];
  await sql.query(
    `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, latency_ms, error)
     SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::int[], $5::int[], $6::text[])
     ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    [
      records.map((r) => r.id),
      records.map((r) => r.attempt),
      records.map((r) => r.at),
      records.map((r) => r.statusCode),
      records.map((r) => r.latencyMs),
      records.map((r) => r.error),
    ],
  );
  const moved = await sql.query<{ id: string; attempts: number }>(
    `UPDATE webhook_deliveries d SET status = r.status, last_status_code = r.status_code,
            last_latency_ms = r.latency_ms, last_error = r.error,
            next_attempt_at = coalesce(r.next_at, d.next_attempt_at),
            delivered_at = CASE WHEN r.status = 'delivered' THEN now() ELSE d.delivered_at END
     FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[], $7::timestamptz[])
          AS r(id, attempt, status, status_code, latency_ms, error, next_at)
     WHERE d.id = r.id AND d.attempts = r.attempt AND d.status = 'pending'
     RETURNING d.id, d.attempts`,
    [
      records.map((r) => r.id),
      records.map((r) => r.attempt),
      records.map((r) => r.next.status),
      records.map((r) => r.statusCode),
      records.map((r) => r.latencyMs),
      records.map((r) => r.error),
      records.map((r) => (r.next.status === 'pending' ? r.next.at : null)),
    ],
  );
  const done = new Set(moved.map((row) => `${row.id} ${row.attempts}`));
  return records.map((r) => done.has(`${r.id} ${r.attempt}`));
}
