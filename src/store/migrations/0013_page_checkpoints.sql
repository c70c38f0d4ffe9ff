-- Page checkpoints: the OCR reading of each page of a running job, stored as the page is read, so
-- that a job handed back at shutdown, or orphaned by a crash, starts its next attempt at the first
-- page not read yet (src/engine/page-checkpoints.ts). OCR is the one stage worth it: a scanned page
-- costs 1–5 s of a core, its text-layer parse ~16 ms, and its reading is a few KB of JSON.
-- `pass` is the OCR pass the reading belongs to ('standard' or 'premium': a quality-gated job reads
-- its pages twice). Insert-only while the job runs; rows go with the job (cascade) and when it ends.
CREATE TABLE page_checkpoints (
  job_id text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  pass text NOT NULL,
  page integer NOT NULL,
  attempt integer NOT NULL,
  reading jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, pass, page)
);

-- A finished job needs no checkpoint: they go in the transaction of its last status change,
-- whichever statement makes it (completion, cancel, failure, timeout, the abandoned-job sweep).
-- A job that never checkpointed costs one index probe here.
CREATE FUNCTION drop_page_checkpoints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM page_checkpoints WHERE job_id = NEW.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_drop_page_checkpoints
  AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                     AND NEW.status IN ('completed', 'partial', 'failed', 'timeout', 'cancelled', 'expired'))
  EXECUTE FUNCTION drop_page_checkpoints();
