/**
 * A workflow job's steps in order over one parsed document: split it into parts (explicit page
 * ranges, or where a page-by-page classification changes label), classify each part, extract from
 * each part with the extraction chosen for its label. Every step's output is in the result.
 */
import { permanent } from '../../core/errors.ts';
import type { ClassifyTask, SplitStep, WorkflowStep, WorkflowTask } from '../../core/task.ts';
import { documentPages } from '../document-pages.ts';
import type { ParsedDocument } from '../types.ts';
import {
  lowestConfidence,
  type TaskCall,
  type TaskOutcome,
  type TaskProgress,
  type TaskRunner,
} from './task-outcome.ts';

export interface Part {
  from: number;
  to: number;
  label: string | null;
  document: ParsedDocument;
}

export async function runWorkflow(
  task: WorkflowTask,
  document: ParsedDocument,
  runner: TaskRunner,
  progress: TaskProgress,
  calls: TaskCall[],
): Promise<TaskOutcome> {
  let parts: Part[] = [{ from: 1, to: document.pages.length, label: null, document }];
  const steps: Record<string, unknown>[] = [];
  const confidences: number[] = [];
  for (const [index, step] of task.steps.entries()) {
    progress.onStep(stageOf(step), index, task.steps.length);
    const started = performance.now();
    if (step.type === 'split') {
      parts = step.ranges
        ? partsOfRanges(document, step.ranges)
        : await partsByLabel(document, step.classify!, runner);
      steps.push({
        type: 'split',
        ms: elapsed(started),
        parts: parts.map(({ from, to, label }) => ({ from, to, label })),
      });
      continue;
    }
    const outputs: Record<string, unknown>[] = [];
    for (const part of parts) {
      const range = { from: part.from, to: part.to };
      if (step.type === 'classify') {
        const classification = await runner.classify(step.task, part.document);
        part.label = classification.label;
        outputs.push({ ...range, ...classification });
        continue;
      }
      const extraction = step.task ?? (part.label === null ? undefined : step.byLabel?.[part.label]);
      if (!extraction) {
        outputs.push({
          ...range,
          label: part.label,
          skipped: `no extraction for the label ${JSON.stringify(part.label)}`,
        });
        continue;
      }
      const output = await runner.extract(extraction, part.document);
      const lowest = lowestConfidence(output);
      if (lowest !== null) confidences.push(lowest);
      outputs.push({
        ...range,
        label: part.label,
        extractor: extraction.extractor,
        schema: extraction.schema,
        ...output,
      });
    }
    steps.push({ type: step.type, ms: elapsed(started), outputs });
  }
  progress.onStep(stageOf(task.steps.at(-1)!), task.steps.length, task.steps.length);
  return {
    result: { steps, parts: parts.map(({ from, to, label }) => ({ from, to, label })) },
    minConfidence: confidences.length > 0 ? Math.min(...confidences) : null,
    calls,
  };
}

const stageOf = (step: WorkflowStep) =>
  step.type === 'split' ? 'splitting' : step.type === 'classify' ? 'classifying' : 'extracting';

const elapsed = (started: number) => Math.round(performance.now() - started);

export function partsOfRanges(document: ParsedDocument, ranges: NonNullable<SplitStep['ranges']>): Part[] {
  const pages = document.pages.length;
  return ranges.map(({ from, to, label }) => {
    if (to > pages) {
      throw permanent(
        'EXTRACTION_ERROR',
        `split range ${from}-${to} goes past the document's ${pages} pages`,
      );
    }
    return { from, to, label, document: documentPages(document, from, to) };
  });
}

/** Each page classified on its own; consecutive pages with one label make a part. */
export async function partsByLabel(
  document: ParsedDocument,
  task: ClassifyTask,
  runner: TaskRunner,
): Promise<Part[]> {
  const parts: Part[] = [];
  for (let page = 1; page <= document.pages.length; page++) {
    const { label } = await runner.classify(task, documentPages(document, page, page));
    const last = parts.at(-1);
    if (last && last.label === label) last.to = page;
    else parts.push({ from: page, to: page, label, document });
  }
  return parts.map((part) => ({ ...part, document: documentPages(document, part.from, part.to) }));
}
