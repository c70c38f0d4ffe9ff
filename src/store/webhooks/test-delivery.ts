import type { OrgId } from '../../core/ids.ts';
import type { WebhookTestPayload } from '../../core/webhook-test-payload.ts';
import type { Sql } from '../db.ts';

export interface TestDeliveryRecord {
  id: string;
  orgId: OrgId;
  url: string;
  payload: WebhookTestPayload;
  /** When the one attempt started. */
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * A test delivery, sent already (POST /v1/webhooks/test sends it itself and waits): written in its
 * final state with its one attempt, `queued` so the relay never picks it up, no job. One
 * statement, so the delivery never shows without its attempt.
 */
export async function insertTestDelivery(sql: Sql, record: TestDeliveryRecord): Promise<void> {
  const delivered = record.error === null;
  await sql.query(
    `WITH d AS (
       INSERT INTO webhook_deliveries (id, org_id, job_id, event, url, payload, status, queued, attempts,
                                       next_attempt_at, window_started_at, last_status_code, last_latency_ms,
                                       last_error, created_at, delivered_at)
       VALUES ($1, $2, NULL, $3, $4, $5, $6, true, 1, $7, $7, $8, $9, $10, $7, CASE WHEN $11 THEN now() END)
       RETURNING id
     )
     INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, latency_ms, error)
     SELECT id, 1, $7, $8, $9, $10 FROM d`,
    [
      record.id,
      record.orgId,
      record.payload.type,
      record.url,
      JSON.stringify(record.payload),
      delivered ? 'delivered' : 'failed',
      record.at,
      record.statusCode,
      record.latencyMs,
      record.error,
      delivered,
    ],
  );
}
