-- How sure a job is of the text it read (OCR word confidences, or the sanity of a PDF text layer),
-- 0..1, and its band. Both NULL until a job completes having read text. The list filter
-- `minQuality` reads quality_score; the index serves "my recent low-quality jobs" per organisation.
ALTER TABLE jobs ADD COLUMN quality_score double precision;
ALTER TABLE jobs ADD COLUMN quality_category text;
CREATE INDEX jobs_org_quality ON jobs (org_id, quality_score) WHERE quality_score IS NOT NULL;
