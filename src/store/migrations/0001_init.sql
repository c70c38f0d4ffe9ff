-- Organisations own everything; API keys are stored as SHA-256 hashes only.
CREATE TABLE organisations (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  key_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- One row per job. The status column only moves through the table in src/core/job-status.ts,
-- and every UPDATE that changes it repeats that guard in its WHERE clause.
CREATE TABLE jobs (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  type text NOT NULL,
  status text NOT NULL,
  stage text,
  progress integer NOT NULL DEFAULT 0,
  pages_done integer NOT NULL DEFAULT 0,
  pages_total integer,
  file_name text,
  mime_type text,
  file_kind text,
  size_bytes bigint NOT NULL DEFAULT 0,
  document_key text,
  result_key text,
  options jsonb NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL DEFAULT '{}',
  priority integer NOT NULL DEFAULT 0,
  timeout_seconds integer NOT NULL,
  retry_count integer NOT NULL DEFAULT 0,
  attempt integer NOT NULL DEFAULT -1,
  error jsonb,
  idempotency_key text,
  request_hash text,
  reprocessed_from text,
  queue_job_id text,
  -- Milliseconds, as the API shows them, so a (created_at, id) cursor compares exactly.
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  started_at timestamptz,
  completed_at timestamptz,
  processing_ms integer,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT jobs_status_known CHECK (status IN
    ('queued', 'processing', 'retrying', 'completed', 'partial', 'failed', 'timeout', 'cancelled', 'expired')),
  CONSTRAINT jobs_progress_range CHECK (progress BETWEEN 0 AND 100)
) WITH (fillfactor = 70);
-- fillfactor 70 and no index on any column a job's life changes (status, stage, progress, times):
-- claims, progress and completions are then HOT updates that touch no index, the GIN one included.

CREATE UNIQUE INDEX jobs_idempotency ON jobs (org_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The list is ordered newest first with id as the tie-breaker; the cursor is (created_at, id).
CREATE INDEX jobs_org_created ON jobs (org_id, created_at DESC, id DESC);
CREATE INDEX jobs_metadata ON jobs USING gin (metadata jsonb_path_ops);
