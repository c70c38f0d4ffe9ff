import { DocjobsError, isTerminal } from '@docjobs/client';
import { useMemo, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { Link, navigate } from '../router.tsx';
import { useLoad } from '../use-load.ts';
import { JobActions } from './job-actions.tsx';
import { downloadsOf } from './job-downloads.ts';
import { type ExtractedField, extractedFields } from './job-fields.ts';
import { useLiveJob } from './job-live.ts';
import { JobPanel, tabsFor } from './job-panel.tsx';
import { JobFacts, JobProgress } from './job-progress.tsx';
import { JobTabs } from './job-tabs.tsx';
import { JobViewer, type PageBox } from './job-viewer.tsx';
import './job-page.css';

const range = (n: number) => Array.from({ length: Math.max(1, n) }, (_, k) => k + 1);

/**
 * One job: its document's pages beside its result (two columns on a wide screen, stacked on a
 * phone). While the job runs its events are followed; when it completes the result is loaded.
 * The chosen tab is in the address (/jobs/{id}/{tab}), so a link opens the same view.
 */
export function JobPage({ id, tab }: { id: string; tab: string | null }) {
  const client = useClient();
  const job = useLiveJob(id);
  const [actionError, setActionError] = useState<Error | null>(null);
  const [page, setPage] = useState(1);
  const [selectedField, setSelectedField] = useState<string | null>(null);

  const data = job.data;
  const terminal = data ? isTerminal(data.status) : false;
  const done = data?.status === 'completed' || data?.status === 'partial';
  const result = useLoad<unknown>(
    (signal) => (done ? client.result(id, { signal }) : Promise.resolve(null)),
    [client, id, done],
  );
  const pages = useLoad(
    async (signal) => (done ? (await client.pages(id, { signal })).pages : []),
    [client, id, done],
  );
  const fields = useMemo(() => extractedFields(result.data), [result.data]);
  const boxes: PageBox[] = fields.flatMap((field) =>
    field.evidence?.bbox
      ? [
          {
            key: field.key,
            page: field.evidence.page,
            bbox: field.evidence.bbox,
            label: `${field.path}: ${field.evidence.text}`,
            selected: field.key === selectedField,
          },
        ]
      : [],
  );

  if (job.state === 'error' && !data) return <JobLoadError id={id} error={job.error} />;
  if (!data) return <p aria-live="polite">Loading the job…</p>;

  const tabs = tabsFor(data, done, terminal, fields.length);
  const current = tabs.find((spec) => spec.id === tab)?.id ?? tabs[0]?.id ?? null;
  // Edit jobs read the PDF they made; the page images are of the document they were given.
  const pageNumbers =
    data.type !== 'edit' && pages.data?.length
      ? pages.data.map((info) => info.page)
      : range(data.pagesTotal ?? 1);
  const splitParts =
    (result.data as { type?: string; parts?: { part: number; document: string | null }[] } | null)?.type ===
    'split'
      ? ((result.data as { parts: { part: number; document: string | null }[] }).parts ?? [])
      : [];

  const selectField = (field: ExtractedField) => {
    setSelectedField(field.key);
    if (field.evidence) setPage(field.evidence.page);
  };

  return (
    <article className="job-page" aria-labelledby="job-title">
      <p className="job-back">
        <Link href="/jobs">← Jobs</Link>
      </p>
      <header className="job-header">
        <h1 id="job-title">{data.fileName ?? data.id}</h1>
        <StatusBadge status={data.status} />
        <code className="job-id">{data.id}</code>
      </header>
      <JobProgress job={data} />
      <JobFacts job={data} />
      {actionError ? <ErrorMessage error={actionError} /> : null}
      <JobActions
        job={data}
        downloads={downloadsOf(data, splitParts)}
        onChanged={(changed) => {
          setActionError(null);
          job.replace(changed);
        }}
        onError={setActionError}
      />
      <div className="job-columns">
        <JobViewer
          jobId={data.id}
          pageNumbers={pageNumbers}
          pageInfo={data.type === 'edit' ? null : (pages.data ?? null)}
          page={pageNumbers.includes(page) ? page : pageNumbers[0]!}
          onPage={setPage}
          boxes={boxes}
        />
        <section className="job-result" aria-label="Result">
          {current ? (
            <JobTabs
              tabs={tabs}
              current={current}
              onChange={(next) => navigate(`/jobs/${encodeURIComponent(data.id)}/${next}`, { replace: true })}
            >
              <JobPanel
                tab={current}
                job={data}
                result={result}
                pages={pages}
                fields={fields}
                selectedField={selectedField}
                onSelectField={selectField}
                onPage={setPage}
              />
            </JobTabs>
          ) : (
            <p className="hint">The result appears here once the job has completed.</p>
          )}
        </section>
      </div>
    </article>
  );
}

/** A job that is not there, or is another organisation's (the API answers both with 404). */
function JobLoadError({ id, error }: { id: string; error: Error }) {
  if (error instanceof DocjobsError && error.status === 404) {
    return (
      <section aria-labelledby="job-title">
        <h1 id="job-title">Job not found</h1>
        <p role="alert">
          There is no job <code>{id}</code> in your organisation: it may have been deleted or expired, or it
          belongs to another organisation.
        </p>
        <p>
          <Link href="/jobs">Back to the jobs</Link>
        </p>
      </section>
    );
  }
  return <ErrorMessage error={error} />;
}
