/**
 * A `split` job's step: the parts of the document, from the request's page ranges or found at the
 * document boundaries (boundaries.ts), each labelled by classifying its pages together. A part
 * says how sure the cut is (`confidence`: its weakest decision, the cut before it or a page break
 * inside it left uncut) and which cues decided the cut before it.
 */
import type { SplitTask } from '../../core/task.ts';
import { documentPages } from '../document-pages.ts';
import { partsOfRanges } from '../tasks/run-workflow.ts';
import type { TaskCall, TaskOutcome, TaskProgress, TaskRunner } from '../tasks/task-outcome.ts';
import type { ParsedDocument } from '../types.ts';
import { type PageBreak, type PageLabel, pageBreaks, probability } from './boundaries.ts';
import { pageSignals } from './page-signals.ts';

export interface SplitPart {
  /** 1-based, as in GET /v1/jobs/{id}/parts/{n}/document. */
  part: number;
  pages: { from: number; to: number };
  label: string | null;
  confidence: number;
  cues: string[];
}

export async function runSplit(
  task: SplitTask,
  document: ParsedDocument,
  runner: TaskRunner,
  progress: TaskProgress,
  calls: TaskCall[],
): Promise<TaskOutcome> {
  progress.onStep('splitting', 0, 1);
  const parts = task.ranges
    ? await explicitParts(task, document, runner)
    : await foundParts(task, document, runner, progress);
  progress.onStep('splitting', 1, 1);
  return { result: { mode: task.ranges ? 'ranges' : 'auto', parts }, minConfidence: null, calls };
}

async function explicitParts(task: SplitTask, document: ParsedDocument, runner: TaskRunner) {
  const parts: SplitPart[] = [];
  for (const [index, range] of partsOfRanges(document, task.ranges!).entries()) {
    const label = range.label ?? (await runner.classify(task.classify, range.document)).label;
    parts.push({
      part: index + 1,
      pages: { from: range.from, to: range.to },
      label,
      confidence: 1,
      cues: ['ranges'],
    });
  }
  return parts;
}

async function foundParts(
  task: SplitTask,
  document: ParsedDocument,
  runner: TaskRunner,
  progress: TaskProgress,
): Promise<SplitPart[]> {
  const total = document.pages.length;
  const labels: PageLabel[] = [];
  for (let page = 1; page <= total; page++) {
    labels.push(await runner.classify(task.classify, documentPages(document, page, page)));
    progress.onStep('splitting', page, total + 1);
  }
  const breaks = pageBreaks(document.pages.map(pageSignals), labels);
  const starts = [1, ...breaks.filter((cut) => cut.score > 0).map((cut) => cut.before)];
  const parts: SplitPart[] = [];
  for (const [index, from] of starts.entries()) {
    const to = (starts[index + 1] ?? total + 1) - 1;
    const inside = breaks.filter((cut) => cut.before > from && cut.before <= to);
    const start = breaks.find((cut) => cut.before === from);
    const { label } = await runner.classify(task.classify, documentPages(document, from, to));
    parts.push({
      part: index + 1,
      pages: { from, to },
      label,
      confidence: round(Math.min(start ? probability(start.score) : 1, ...inside.map(keptTogether))),
      cues: start ? deciding(start) : ['firstPage'],
    });
  }
  return parts;
}

/** How sure it is that a page break it did not cut is no boundary; blank pages are sure. */
const keptTogether = (cut: PageBreak) => (cut.score === -Infinity ? 1 : 1 - probability(cut.score));

/** The cues that spoke for the cut, strongest first. */
const deciding = (cut: PageBreak) =>
  cut.cues
    .filter((cue) => cue.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((cue) => cue.cue);

const round = (x: number) => Math.round(x * 1000) / 1000;
