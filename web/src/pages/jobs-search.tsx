import { type FormEvent, useState } from 'react';
import { type JobsView, parseMetadataSearch } from './jobs-filters.ts';

/**
 * Search by metadata: `key=value` finds the jobs submitted with that label (GET /v1/jobs
 * `metadata.KEY=VALUE`); a search adds to the filters already set, and shows as one more chip.
 */
export function JobsSearch({ view, onSearch }: { view: JobsView; onSearch: (view: JobsView) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const pair = parseMetadataSearch(text);
    if (!pair) {
      setError('Search as key=value, for example customer=acme.');
      return;
    }
    setError(null);
    setText('');
    const others = view.metadata.filter(([key]) => key !== pair[0]);
    onSearch({ ...view, metadata: [...others, pair], cursor: null });
  }

  return (
    <search>
      <form className="jobs-search" onSubmit={submit}>
        <label htmlFor="jobs-search" className="inline">
          Search by metadata
        </label>
        <input
          id="jobs-search"
          type="search"
          value={text}
          placeholder="customer=acme"
          aria-describedby={error ? 'jobs-search-error' : undefined}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit">Search</button>
        {error ? (
          <p id="jobs-search-error" role="alert" className="error">
            {error}
          </p>
        ) : null}
      </form>
    </search>
  );
}
