-- Chunks for retrieval (issue 16): one row per chunk of a job whose result carries `chunks`,
-- written by the worker in the job's last attempt before it completes (src/services/index-chunks.ts),
-- searched by POST /v1/search. A row lives as long as its job's data: it goes with the job row
-- (cascade: DELETE /v1/jobs/{id}, a case's delete, the purge's grace drop) and when the job stops
-- being a success (expired by the purge, or failed/cancelled after an attempt that had indexed it:
-- the trigger below). Jobs in a case are never expired, so a case keeps its chunks.
CREATE TABLE chunks (
  job_id text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  idx integer NOT NULL,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  case_id text,
  -- The producer's id (Chunk.id), unique within the job.
  chunk_id text NOT NULL,
  text text NOT NULL,
  markdown text NOT NULL,
  heading_path text[] NOT NULL DEFAULT '{}',
  pages integer[] NOT NULL DEFAULT '{}',
  bboxes jsonb NOT NULL DEFAULT '{}',
  block_types text[] NOT NULL DEFAULT '{}',
  tokens integer NOT NULL DEFAULT 0,
  -- A PostgreSQL text search configuration name ('english', 'german' … 'simple' when unknown):
  -- the document's language, which stems the tsvector below.
  language text NOT NULL DEFAULT 'simple',
  -- Headings weigh C, the text D (twice: src/store/chunks/write-chunks.ts says why not more).
  tsv tsvector NOT NULL,
  -- Unit length (cosine = dot product). real[] always: searched exactly where the server has no
  -- pgvector; where it has, an HNSW index over `embedding::vector(dims)` per dimension count
  -- (src/store/chunks/vector-index.ts) serves the same column.
  embedding real[],
  dims integer,
  embedding_model text,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (job_id, idx)
);
CREATE INDEX chunks_tsv ON chunks USING gin (tsv);
-- The languages an organisation's chunks are in (a loose index scan: one probe per language), so a
-- query is parsed only in those (src/store/chunks/search-fulltext.ts).
CREATE INDEX chunks_org_language ON chunks (org_id, language);

CREATE FUNCTION drop_unsuccessful_chunks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM chunks WHERE job_id = NEW.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_drop_chunks
  AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                     AND NEW.status IN ('failed', 'timeout', 'cancelled', 'expired'))
  EXECUTE FUNCTION drop_unsuccessful_chunks();
