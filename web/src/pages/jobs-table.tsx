import type { Job } from '@docjobs/client';
import { memo } from 'react';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatDate, formatDuration, formatScore } from '../format.ts';
import { Link } from '../router.tsx';
import { isRunning } from './jobs-filters.ts';

interface TableProps {
  rows: Job[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
}

/**
 * The page's jobs. A row re-renders only when its job or its checkbox changes (JobRow is memo'd
 * and events replace only the row they name), so a busy stream does not redraw the table.
 */
export function JobsTable({ rows, selected, onToggle }: TableProps) {
  return (
    <div className="jobs-scroll">
      <table className="jobs-table responsive">
        <caption className="visually-hidden">Jobs, newest first</caption>
        {/* Fixed column widths: the browser lays the table out from its first row, not from every
            cell, and a row that changes (status, progress) never moves the columns. */}
        <colgroup>
          <col className="jobs-col-select" />
          <col />
          <col className="jobs-col-type" />
          <col className="jobs-col-status" />
          <col className="jobs-col-stage" />
          <col className="jobs-col-quality" />
          <col className="jobs-col-confidence" />
          <col className="jobs-col-pages" />
          <col className="jobs-col-created" />
          <col className="jobs-col-time" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="jobs-select">
              {/* "Select all" is in the bulk bar, which the phone layout (no header row) keeps. */}
              <span className="visually-hidden">Select</span>
            </th>
            <th scope="col">Job</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Stage / progress</th>
            <th scope="col" className="number">
              Quality
            </th>
            <th scope="col" className="number">
              Confidence
            </th>
            <th scope="col" className="number">
              Pages
            </th>
            <th scope="col">Created</th>
            <th scope="col" className="number">
              Processing
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((job) => (
            <JobRow key={job.id} job={job} selected={selected.has(job.id)} onToggle={onToggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const JobRow = memo(function JobRow({
  job,
  selected,
  onToggle,
}: {
  job: Job;
  selected: boolean;
  onToggle: (id: string) => void;
}) {
  const name = job.fileName ?? job.id;
  return (
    <tr className={selected ? 'jobs-selected' : undefined} data-job-id={job.id}>
      <td className="jobs-select" data-label="Select">
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={selected}
          onChange={() => onToggle(job.id)}
        />
      </td>
      <td data-label="Job" className="jobs-name">
        <div>
          <Link href={`/jobs/${encodeURIComponent(job.id)}`}>{name}</Link>
          {job.fileName ? <span className="jobs-id">{job.id}</span> : null}
        </div>
      </td>
      <td data-label="Type">{job.type}</td>
      <td data-label="Status">
        <StatusBadge status={job.status} />
      </td>
      <td data-label="Stage">
        <Progress job={job} />
      </td>
      <td data-label="Quality" className="number">
        {formatScore(job.qualityScore)}
      </td>
      <td data-label="Confidence" className="number">
        {formatScore(job.minConfidence)}
      </td>
      <td data-label="Pages" className="number">
        {pagesOf(job)}
      </td>
      <td data-label="Created">{formatDate(job.createdAt)}</td>
      <td data-label="Processing" className="number">
        {formatDuration(job.processingMs)}
      </td>
    </tr>
  );
});

/** The stage and a bar while the job runs; nothing once it has ended (the status says it all). */
function Progress({ job }: { job: Job }) {
  if (!isRunning(job.status)) return <span className="muted">—</span>;
  // progress is 0-100 (the API's integer percent).
  const percent = Math.round(Math.max(0, Math.min(100, job.progress ?? 0)));
  return (
    <span className="jobs-progress">
      <span>{job.stage ?? (job.status === 'queued' ? 'waiting' : job.status)}</span>
      <progress max={100} value={percent} aria-label={`${job.fileName ?? job.id}: ${percent}%`}>
        {percent}%
      </progress>
    </span>
  );
}

function pagesOf(job: Job): string {
  if (job.pagesTotal === null || job.pagesTotal === undefined)
    return job.pagesDone ? String(job.pagesDone) : '—';
  return job.pagesDone === job.pagesTotal ? String(job.pagesTotal) : `${job.pagesDone} / ${job.pagesTotal}`;
}
