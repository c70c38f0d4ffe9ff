-- Cases: long-term collections of documents. Jobs in a case are never purged; deleting the case
-- deletes its (terminal) jobs. (org_id, id) is unique so a job can reference a case of its own
-- organisation only: the foreign key below compares both columns.
CREATE TABLE cases (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  metadata jsonb NOT NULL DEFAULT '{}',
  -- Milliseconds, as the API shows them, so a (created_at, id) cursor compares exactly.
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  CONSTRAINT cases_org_id UNIQUE (org_id, id)
);
CREATE INDEX cases_org_created ON cases (org_id, created_at DESC, id DESC);

-- A job's case must be a case of the job's organisation. The submit checks it first for a clear
-- answer; the key closes the race with a concurrent case delete (the insert's key-share lock on the
-- case row waits for the delete, then fails). NOT VALID: rows written before this migration may
-- name a case that never existed (0004 accepted any string); they are kept, unchecked.
ALTER TABLE jobs ADD CONSTRAINT jobs_case_fk FOREIGN KEY (org_id, case_id) REFERENCES cases (org_id, id) NOT VALID;
-- Finds a case's jobs (its job count, its delete) and serves the key's check when a case goes.
-- case_id never changes after insert, so this index costs no HOT update.
CREATE INDEX jobs_case ON jobs (case_id) WHERE case_id IS NOT NULL;

-- When the purge turned the job into `expired` (its data deleted); the row is dropped
-- EXPIRED_GRACE_DAYS after this.
ALTER TABLE jobs ADD COLUMN expired_at timestamptz;

-- The purge walks this index in expires_at order. Its columns and predicate never change during a
-- job's life (status, stage and progress are not in it), so claims, progress and completions stay
-- HOT updates (0001). Rows leave it when they expire (expired_at set) or if they are in a case; a
-- non-terminal job past its expiry stays in it and is skipped by the purge's status guard.
CREATE INDEX jobs_purge_due ON jobs (expires_at, id)
  WHERE expires_at IS NOT NULL AND expired_at IS NULL AND case_id IS NULL;
-- The grace drop: expired rows, oldest expiry first.
CREATE INDEX jobs_expired_at ON jobs (expired_at) WHERE expired_at IS NOT NULL;
