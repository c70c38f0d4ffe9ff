import type { JobsView } from './jobs-filters.ts';

interface Chip {
  label: string;
  without: JobsView;
}

/** The filters in force, each with a button that removes it (and goes back to the first page). */
export function JobsActiveFilters({
  view,
  onChange,
}: {
  view: JobsView;
  onChange: (view: JobsView) => void;
}) {
  const chips = chipsOf({ ...view, cursor: null });
  if (chips.length === 0) return null;
  return (
    <ul className="jobs-chips" aria-label="Filters in force">
      {chips.map((chip) => (
        <li key={chip.label}>
          <span>{chip.label}</span>
          <button
            type="button"
            className="link-button"
            aria-label={`Remove filter ${chip.label}`}
            onClick={() => onChange(chip.without)}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}

function chipsOf(view: JobsView): Chip[] {
  const chips: Chip[] = [];
  for (const status of view.statuses)
    chips.push({
      label: `status: ${status}`,
      without: { ...view, statuses: view.statuses.filter((s) => s !== status) },
    });
  if (view.type) chips.push({ label: `type: ${view.type}`, without: { ...view, type: null } });
  if (view.createdFrom)
    chips.push({ label: `from ${view.createdFrom}`, without: { ...view, createdFrom: null } });
  if (view.createdTo) chips.push({ label: `until ${view.createdTo}`, without: { ...view, createdTo: null } });
  if (view.caseId) chips.push({ label: `case: ${view.caseId}`, without: { ...view, caseId: null } });
  if (view.extractorId)
    chips.push({ label: `extractor: ${view.extractorId}`, without: { ...view, extractorId: null } });
  if (view.minQuality !== null)
    chips.push({ label: `quality ≥ ${view.minQuality}`, without: { ...view, minQuality: null } });
  if (view.minConfidence !== null)
    chips.push({ label: `confidence ≥ ${view.minConfidence}`, without: { ...view, minConfidence: null } });
  for (const [key, value] of view.metadata)
    chips.push({
      label: `${key}=${value}`,
      without: { ...view, metadata: view.metadata.filter(([k]) => k !== key) },
    });
  return chips;
}
