import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { formatDate, formatDuration } from '../format.ts';
import { useLoad } from '../use-load.ts';

/** One job: its state and its result as markdown text. */
export function JobPage({ id }: { id: string; tab: string | null }) {
  const client = useClient();
  const job = useLoad((signal) => client.get(id, { signal }), [client, id]);
  const done = job.data?.status === 'completed' || job.data?.status === 'partial';
  const markdown = useLoad(
    (signal) => (done ? client.result(id, { format: 'markdown', signal }) : Promise.resolve(null)),
    [client, id, done],
  );
  if (job.state === 'error') return <ErrorMessage error={job.error} />;
  if (!job.data) return <p aria-live="polite">Loading…</p>;
  return (
    <section aria-labelledby="job-title">
      <h1 id="job-title">{job.data.fileName ?? job.data.id}</h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={job.data.status} />
        </dd>
        <dt>Type</dt>
        <dd>{job.data.type}</dd>
        <dt>Created</dt>
        <dd>{formatDate(job.data.createdAt)}</dd>
        <dt>Processing time</dt>
        <dd>{formatDuration(job.data.processingMs)}</dd>
      </dl>
      {markdown.data ? <pre className="result-text">{markdown.data}</pre> : null}
    </section>
  );
}
