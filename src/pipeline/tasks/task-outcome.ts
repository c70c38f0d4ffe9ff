/** What running a task gives back, and the runner its steps call: shared by run-task and run-workflow. */
import type { ClassifyTask, ExtractTask } from '../../core/task.ts';
import type { ClassificationOutput } from '../classify/types.ts';
import type { ExtractionOutput } from '../extract/types.ts';
import type { LlmRun } from '../llm/types.ts';
import type { ParsedDocument } from '../types.ts';

/** The stages a task step reports (the job's `stage` while it runs). */
export type TaskStage = 'extracting' | 'classifying' | 'splitting' | 'chunking';

/** One engine call, as the trace shows it. */
export interface TaskCall {
  stage: 'extracting' | 'classifying' | 'chunking' | 'filling';
  engine: 'builtin' | 'llm';
  ms: number;
  /** Which part of a workflow's document it ran on (1-based page range). */
  pages?: { from: number; to: number };
  llm?: { model: string; usage: LlmRun<unknown>['usage']; exchanges: LlmRun<unknown>['exchanges'] };
  /** Chunking: how many chunks it made, and with which tokenizer. */
  chunks?: number;
  tokenizer?: string;
}

export interface TaskOutcome {
  result: Record<string, unknown>;
  /** The lowest field confidence of the extractions, for GET /v1/jobs?minConfidence=. */
  minConfidence: number | null;
  calls: TaskCall[];
}

/** What a task step may do while it runs: say which stage it is in, and how far along. */
export interface TaskProgress {
  signal: AbortSignal;
  onStep: (stage: TaskStage, done: number, total: number) => void;
  /** The job's id: chunk ids are `${jobId}:${index}`, unique across an organisation's jobs. */
  jobId?: string;
}

export interface TaskRunner {
  extract(task: ExtractTask, document: ParsedDocument): Promise<ExtractionOutput>;
  classify(task: ClassifyTask, document: ParsedDocument): Promise<ClassificationOutput>;
}

export function pageRange(document: ParsedDocument): { from: number; to: number } {
  const numbers = document.pages.map((page) => page.page);
  return { from: Math.min(...numbers), to: Math.max(...numbers) };
}

/** Fields not found count 0: a job with one missing field is not "all above 0.8". */
export function lowestConfidence(extraction: ExtractionOutput): number | null {
  const values = Object.values(extraction.confidence);
  return values.length === 0 ? null : Math.min(...values);
}

/** Tokens over every LLM call of the task: the job's usage record and trace carry them. */
export const llmTokensUsed = (calls: TaskCall[]) =>
  calls.reduce((sum, call) => sum + (call.llm?.usage.totalTokens ?? 0), 0);
