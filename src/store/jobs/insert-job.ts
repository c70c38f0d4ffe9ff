import type { JobId, OrgId } from '../../core/ids.ts';
import type { JobRecord, JobType, Metadata } from '../../core/job.ts';
import type { DefinitionRef, JobTask } from '../../core/task.ts';
import type { Sql } from '../db.ts';
import { type JobRow, toJobRecord } from './job-row.ts';

export interface NewJob {
  id: JobId;
  orgId: OrgId;
  type: JobType;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number;
  documentKey: string | null;
  options: Record<string, unknown>;
  metadata: Metadata;
  priority: number;
  timeoutSeconds: number;
  idempotencyKey: string | null;
  requestHash: string | null;
  reprocessedFrom: JobId | null;
  webhookUrl: string | null;
  caseId: string | null;
  expiresAt: Date;
  task: JobTask | null;
  extractor: DefinitionRef | null;
  /** Parents (dependsOn); the job waits for them, without a queue message, while any runs. */
  dependsOn: JobId[];
}

/**
 * Insert a queued job; null when the organisation already has a job under this idempotency key.
 * A job without parents gets the id of its queue message here, sent in the same transaction
 * (enqueueRunMessage): writing it afterwards cost every submit an UPDATE and a second row version.
 */
export async function insertJob(sql: Sql, job: NewJob): Promise<JobRecord | null> {
  const rows = await sql.query<JobRow>(
    `INSERT INTO jobs (id, org_id, type, status, file_name, mime_type, size_bytes, document_key, options, metadata,
                       priority, timeout_seconds, idempotency_key, request_hash, reprocessed_from,
                       webhook_url, case_id, expires_at, task, extractor_id, extractor_version,
                       depends_on, waiting_for, queue_job_id)
     VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             $18, $19, $20, $21::text[], $22::text[], CASE WHEN $22::text[] IS NULL THEN gen_random_uuid() END)
     ON CONFLICT (org_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING *`,
    [
      job.id,
      job.orgId,
      job.type,
      job.fileName,
      job.mimeType,
      job.sizeBytes,
      job.documentKey,
      JSON.stringify(job.options),
      JSON.stringify(job.metadata),
      job.priority,
      job.timeoutSeconds,
      job.idempotencyKey,
      job.requestHash,
      job.reprocessedFrom,
      job.webhookUrl,
      job.caseId,
      job.expiresAt,
      job.task === null ? null : JSON.stringify(job.task),
      job.extractor?.id ?? null,
      job.extractor?.version ?? null,
      job.dependsOn,
      job.dependsOn.length > 0 ? job.dependsOn : null,
    ],
  );
  const inserted = rows[0] ? toJobRecord(rows[0]) : null;
  if (inserted && job.dependsOn.length > 0) {
    await sql.query(
      'INSERT INTO job_parents (job_id, parent_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [job.id, job.dependsOn],
    );
  }
  return inserted;
}

export async function setQueueJobId(sql: Sql, id: JobId, queueJobId: string): Promise<void> {
  await sql.query('UPDATE jobs SET queue_job_id = $2 WHERE id = $1', [id, queueJobId]);
}
