-- Extraction, classification and workflow jobs (issue 5).
--
-- task: what the job does beyond reading the document, fixed at submit: the JSON Schema, prompt,
-- categories, workflow steps and engine, with a saved extractor's or classifier's definition
-- copied in as the version the job used. Not shown in lists; the job keeps it after the saved
-- definition changes. `json`, not `jsonb`: jsonb reorders object keys, and a schema's property order
-- is the order of the CSV columns and of the fields an LLM is asked for.
ALTER TABLE jobs ADD COLUMN task json;
-- The saved extractor a job used (its id and version): the list filter and stats by extractor.
ALTER TABLE jobs ADD COLUMN extractor_id text;
ALTER TABLE jobs ADD COLUMN extractor_version integer;
-- The lowest confidence of an extraction's fields (0 when a field was not found): GET /v1/jobs?minConfidence=.
ALTER TABLE jobs ADD COLUMN min_confidence double precision;
-- Tokens an LLM engine used for the job, for the trace and the usage records.
ALTER TABLE jobs ADD COLUMN llm_tokens integer NOT NULL DEFAULT 0;

-- dependsOn: a job that waits for its parents. It stays `queued` with waiting_for set (the parents
-- that have not ended yet) and no queue message, until the last parent ends: then it is sent to
-- the queue, or fails with DEPENDENCY_FAILED if a parent did not complete.
ALTER TABLE jobs ADD COLUMN depends_on text[] NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN waiting_for text[];
CREATE TABLE job_parents (
  job_id text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  parent_id text NOT NULL,
  PRIMARY KEY (job_id, parent_id)
);
-- Which waiting jobs a parent's end may release. No foreign key on parent_id: a parent deleted
-- while its child waits must leave the row, so that the child fails with DEPENDENCY_FAILED.
CREATE INDEX job_parents_parent ON job_parents (parent_id);
CREATE INDEX jobs_waiting ON jobs (created_at) WHERE waiting_for IS NOT NULL;
CREATE INDEX jobs_org_extractor ON jobs (org_id, extractor_id, created_at DESC) WHERE extractor_id IS NOT NULL;

-- The usage record keeps what the statistics read: tokens, and an extraction's lowest confidence
-- (avgConfidence). The covering index is rebuilt with them so the stats stay index-only scans.
ALTER TABLE usage_records ADD COLUMN llm_tokens integer NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN min_confidence double precision;
DROP INDEX usage_org_job_created;
CREATE INDEX usage_org_job_created ON usage_records (org_id, job_created_at)
  INCLUDE (status, type, extractor_id, processing_ms, quality_score, pages, credits, min_confidence);
DROP INDEX usage_org_finished;
CREATE INDEX usage_org_finished ON usage_records (org_id, finished_at)
  INCLUDE (type, pages, processing_ms, credits, llm_tokens);

-- As 0007, with the extractor from its own column and the tokens an LLM used.
CREATE OR REPLACE FUNCTION record_job_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_records (job_id, org_id, type, status, extractor_id, pages, processing_ms,
                             quality_score, credits, job_created_at, finished_at, llm_tokens, min_confidence)
  VALUES (NEW.id, NEW.org_id, NEW.type, NEW.status, NEW.extractor_id, NEW.pages_done,
          NEW.processing_ms, NEW.quality_score,
          CASE WHEN NEW.status IN ('completed', 'partial') THEN greatest(NEW.pages_done, 1) ELSE 0 END,
          NEW.created_at, coalesce(NEW.completed_at, now()), NEW.llm_tokens, NEW.min_confidence)
  ON CONFLICT (job_id) DO NOTHING;
  RETURN NULL;
END;
$$;
