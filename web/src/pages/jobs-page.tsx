import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatDate, formatScore } from '../format.ts';
import { Link } from '../router.tsx';
import { useLoad } from '../use-load.ts';

/** The organisation's jobs, newest first. */
export function JobsPage({ query }: { query: URLSearchParams }) {
  const client = useClient();
  const status = query.get('status');
  const jobs = useLoad(
    (signal) => client.listPage({ limit: 50, ...(status ? { status: [status as never] } : {}) }, { signal }),
    [client, status],
  );
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      {jobs.state === 'error' ? <ErrorMessage error={jobs.error} /> : null}
      {jobs.data ? (
        <table className="jobs">
          <caption className="visually-hidden">{jobs.data.total} jobs</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Quality</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <Link href={`/jobs/${encodeURIComponent(job.id)}`}>{job.fileName ?? job.id}</Link>
                </td>
                <td>{job.type}</td>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>{formatScore(job.qualityScore)}</td>
                <td>{formatDate(job.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p aria-live="polite">Loading…</p>
      )}
    </section>
  );
}
