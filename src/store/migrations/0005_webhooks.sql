-- Webhooks (DESIGN.md "Webhooks"). An organisation's setting: where its jobs' ends are announced
-- (url NULL: only per-job webhookUrl targets) and the secret every delivery of the organisation
-- is signed with, per-job targets included. `events` filters the organisation-wide url only.
CREATE TABLE webhook_settings (
  org_id text PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  url text,
  secret text NOT NULL,
  events text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per announced terminal state, written by the trigger below in the
-- transaction that changed the status, so it commits or rolls back with it. The id is the
-- `webhook-id` header, shared by every attempt and redelivery. No key to jobs: the log outlives
-- deleted and purged jobs. `queued` is false until the relay (src/webhooks/dispatcher.ts) has put
-- the first queue message in, in the same transaction that sets it.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  job_id text NOT NULL,
  event text NOT NULL,
  url text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  queued boolean NOT NULL DEFAULT false,
  -- Attempts begun; the next one claims attempts + 1 (a guarded update, so each runs once).
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- First attempt of the current round (a redelivery starts a new one): the retry window counts from here.
  window_started_at timestamptz,
  last_status_code integer,
  last_latency_ms integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  delivered_at timestamptz,
  CONSTRAINT webhook_deliveries_status_known CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX webhook_deliveries_org_created ON webhook_deliveries (org_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_org_job ON webhook_deliveries (org_id, job_id);
-- The relay's two scans: rows never queued, and pending rows whose message is overdue (lost).
CREATE INDEX webhook_deliveries_unqueued ON webhook_deliveries (created_at) WHERE NOT queued;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  status_code integer,
  latency_ms integer,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);

-- At every terminal state a delivery is due when the job names a webhookUrl (all terminal events)
-- or its organisation has a url whose events include this one. Every path that changes a status
-- (the worker's group commits, moves, cancel) goes through an UPDATE of jobs.status, so this one
-- trigger covers them all. The payload is frozen here: retries and redeliveries send the same body.
-- The id is "msg_" + 12 hex digits of milliseconds + 16 random hex digits: time-ordered, unique.
-- search_path is pinned to the migration's (our schema), whoever's connection fires the trigger.
CREATE FUNCTION enqueue_job_webhook() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
  event text := 'job.' || NEW.status;
  target text := NEW.webhook_url;
BEGIN
  IF target IS NULL THEN
    SELECT s.url INTO target FROM webhook_settings s
     WHERE s.org_id = NEW.org_id AND s.url IS NOT NULL AND event = ANY (s.events);
  END IF;
  IF target IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO webhook_deliveries (id, org_id, job_id, event, url, payload)
  VALUES (
    'msg_' || lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
      || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16),
    NEW.org_id, NEW.id, event, target,
    jsonb_build_object(
      'type', event,
      'jobId', NEW.id,
      'jobGuid', NEW.id,
      'status', NEW.status,
      'error', NEW.error,
      'qualityScore', NEW.quality_score,
      'qualityCategory', NEW.quality_category,
      'metadata', NEW.metadata,
      'createdAt', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'completedAt', to_char(coalesce(NEW.completed_at, now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    )
  );
  -- Wakes the relay at commit (several in one transaction fold into one notification).
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_webhooks', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_webhook_outbox
  AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    AND NEW.status IN ('completed', 'partial', 'failed', 'timeout', 'cancelled')
  )
  EXECUTE FUNCTION enqueue_job_webhook();
