import { useCallback, useMemo, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { Link, navigate } from '../router.tsx';
import { JobsActiveFilters } from './jobs-active-filters.tsx';
import { JobsBulkBar } from './jobs-bulk-bar.tsx';
import { JobsExport } from './jobs-export.tsx';
import { JobsFilterForm } from './jobs-filter-form.tsx';
import { isFiltered, type JobsView, readView, viewSearch } from './jobs-filters.ts';
import { type LiveState, useLiveJobs } from './jobs-live.ts';
import { JobsPager } from './jobs-pager.tsx';
import { JobsSearch } from './jobs-search.tsx';
import { JobsTable } from './jobs-table.tsx';
import './jobs-page.css';

const show = (view: JobsView) => navigate(`/jobs${viewSearch(view)}`);

/** The organisation's jobs, newest first: filtered, paged, live, with bulk actions and export. */
export function JobsPage({ query }: { query: URLSearchParams }) {
  const client = useClient();
  const search = query.toString();
  const view = useMemo(() => readView(new URLSearchParams(search)), [search]);
  const { page, rows, live, announcement } = useLiveJobs(client, view);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [shownSearch, setShownSearch] = useState(search);
  // A new view (filters or page) starts with nothing selected: a hidden row is never acted on.
  if (shownSearch !== search) {
    setShownSearch(search);
    setSelected(new Set());
  }

  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  const toggleAll = (select: boolean) =>
    setSelected(select ? new Set(rows?.rows.map((row) => row.id)) : new Set());
  const reload = page.reload;
  const afterBulk = useCallback(() => {
    setSelected(new Set());
    reload();
  }, [reload]);
  const chosen = rows ? rows.rows.filter((row) => selected.has(row.id)).map((row) => row.id) : [];

  return (
    <section aria-labelledby="jobs-title" className="jobs-page" aria-busy={page.state === 'loading'}>
      <div className="jobs-heading">
        <h1 id="jobs-title">Jobs</h1>
        <p className="jobs-total" aria-live="polite">
          {rows ? countText(rows.total, isFiltered(view)) : ''}
        </p>
        <LiveIndicator live={live} />
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        <JobsExport view={view} />
      </div>
      <JobsSearch view={view} onSearch={show} />
      <details
        className="jobs-filter-panel"
        open={filtersOpen}
        onToggle={(e) => setFiltersOpen(e.currentTarget.open)}
      >
        <summary>Filters</summary>
        {filtersOpen ? <JobsFilterForm key={search} view={view} onApply={show} /> : null}
      </details>
      <JobsActiveFilters view={view} onChange={show} />
      {page.state === 'error' ? <ErrorMessage error={page.error} /> : null}
      {rows && rows.rows.length > 0 ? (
        <>
          <JobsBulkBar
            selected={chosen}
            pageSize={rows.rows.length}
            onToggleAll={toggleAll}
            onDone={afterBulk}
          />
          <JobsTable rows={rows.rows} selected={selected} onToggle={toggle} />
          <JobsPager view={view} rows={rows} onPage={show} />
        </>
      ) : rows ? (
        <EmptyState view={view} />
      ) : page.state === 'loading' ? (
        <p aria-live="polite">Loading jobs…</p>
      ) : null}
    </section>
  );
}

function countText(total: number, filtered: boolean): string {
  const jobs = `${total.toLocaleString()} ${total === 1 ? 'job' : 'jobs'}`;
  return filtered ? `${jobs} ${total === 1 ? 'matches' : 'match'}` : jobs;
}

function EmptyState({ view }: { view: JobsView }) {
  if (isFiltered(view) || view.cursor) {
    return (
      <div className="jobs-empty">
        <p>No job matches these filters.</p>
        <Link href="/jobs">Show all jobs</Link>
      </div>
    );
  }
  return (
    <div className="jobs-empty">
      <p>No jobs yet. Submit a document and it appears here, with its status as it runs.</p>
      <Link href="/upload" className="button">
        Upload documents
      </Link>
    </div>
  );
}

/** Whether rows follow the server: text first, the dot only repeats it. */
function LiveIndicator({ live }: { live: LiveState }) {
  if (live.state === 'stopped')
    return (
      <p className="jobs-live jobs-live-stopped" title={live.error.message}>
        Live updates stopped — reload to resume
      </p>
    );
  return <p className="jobs-live">{live.state === 'live' ? 'Live' : 'Connecting…'}</p>;
}
