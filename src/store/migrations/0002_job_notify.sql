-- Every status change is announced on the channel "<schema>_jobs" as "<job id> <status>", from
-- whichever process made it: long polls (and later server-sent events) wake on it at once, also
-- when the worker runs in another process. NOTIFY is sent at commit, so a listener never sees a
-- status that was rolled back.
CREATE FUNCTION notify_job_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_jobs', NEW.id || ' ' || NEW.status);
  RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_status_notify
  AFTER UPDATE OF status ON jobs
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION notify_job_status();
