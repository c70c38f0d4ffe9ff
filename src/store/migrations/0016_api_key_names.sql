-- API keys managed through the API (GET/POST/DELETE /v1/keys, the console's settings). A name the
-- owner chose; the key's last four characters beside its prefix, so a list tells keys apart
-- without showing them (keys made before this migration have none); and when the key was last
-- used: written by the authentication lookup at most once a minute per key, so a busy key costs
-- one write a minute, not one per request.
ALTER TABLE api_keys ADD COLUMN name text;
ALTER TABLE api_keys ADD COLUMN suffix text;
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
CREATE INDEX api_keys_org_created ON api_keys (org_id, created_at, id);

-- A test delivery (POST /v1/webhooks/test) announces no job.
ALTER TABLE webhook_deliveries ALTER COLUMN job_id DROP NOT NULL;
