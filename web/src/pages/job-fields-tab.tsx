import { formatScore } from '../format.ts';
import { type ExtractedField, showValue } from './job-fields.ts';

/** A 0..1 score as a bar with its number beside it: the colour band is never the only signal. */
export function ScoreBar({ score, label }: { score: number; label: string }) {
  const band = score >= 0.8 ? 'high' : score >= 0.5 ? 'mid' : 'low';
  return (
    <span className="job-score">
      <span className="job-score-track" aria-hidden="true">
        <span className={`job-score-fill ${band}`} style={{ width: `${Math.round(score * 100)}%` }} />
      </span>
      <span>
        <span className="visually-hidden">{label}: </span>
        {formatScore(score)}
      </span>
    </span>
  );
}

/**
 * The extracted fields with confidence and evidence. Choosing a field shows its page in the viewer
 * with its box outlined; the boxes of the other fields of that page stay drawn, fainter.
 */
export function JobFieldsTab({
  fields,
  selected,
  onSelect,
}: {
  fields: ExtractedField[];
  selected: string | null;
  onSelect: (field: ExtractedField) => void;
}) {
  if (fields.length === 0) return <p className="hint">This result has no extracted fields.</p>;
  return (
    <table className="responsive job-fields">
      <caption className="visually-hidden">Extracted fields</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">Confidence</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.key} className={field.key === selected ? 'selected' : undefined}>
            <th scope="row" data-label="Field">
              {field.path}
              {field.part ? <span className="hint"> ({field.part})</span> : null}
            </th>
            <td data-label="Value" className="job-field-value">
              {showValue(field.value)}
            </td>
            <td data-label="Confidence">
              <ScoreBar score={field.confidence} label={`Confidence of ${field.path}`} />
            </td>
            <td data-label="Evidence">
              {field.evidence ? (
                <button
                  type="button"
                  className="link-button"
                  aria-pressed={field.key === selected}
                  onClick={() => onSelect(field)}
                  title={field.evidence.text}
                >
                  {field.evidence.bbox ? 'Show box' : 'Show page'} on page {field.evidence.page}
                </button>
              ) : (
                <span className="hint">not found</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
