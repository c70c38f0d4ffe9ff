/** What classification engines (built-in and LLM) take and give. */

export type { Category } from '../../core/task.ts';

export interface ClassificationOutput {
  /** The best category's name; null when no category scores above zero. */
  label: string | null;
  /** 0..1: how sure the engine is of `label`. */
  confidence: number;
  /** 0..1 per category name; every category appears. */
  scores: Record<string, number>;
}
