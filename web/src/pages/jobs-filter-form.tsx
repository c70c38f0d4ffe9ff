import type { JobStatus, JobType } from '@docjobs/client';
import { type FormEvent, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { useLoad } from '../use-load.ts';
import { emptyView, type JobsView, jobStatuses, jobTypes, parseMetadataSearch } from './jobs-filters.ts';

/**
 * The filters, applied together with one button (each change would otherwise be a request and a
 * history entry). Cases and extractors are offered by name; the lists load when the panel opens.
 */
export function JobsFilterForm({ view, onApply }: { view: JobsView; onApply: (view: JobsView) => void }) {
  const client = useClient();
  const [draft, setDraft] = useState(view);
  const [metadataText, setMetadataText] = useState(view.metadata.map(([k, v]) => `${k}=${v}`).join('\n'));
  const [metadataError, setMetadataError] = useState<string | null>(null);
  const cases = useLoad((signal) => client.cases.listPage({ limit: 100 }, { signal }), [client]);
  const extractors = useLoad((signal) => client.extractors.listPage({ limit: 100 }, { signal }), [client]);
  const set = (changes: Partial<JobsView>) => setDraft((current) => ({ ...current, ...changes }));

  function toggleStatus(status: JobStatus, on: boolean) {
    set({ statuses: on ? [...draft.statuses, status] : draft.statuses.filter((s) => s !== status) });
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const lines = metadataText.split('\n').filter((line) => line.trim() !== '');
    const pairs = lines.map(parseMetadataSearch);
    if (pairs.some((pair) => pair === null)) {
      setMetadataError('Write each metadata filter as key=value, one a line.');
      return;
    }
    setMetadataError(null);
    onApply({ ...draft, metadata: pairs as [string, string][], cursor: null });
  }

  const caseOptions = withCurrent(cases.data?.cases ?? [], draft.caseId);
  const extractorOptions = withCurrent(extractors.data?.extractors ?? [], draft.extractorId);
  return (
    <form className="jobs-filters" onSubmit={apply} aria-label="Job filters">
      <fieldset className="jobs-statuses">
        <legend>Status</legend>
        {jobStatuses.map((status) => (
          <label key={status} className="inline">
            <input
              type="checkbox"
              checked={draft.statuses.includes(status)}
              onChange={(event) => toggleStatus(status, event.target.checked)}
            />
            {status}
          </label>
        ))}
      </fieldset>
      <div className="jobs-filter-grid">
        <div>
          <label htmlFor="filter-type">Type</label>
          <select
            id="filter-type"
            value={draft.type ?? ''}
            onChange={(e) => set({ type: (e.target.value || null) as JobType | null })}
          >
            <option value="">Any type</option>
            {jobTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-from">Created from</label>
          <input
            id="filter-from"
            type="date"
            value={draft.createdFrom ?? ''}
            onChange={(e) => set({ createdFrom: e.target.value || null })}
          />
        </div>
        <div>
          <label htmlFor="filter-to">Created until</label>
          <input
            id="filter-to"
            type="date"
            value={draft.createdTo ?? ''}
            onChange={(e) => set({ createdTo: e.target.value || null })}
          />
        </div>
        <div>
          <label htmlFor="filter-case">Case</label>
          <select
            id="filter-case"
            value={draft.caseId ?? ''}
            onChange={(e) => set({ caseId: e.target.value || null })}
          >
            <option value="">Any case</option>
            {caseOptions.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-extractor">Extractor</label>
          <select
            id="filter-extractor"
            value={draft.extractorId ?? ''}
            onChange={(e) => set({ extractorId: e.target.value || null })}
          >
            <option value="">Any extractor</option>
            {extractorOptions.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <ScoreInput
          id="filter-quality"
          label="Min quality (0–1)"
          value={draft.minQuality}
          onChange={(minQuality) => set({ minQuality })}
        />
        <ScoreInput
          id="filter-confidence"
          label="Min confidence (0–1)"
          value={draft.minConfidence}
          onChange={(minConfidence) => set({ minConfidence })}
        />
        <div className="jobs-metadata-filter">
          <label htmlFor="filter-metadata">Metadata</label>
          <textarea
            id="filter-metadata"
            rows={2}
            value={metadataText}
            placeholder="customer=acme"
            aria-describedby="filter-metadata-hint"
            aria-invalid={metadataError ? true : undefined}
            onChange={(e) => setMetadataText(e.target.value)}
          />
          <p id="filter-metadata-hint" className="hint">
            key=value, one a line; all must match.
          </p>
          {metadataError ? (
            <p role="alert" className="error">
              {metadataError}
            </p>
          ) : null}
        </div>
      </div>
      <div className="jobs-filter-actions">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={() => onApply(emptyView(view.limit))}>
          Clear all
        </button>
      </div>
    </form>
  );
}

function ScoreInput({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={0}
        max={1}
        step={0.05}
        inputMode="decimal"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    </div>
  );
}

/** The listed items, plus the one the address names when it is not among them (an old link). */
function withCurrent(items: { id: string; name: string }[], current: string | null) {
  return current && !items.some((item) => item.id === current)
    ? [...items, { id: current, name: current }]
    : items;
}
