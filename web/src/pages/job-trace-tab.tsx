import type { JobTrace } from '@docjobs/client';
import { formatDuration, formatScore } from '../format.ts';

type Stage = JobTrace['stages'][number];

function details(stage: Stage): string[] {
  const lines: string[] = [];
  if (stage.engine) lines.push(`engine ${stage.engine}`);
  if (stage.pages) lines.push(`pages ${stage.pages.from}-${stage.pages.to}`);
  if (stage.reusedFrom?.length) lines.push(`pages reused from ${stage.reusedFrom.join(', ')}`);
  for (const pass of stage.passes ?? []) {
    lines.push(
      `${pass.mode} OCR pass: ${pass.pages} page(s), score ${formatScore(pass.score)}, ${formatDuration(pass.ms)}` +
        (pass.failedPages ? `, ${pass.failedPages} failed` : ''),
    );
  }
  if (stage.llm)
    lines.push(
      `${stage.llm.model}: ${stage.llm.usage.totalTokens} tokens in ${stage.llm.usage.calls} call(s)`,
    );
  if (stage.chunks !== undefined)
    lines.push(`${stage.chunks} chunks${stage.tokenizer ? ` (${stage.tokenizer})` : ''}`);
  if (stage.embeddings) lines.push(`${stage.embeddings.model}: ${stage.embeddings.texts} texts embedded`);
  return lines;
}

/**
 * The run as a timeline: the stages one after another, each a bar placed where it started and as
 * long as it took (the trace gives durations in order; a stage starts when the one before ends).
 * Durations are written beside each bar, so the chart reads without seeing it.
 */
export function JobTraceTab({ trace }: { trace: JobTrace }) {
  const total = trace.stages.reduce((sum, stage) => sum + stage.ms, 0);
  let start = 0;
  const rows = trace.stages.map((stage, k) => {
    const row = { stage, k, start };
    start += stage.ms;
    return row;
  });
  const percent = (ms: number) => (total > 0 ? (ms / total) * 100 : 0);
  return (
    <div className="job-trace">
      <p>
        Run {trace.attempt + 1}: {trace.stages.length} stage(s) in {formatDuration(total)}
        {trace.qualityScore !== null ? `, quality ${formatScore(trace.qualityScore)}` : ''}
        {trace.llmTokens ? `, ${trace.llmTokens} LLM tokens` : ''}.
      </p>
      <ol className="job-timeline" aria-label="Stages">
        {rows.map(({ stage, k, start: at }) => (
          <li key={`${stage.stage}-${k}`}>
            <span className="job-timeline-name">{stage.stage}</span>
            <span className="job-timeline-track" aria-hidden="true">
              <span
                className="job-timeline-bar"
                style={{ left: `${percent(at)}%`, width: `max(2px, ${percent(stage.ms)}%)` }}
              />
            </span>
            <span className="job-timeline-ms">{formatDuration(stage.ms)}</span>
            {details(stage).length > 0 ? (
              <ul className="job-timeline-details hint">
                {details(stage).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {Object.keys(trace.engines).length > 0 ? (
        <>
          <h3>Engines</h3>
          <dl className="facts">
            {Object.entries(trace.engines).map(([name, version]) => (
              <div key={name} className="job-engine">
                <dt>{name}</dt>
                <dd>{version}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </div>
  );
}
