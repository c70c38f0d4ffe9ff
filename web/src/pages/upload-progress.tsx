import { isTerminal } from '@docjobs/client';
import { ErrorMessage } from '../components/error-message.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatBytes } from '../format.ts';
import { Link } from '../router.tsx';
import type { UploadEntry } from './upload-tracker.ts';

/** Each file: its upload's progress bar, then its job's status, stage and progress, live. */
export function UploadProgressList({ entries }: { entries: UploadEntry[] }) {
  const done = entries.filter((entry) => entry.error || (entry.job && isTerminal(entry.job.status))).length;
  return (
    <>
      {/* One short sentence for screen readers, rather than every bar's every step. */}
      <p className="hint" aria-live="polite">
        {done} of {entries.length} finished.
      </p>
      <ul className="upload-list">
        {entries.map((entry) => (
          <UploadRow key={entry.key} entry={entry} />
        ))}
      </ul>
    </>
  );
}

function UploadRow({ entry }: { entry: UploadEntry }) {
  const { file, job, error } = entry;
  const percent = entry.total > 0 ? Math.round((100 * entry.sent) / entry.total) : 100;
  const uploading = !job && !error;
  return (
    <li className="upload-item" data-testid="upload-item">
      <div className="upload-item-head">
        <span className="upload-name">{file.name}</span>
        <span className="hint">{formatBytes(file.size)}</span>
        {job ? <StatusBadge status={job.status} /> : null}
      </div>
      <div className="upload-bar">
        <progress
          max={100}
          value={job ? 100 : percent}
          aria-label={`Upload of ${file.name}`}
          aria-valuetext={`${job ? 100 : percent} % sent`}
        />
        <span className="hint">{uploading ? `${percent} % sent` : job ? 'sent' : 'not sent'}</span>
      </div>
      {job ? <JobLine job={job} /> : null}
      {error ? <ErrorMessage error={error} /> : null}
    </li>
  );
}

function JobLine({ job }: { job: NonNullable<UploadEntry['job']> }) {
  const running = !isTerminal(job.status);
  const pages =
    job.pagesTotal !== null && job.pagesTotal !== undefined
      ? `${job.pagesDone ?? 0}/${job.pagesTotal} pages`
      : null;
  const facts = [running && job.stage ? job.stage : null, running ? `${job.progress ?? 0} %` : null, pages]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className="upload-job">
      {running ? (
        <progress
          max={100}
          value={job.progress ?? 0}
          aria-label={`Progress of the job of ${job.fileName ?? job.id}`}
        />
      ) : null}
      {facts ? <span className="hint">{facts}</span> : null}
      <Link href={`/jobs/${encodeURIComponent(job.id)}`}>Open job {job.id}</Link>
      {job.error ? (
        <p className="upload-failure">
          {job.error.code}: {job.error.message}
        </p>
      ) : null}
    </div>
  );
}
