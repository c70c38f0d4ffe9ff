import type { OrgId } from '../../core/ids.ts';
import type { PageRequest } from '../../core/page-request.ts';
import type { DeliveryStatus, WebhookEvent, WebhookPayload } from '../../core/webhook-payload.ts';
import type { WebhookTestPayload, webhookTestEvent } from '../../core/webhook-test-payload.ts';
import type { Database, Sql } from '../db.ts';
import { newestFirstPage, pageOfRows } from '../list-paging.ts';

/** The channel the outbox trigger (migration 0005) notifies at commit. */
export const webhookChannel = (db: Pick<Database, 'schema'>) => `${db.schema}_webhooks`;

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface Delivery {
  /** Also the `webhook-id` header of every attempt. */
  id: string;
  /** Null for a test delivery (POST /v1/webhooks/test), which announces no job. */
  jobId: string | null;
  event: WebhookEvent | typeof webhookTestEvent;
  url: string;
  status: DeliveryStatus;
  attemptCount: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  payload: WebhookPayload | WebhookTestPayload;
  attempts: DeliveryAttempt[];
}

interface DeliveryRow {
  id: string;
  org_id: OrgId;
  job_id: string | null;
  event: WebhookEvent | typeof webhookTestEvent;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  window_started_at: Date | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  payload: WebhookPayload | WebhookTestPayload;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  latency_ms: number | null;
  error: string | null;
}

function toDelivery(row: DeliveryRow, attempts: AttemptRow[]): Delivery {
  return {
    id: row.id,
    jobId: row.job_id,
    event: row.event,
    url: row.url,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatusCode: row.last_status_code,
    lastLatencyMs: row.last_latency_ms,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    payload: row.payload,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at.toISOString(),
      statusCode: a.status_code,
      latencyMs: a.latency_ms,
      error: a.error,
    })),
  };
}

async function withAttempts(sql: Sql, rows: DeliveryRow[]): Promise<Delivery[]> {
  if (rows.length === 0) return [];
  const attempts = await sql.query<AttemptRow>(
    'SELECT * FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, attempt',
    [rows.map((row) => row.id)],
  );
  const byDelivery = Map.groupBy(attempts, (a) => a.delivery_id);
  return rows.map((row) => toDelivery(row, byDelivery.get(row.id) ?? []));
}

export interface DeliveryFilter {
  jobId?: string;
  statuses?: DeliveryStatus[];
}

export interface DeliveryPage {
  deliveries: Delivery[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/** Newest first, paged like GET /v1/jobs: offset, or a (created_at, id) cursor stable under inserts. */
export async function listDeliveries(
  sql: Sql,
  orgId: OrgId,
  filter: DeliveryFilter,
  page: PageRequest,
): Promise<DeliveryPage> {
  const values: unknown[] = [orgId];
  const where = ['org_id = $1'];
  if (filter.jobId) {
    values.push(filter.jobId);
    where.push(`job_id = $${values.length}`);
  }
  if (filter.statuses?.length) {
    values.push(filter.statuses);
    where.push(`status = ANY($${values.length}::text[])`);
  }
  const statements = newestFirstPage(
    { columns: '*', from: 'webhook_deliveries', clause: where.join(' AND '), values },
    page,
  );
  const [rows, counted] = await Promise.all([
    sql.query<DeliveryRow>(statements.page.text, statements.page.values),
    sql.query<{ total: number }>(statements.count.text, statements.count.values),
  ]);
  const { rows: kept, hasMore, nextCursor } = pageOfRows(rows, page.limit);
  return { deliveries: await withAttempts(sql, kept), total: counted[0]?.total ?? 0, hasMore, nextCursor };
}

export async function getDelivery(sql: Sql, orgId: OrgId, id: string): Promise<Delivery | null> {
  const rows = await sql.query<DeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE id = $1 AND org_id = $2',
    [id, orgId],
  );
  return (await withAttempts(sql, rows))[0] ?? null;
}

/**
 * Send again, with the same id and body: a new round with its own retry window. The relay queues
 * it (queued = false) and the trigger's channel wakes it, so this works from an API-only process.
 */
export async function markForRedelivery(
  sql: Sql,
  orgId: OrgId,
  id: string,
  channel: string,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE webhook_deliveries SET status = 'pending', queued = false, next_attempt_at = now(),
            window_started_at = NULL, delivered_at = NULL
     WHERE id = $1 AND org_id = $2 RETURNING id`,
    [id, orgId],
  );
  if (rows.length > 0) await sql.query('SELECT pg_notify($1, $2)', [channel, '']);
  return rows.length > 0;
}

/** Rows waiting for their first queue message, locked for the relay's transaction. */
export async function lockUnqueued(sql: Sql, limit: number): Promise<{ id: string; attempts: number }[]> {
  return sql.query(
    `SELECT id, attempts FROM webhook_deliveries WHERE NOT queued
     ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
}

/**
 * Pending rows whose next attempt is long overdue: their message was lost (a queue job deleted,
 * a process killed mid-attempt). Pushed forward so each is rescued once per `overdueMs`.
 */
export async function lockOverdue(
  sql: Sql,
  overdueMs: number,
  limit: number,
): Promise<{ id: string; attempts: number }[]> {
  return sql.query(
    `SELECT id, attempts FROM webhook_deliveries
     WHERE status = 'pending' AND queued AND next_attempt_at < now() - $1::float8 * interval '1 millisecond'
     ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [overdueMs, limit],
  );
}

export async function markQueued(sql: Sql, ids: readonly string[]): Promise<void> {
  await sql.query(
    `UPDATE webhook_deliveries SET queued = true, next_attempt_at = greatest(next_attempt_at, now())
     WHERE id = ANY($1::text[])`,
    [ids],
  );
}
