/**
 * The step after reading: fill a schema, pick a category, or run a workflow's steps, with the
 * built-in engine or an OpenAI-compatible LLM. Returns the job's result and what its trace shows.
 */

import { permanent } from '../../core/errors.ts';
import type { ClassifyTask, EngineChoice, ExtractTask, JobTask } from '../../core/task.ts';
import type { Context } from '../../services/context.ts';
import { classifyBuiltIn } from '../classify/built-in-classifier.ts';
import type { ClassificationOutput } from '../classify/types.ts';
import { extractBuiltIn } from '../extract/built-in-engine.ts';
import type { ExtractionOutput } from '../extract/types.ts';
import { answerWithLlm } from '../llm/answer-with-llm.ts';
import { classifyWithLlm } from '../llm/classify-with-llm.ts';
import { extractWithLlm } from '../llm/extract-with-llm.ts';
import type { LlmExchange, LlmRun } from '../llm/types.ts';
import type { ParsedDocument } from '../types.ts';
import { runWorkflow } from './run-workflow.ts';

/** One engine call, as the trace shows it. */
export interface TaskCall {
  stage: 'extracting' | 'classifying';
  engine: 'builtin' | 'llm';
  ms: number;
  /** Which part of a workflow's document it ran on (1-based page range). */
  pages?: { from: number; to: number };
  llm?: { model: string; usage: LlmRun<unknown>['usage']; exchanges: LlmRun<unknown>['exchanges'] };
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
  onStep: (stage: 'extracting' | 'classifying' | 'splitting', done: number, total: number) => void;
}

export async function runTask(
  ctx: Context,
  task: JobTask,
  document: ParsedDocument,
  progress: TaskProgress,
): Promise<TaskOutcome> {
  const calls: TaskCall[] = [];
  const runner = taskRunner(ctx, progress.signal, calls);
  switch (task.kind) {
    case 'extract': {
      progress.onStep('extracting', 0, 1);
      const extraction = await runner.extract(task, document);
      return {
        result: { engine: calls[0]?.engine, extractor: task.extractor, schema: task.schema, ...extraction },
        minConfidence: lowestConfidence(extraction),
        calls,
      };
    }
    case 'classify': {
      progress.onStep('classifying', 0, 1);
      const classification = await runner.classify(task, document);
      return {
        result: { engine: calls[0]?.engine, classifier: task.classifier, ...classification },
        minConfidence: null,
        calls,
      };
    }
    case 'workflow':
      return runWorkflow(task, document, runner, progress, calls);
  }
}

export interface TaskRunner {
  extract(task: ExtractTask, document: ParsedDocument): Promise<ExtractionOutput>;
  classify(task: ClassifyTask, document: ParsedDocument): Promise<ClassificationOutput>;
}

function taskRunner(ctx: Context, signal: AbortSignal, calls: TaskCall[]): TaskRunner {
  const timed = async <T>(
    stage: TaskCall['stage'],
    engine: TaskCall['engine'],
    document: ParsedDocument,
    work: () => Promise<{ output: T; llm?: TaskCall['llm'] }>,
  ): Promise<T> => {
    const started = performance.now();
    const { output, llm } = await work();
    const pages = document.pages.length > 0 ? pageRange(document) : undefined;
    calls.push({
      stage,
      engine,
      ms: Math.round(performance.now() - started),
      ...(pages ? { pages } : {}),
      ...(llm ? { llm } : {}),
    });
    signal.throwIfAborted();
    return output;
  };
  return {
    extract(task, document) {
      const request = { schema: task.schema, prompt: task.prompt };
      if (!usesLlm(ctx, task.engine))
        return timed('extracting', 'builtin', document, async () => ({
          output: extractBuiltIn(document, request),
        }));
      const settings = llmSettings(ctx);
      return timed('extracting', 'llm', document, async () => {
        if (task.answer) {
          const run = await answerWithLlm(settings, document, task.prompt ?? '', signal);
          return { output: answerExtraction(run.output.answer), llm: llmTrace(run) };
        }
        const run = await extractWithLlm(settings, document, request, signal);
        return { output: run.output, llm: llmTrace(run) };
      });
    },
    classify(task, document) {
      if (!usesLlm(ctx, task.engine))
        return timed('classifying', 'builtin', document, async () => ({
          output: classifyBuiltIn(document, task.categories),
        }));
      const settings = llmSettings(ctx);
      return timed('classifying', 'llm', document, async () => {
        const run = await classifyWithLlm(settings, document, task.categories, task.prompt, signal);
        return { output: run.output, llm: llmTrace(run) };
      });
    },
  };
}

const usesLlm = (ctx: Context, engine: EngineChoice) =>
  engine === 'llm' || (engine === 'auto' && ctx.config.llm !== null);

function llmSettings(ctx: Context) {
  // Checked at submit; a worker started without LLM_BASE_URL can still be handed such a job.
  if (!ctx.config.llm)
    throw permanent(
      'LLM_ERROR',
      'this worker has no LLM endpoint: set LLM_BASE_URL (and LLM_MODEL, LLM_API_KEY)',
    );
  return ctx.config.llm;
}

const llmTrace = (run: LlmRun<unknown>): TaskCall['llm'] => ({
  model: run.model,
  usage: run.usage,
  exchanges: run.exchanges.map((exchange) => clipStrings(exchange) as LlmExchange),
});

/** Characters of one text kept in the trace: a prompt carries a whole chunk of the document. */
const traceTextLimit = 4000;

/** The trace lives in the job row: long texts (the document in a prompt) are cut, saying how much. */
function clipStrings(value: unknown): unknown {
  if (typeof value === 'string' && value.length > traceTextLimit) {
    return `${value.slice(0, traceTextLimit)}… [${value.length - traceTextLimit} more characters]`;
  }
  if (Array.isArray(value)) return value.map(clipStrings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipStrings(item)]));
  }
  return value;
}

/** A free question's answer, in the shape of an extraction so that every extract result reads alike. */
function answerExtraction(answer: string): ExtractionOutput {
  return { data: { answer }, confidence: { answer: answer ? 0.6 : 0 }, evidence: {} };
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
