import { isTerminal, type Job } from '@docjobs/client';
import { formatDate, formatDuration, formatScore } from '../format.ts';
import { Link } from '../router.tsx';

/** Where a running job is, said to screen readers as it changes (aria-live), and drawn as a bar. */
export function JobProgress({ job }: { job: Job }) {
  if (isTerminal(job.status)) return null;
  const percent = Math.min(100, Math.max(0, Math.round(job.progress ?? 0)));
  const pages = job.pagesTotal ? `, page ${job.pagesDone} of ${job.pagesTotal}` : '';
  const waiting = job.waitingFor?.length ? `, waiting for ${job.waitingFor.join(', ')}` : '';
  return (
    <div className="job-progress">
      <p aria-live="polite" aria-atomic="true">
        {job.status === 'queued' ? 'Queued' : job.status === 'retrying' ? 'Retrying' : 'Processing'}
        {job.stage ? `: ${job.stage}` : ''}
        {pages}
        {waiting} ({percent}%)
      </p>
      <progress max={100} value={percent} aria-label="Progress of the job" />
    </div>
  );
}

/** The job's facts: type, dates, time, quality, pages, and why it failed. */
export function JobFacts({ job }: { job: Job }) {
  return (
    <>
      <dl className="facts job-facts">
        <dt>Type</dt>
        <dd>{job.type}</dd>
        <dt>Created</dt>
        <dd>{formatDate(job.createdAt)}</dd>
        <dt>Processing time</dt>
        <dd>{formatDuration(job.processingMs)}</dd>
        <dt>Pages</dt>
        <dd>{job.pagesTotal ?? '—'}</dd>
        <dt>Quality</dt>
        <dd>
          {formatScore(job.qualityScore)}
          {job.qualityCategory ? ` (${job.qualityCategory})` : ''}
        </dd>
        {job.minConfidence !== null ? (
          <>
            <dt>Lowest field confidence</dt>
            <dd>{formatScore(job.minConfidence)}</dd>
          </>
        ) : null}
        {job.reprocessedFrom ? (
          <>
            <dt>Retry of</dt>
            <dd>
              <Link href={`/jobs/${encodeURIComponent(job.reprocessedFrom)}`}>{job.reprocessedFrom}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {job.error ? (
        <div className="error" role="status">
          <strong>{job.error.code}: </strong>
          {job.error.message}
          {job.error.stage ? ` (stage ${job.error.stage})` : ''}
        </div>
      ) : null}
    </>
  );
}
