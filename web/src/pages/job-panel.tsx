import type { Job, JobTrace, PageInfo } from '@docjobs/client';
import { lazy, type ReactNode, Suspense } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { type Load, useLoad } from '../use-load.ts';
import type { ExtractedField } from './job-fields.ts';
import { JobFieldsTab } from './job-fields-tab.tsx';
import { JobJsonTree } from './job-json-tree.tsx';
import { JobQualityTab, JobScoresTab } from './job-scores-tab.tsx';
import type { TabSpec } from './job-tabs.tsx';
import { JobTraceTab } from './job-trace-tab.tsx';
import { JobWebhooksTab } from './job-webhooks-tab.tsx';
import './job-result.css';

// marked and DOMPurify (~21 KB gzip) load with the first Text or Tables tab, not with the console.
const JobMarkdownTab = lazy(() =>
  import('./job-markdown-tab.tsx').then((m) => ({ default: m.JobMarkdownTab })),
);
const JobTablesTab = lazy(() => import('./job-tables-tab.tsx').then((m) => ({ default: m.JobTablesTab })));

/** The tabs a job has: its result's views once it completed; trace and webhooks once it ended. */
export function tabsFor(job: Job, done: boolean, terminal: boolean, fields: number): TabSpec[] {
  const tabs: TabSpec[] = [];
  if (done) {
    tabs.push(
      { id: 'markdown', label: 'Text' },
      { id: 'json', label: 'JSON' },
      { id: 'tables', label: 'Tables' },
    );
    if (fields > 0 || job.type === 'extract') tabs.push({ id: 'fields', label: 'Fields' });
    if (job.type === 'classify' || job.type === 'workflow')
      tabs.push({ id: 'classification', label: 'Classification' });
    tabs.push({ id: 'quality', label: 'Quality' });
  }
  if (terminal) tabs.push({ id: 'trace', label: 'Trace' }, { id: 'webhooks', label: 'Webhooks' });
  return tabs;
}

/** What a load shows while it runs, when it failed, and once it is there. */
function Loaded<T>({
  load,
  what,
  children,
}: {
  load: Load<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (load.state === 'error') return <ErrorMessage error={load.error} />;
  if (load.data === undefined) return <p aria-live="polite">Loading the {what}…</p>;
  return <>{children(load.data)}</>;
}

function TextTab({ id, format }: { id: string; format: 'markdown' | 'html' }) {
  const client = useClient();
  const text = useLoad((signal) => client.result(id, { format, signal }), [client, id, format]);
  return (
    <Loaded load={text} what={format === 'html' ? 'tables' : 'text'}>
      {(data) => (
        <Suspense fallback={<p aria-live="polite">Loading…</p>}>
          {format === 'html' ? <JobTablesTab html={data} /> : <JobMarkdownTab markdown={data} />}
        </Suspense>
      )}
    </Loaded>
  );
}

function TraceTab({ id }: { id: string }) {
  const client = useClient();
  const trace = useLoad(
    async (signal) => (await client.trace(id, { signal })) as unknown as JobTrace,
    [client, id],
  );
  return (
    <Loaded load={trace} what="trace">
      {(data) => <JobTraceTab trace={data} />}
    </Loaded>
  );
}

/** The content of the chosen tab; each tab asks the server for its own data when it is opened. */
export function JobPanel({
  tab,
  job,
  result,
  pages,
  fields,
  selectedField,
  onSelectField,
  onPage,
}: {
  tab: string;
  job: Job;
  result: Load<unknown>;
  pages: Load<PageInfo[]>;
  fields: ExtractedField[];
  selectedField: string | null;
  onSelectField: (field: ExtractedField) => void;
  onPage: (page: number) => void;
}) {
  switch (tab) {
    case 'markdown':
      return <TextTab key="markdown" id={job.id} format="markdown" />;
    case 'tables':
      return <TextTab key="html" id={job.id} format="html" />;
    case 'json':
      return (
        <Loaded load={result} what="result">
          {(data) => <JobJsonTree value={data} label="The result as JSON" />}
        </Loaded>
      );
    case 'fields':
      return (
        <Loaded load={result} what="fields">
          {() => <JobFieldsTab fields={fields} selected={selectedField} onSelect={onSelectField} />}
        </Loaded>
      );
    case 'classification':
      return (
        <Loaded load={result} what="classification">
          {(data) => <JobScoresTab result={data} />}
        </Loaded>
      );
    case 'quality':
      return (
        <Loaded load={pages} what="pages">
          {(data) => <JobQualityTab pages={data} onPage={onPage} />}
        </Loaded>
      );
    case 'trace':
      return <TraceTab id={job.id} />;
    case 'webhooks':
      return <JobWebhooksTab jobId={job.id} />;
    default:
      return <p className="hint">The result appears here once the job has completed.</p>;
  }
}
