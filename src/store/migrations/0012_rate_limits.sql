-- Rate limits (RATE_LIMIT_PER_MINUTE) and the concurrent-jobs quota (QUOTA_CONCURRENT_JOBS), kept in
-- the database so that every API process behind a load balancer counts against the same numbers.

-- One row per API key: the current one-minute window and its count. Each request is one upsert
-- that either adds one or starts a new window (src/store/rate-limits.ts), so old windows never
-- pile up and nothing needs cleaning; a deleted key takes its row with it. Unlogged: a counter lost
-- in a crash only forgives part of a minute, and the update writes no WAL. No index but the key:
-- with room left on the page (fillfactor) the update stays HOT.
CREATE UNLOGGED TABLE rate_limits (
  key_hash text PRIMARY KEY REFERENCES api_keys (key_hash) ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  count integer NOT NULL
) WITH (fillfactor = 50);

-- A slot taken by a submit between its quota check and the insert of its job row (which happens
-- in enqueueJob's own transaction). The check counts the organisation's unfinished jobs plus the
-- slots whose job row is not there yet, under a per-organisation advisory lock, so two API
-- processes cannot both take the last slot. A slot whose job row exists, or that is older than
-- the check's grace period (the submit failed before its insert), is no longer counted and is
-- deleted by the next check of the organisation.
CREATE TABLE quota_reservations (
  job_id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  reserved_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quota_reservations_org ON quota_reservations (org_id);
