-- Live events (GET /v1/jobs/{id}/events, GET /v1/events): every change a client can watch — a new
-- job, its status, stage, progress, pages and quality — is announced on "<schema>_job_changes" as
-- "<job id> <org id>", from whichever process made it. The organisation is in the payload so a
-- process routes it to that organisation's streams without a read, and reads nothing at all when
-- nobody follows the job or its organisation. 0002's "<schema>_jobs" stays as it is for long polls.
--
-- Progress writes are already throttled to one per 250 ms per job (src/engine/run-job.ts), and the
-- WHEN clause skips updates that change none of the watched columns, so this adds at most that many
-- notifications per running job. NOTIFY is sent at commit: nothing rolled back is ever announced.
CREATE FUNCTION notify_job_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_job_changes', NEW.id || ' ' || NEW.org_id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_change_notify
  AFTER UPDATE OF status, stage, progress, pages_done, pages_total, quality_score ON jobs
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.stage IS DISTINCT FROM NEW.stage
    OR OLD.progress IS DISTINCT FROM NEW.progress
    OR OLD.pages_done IS DISTINCT FROM NEW.pages_done
    OR OLD.pages_total IS DISTINCT FROM NEW.pages_total
    OR OLD.quality_score IS DISTINCT FROM NEW.quality_score
  )
  EXECUTE FUNCTION notify_job_change();

CREATE TRIGGER jobs_insert_notify
  AFTER INSERT ON jobs
  FOR EACH ROW EXECUTE FUNCTION notify_job_change();
