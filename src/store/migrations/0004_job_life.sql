-- Where a job's end is announced (overrides the organisation's webhook), the case that keeps it,
-- and when its data goes (the purge turns terminal jobs past expires_at into `expired`).
ALTER TABLE jobs ADD COLUMN webhook_url text;
ALTER TABLE jobs ADD COLUMN case_id text;
ALTER TABLE jobs ADD COLUMN expires_at timestamptz;
