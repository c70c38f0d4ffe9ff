import { defaultPageSize, type JobsView, pageSizes } from './jobs-filters.ts';
import type { JobRows } from './jobs-rows.ts';

/**
 * Paging by the API's cursor. A cursor only points forwards, so the page before is remembered
 * here as the cursor that led to this one; an address opened cold (a shared link to page 3)
 * offers the first page instead.
 */
const cameFrom = new Map<string, string | null>();

export function JobsPager({
  view,
  rows,
  onPage,
}: {
  view: JobsView;
  rows: JobRows;
  onPage: (view: JobsView) => void;
}) {
  const previous = view.cursor ? cameFrom.get(view.cursor) : undefined;
  function next() {
    if (!rows.nextCursor) return;
    cameFrom.set(rows.nextCursor, view.cursor);
    onPage({ ...view, cursor: rows.nextCursor });
  }
  return (
    <nav className="jobs-pager" aria-label="Pages of jobs">
      {view.cursor ? (
        previous !== undefined ? (
          <button type="button" className="secondary" onClick={() => onPage({ ...view, cursor: previous })}>
            ← Previous page
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => onPage({ ...view, cursor: null })}>
            ← First page
          </button>
        )
      ) : null}
      <button type="button" className="secondary" disabled={!rows.hasMore || !rows.nextCursor} onClick={next}>
        Next page →
      </button>
      <label htmlFor="jobs-page-size" className="inline">
        Rows per page
      </label>
      <select
        id="jobs-page-size"
        value={view.limit}
        onChange={(event) =>
          onPage({ ...view, limit: Number(event.target.value) || defaultPageSize, cursor: null })
        }
      >
        {pageSizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </nav>
  );
}
