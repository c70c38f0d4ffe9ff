-- The trace of a job's last run (stages with timings, OCR passes, engine versions), written by the
-- completion's own UPDATE: as a file of its own it cost a third of a small job's drain rate
-- (bench/engine.ts, 613 → 445 jobs/s on PGlite). A few hundred bytes; no index, so still HOT.
ALTER TABLE jobs ADD COLUMN trace jsonb;
