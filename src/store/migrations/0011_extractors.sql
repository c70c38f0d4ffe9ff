-- Saved extractors and classifiers (/v1/extractors, /v1/classifiers): one row per definition,
-- its current version number, and every version's definition in definition_versions. A change
-- appends a version; none is ever rewritten, so a job's recorded (id, version) always resolves.
-- A delete is soft (deleted_at): the API then answers 404, but the versions stay for the jobs and
-- stats that name them. The organisation's removal takes everything with it.
CREATE TABLE definitions (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  -- Milliseconds, as the API shows them, so a (created_at, id) cursor compares exactly.
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  deleted_at timestamptz,
  CONSTRAINT definitions_kind_known CHECK (kind IN ('extractor', 'classifier')),
  CONSTRAINT definitions_version_positive CHECK (version >= 1)
);
-- The newest-first list of one organisation's live extractors (or classifiers).
CREATE INDEX definitions_org_kind_created ON definitions (org_id, kind, created_at DESC, id DESC)
  WHERE deleted_at IS NULL;

CREATE TABLE definition_versions (
  definition_id text NOT NULL REFERENCES definitions (id) ON DELETE CASCADE,
  version integer NOT NULL,
  name text NOT NULL,
  description text,
  prompt text,
  engine text NOT NULL,
  -- The extractor's JSON Schema or the classifier's categories. json, not jsonb: jsonb reorders
  -- object keys, and the schema's property order is the order of the CSV columns.
  spec json NOT NULL,
  options jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (definition_id, version),
  CONSTRAINT definition_versions_engine_known CHECK (engine IN ('auto', 'builtin', 'llm'))
);
