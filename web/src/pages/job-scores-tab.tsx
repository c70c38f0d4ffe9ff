import type { PageInfo } from '@docjobs/client';
import { formatScore } from '../format.ts';
import { ScoreBar } from './job-fields-tab.tsx';

interface Classification {
  label?: string | null;
  confidence?: number | Record<string, number | undefined>;
  scores?: Record<string, number | undefined>;
  from?: number;
  to?: number;
}

/** A classify result, or the classify step of a workflow (one classification per part). */
export function classificationsOf(result: unknown): (Classification & { part: string | null })[] {
  if (!result || typeof result !== 'object') return [];
  const typed = result as Classification & {
    type?: string;
    steps?: { type: string; outputs?: Classification[] }[];
  };
  if (typed.type === 'classify') return [{ ...typed, part: null }];
  if (typed.type !== 'workflow') return [];
  return (typed.steps ?? [])
    .filter((step) => step.type === 'classify')
    .flatMap((step) => step.outputs ?? [])
    .map((output) => ({ ...output, part: `pages ${output.from}-${output.to}` }));
}

/** Every category's score as a bar, the best first; the chosen label said in words. */
export function JobScoresTab({ result }: { result: unknown }) {
  const classifications = classificationsOf(result);
  if (classifications.length === 0) return <p className="hint">This result has no classification.</p>;
  return (
    <div>
      {classifications.map((item) => {
        const scores = Object.entries(item.scores ?? {}).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
        const confidence = typeof item.confidence === 'number' ? item.confidence : null;
        return (
          <section key={item.part ?? 'all'} className="job-classification">
            <h3>
              {item.part ? `${item.part}: ` : ''}
              {item.label ?? 'no category'}
              {confidence !== null ? (
                <span className="hint"> (confidence {formatScore(confidence)})</span>
              ) : null}
            </h3>
            <ul className="job-bars">
              {scores.map(([name, score]) => (
                <li key={name}>
                  <span className="job-bar-name">
                    {name}
                    {name === item.label ? ' ✓' : ''}
                  </span>
                  <ScoreBar score={score ?? 0} label={`Score of ${name}`} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** Quality per page as the job read it (GET /v1/jobs/{id}/pages): score, and how it was read. */
export function JobQualityTab({ pages, onPage }: { pages: PageInfo[]; onPage: (page: number) => void }) {
  if (pages.length === 0) return <p className="hint">The job read no pages.</p>;
  const how = (page: PageInfo) =>
    page.source === 'ocr'
      ? `OCR${page.ocrMode ? ` (${page.ocrMode})` : ''}`
      : page.source === 'textLayer'
        ? 'text layer'
        : 'no text';
  return (
    <table className="responsive job-quality">
      <caption className="visually-hidden">Quality per page</caption>
      <thead>
        <tr>
          <th scope="col">Page</th>
          <th scope="col">Quality</th>
          <th scope="col">Read from</th>
        </tr>
      </thead>
      <tbody>
        {pages.map((page) => (
          <tr key={page.page}>
            <th scope="row" data-label="Page">
              <button type="button" className="link-button" onClick={() => onPage(page.page)}>
                Page {page.page}
              </button>
            </th>
            <td data-label="Quality">
              {page.qualityScore === null ? (
                <span className="hint">no text</span>
              ) : (
                <ScoreBar score={page.qualityScore} label={`Quality of page ${page.page}`} />
              )}
            </td>
            <td data-label="Read from">{how(page)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
