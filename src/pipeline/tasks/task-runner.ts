/**
 * The engines a task's steps call: the built-in extractor and classifier, or the LLM when the task
 * asks for it (or `auto` and an endpoint is configured). Each call is timed into `calls` for the trace.
 */
import type { LlmSettings } from '../../core/config.ts';
import { permanent } from '../../core/errors.ts';
import type { EngineChoice } from '../../core/task.ts';
import { classifyBuiltIn } from '../classify/built-in-classifier.ts';
import { extractBuiltIn } from '../extract/built-in-engine.ts';
import type { ExtractionOutput } from '../extract/types.ts';
import { answerWithLlm } from '../llm/answer-with-llm.ts';
import { classifyWithLlm } from '../llm/classify-with-llm.ts';
import { extractWithLlm } from '../llm/extract-with-llm.ts';
import type { LlmExchange, LlmRun } from '../llm/types.ts';
import type { ParsedDocument } from '../types.ts';
import { pageRange, type TaskCall, type TaskRunner } from './task-outcome.ts';

/** What a task needs of the process's settings: the LLM endpoint, if any. */
export interface TaskSettings {
  llm: LlmSettings | null;
}

export function taskRunner(settings: TaskSettings, signal: AbortSignal, calls: TaskCall[]): TaskRunner {
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
      if (!usesLlm(settings, task.engine))
        return timed('extracting', 'builtin', document, async () => ({
          output: extractBuiltIn(document, request),
        }));
      const llm = llmSettings(settings);
      return timed('extracting', 'llm', document, async () => {
        if (task.answer) {
          const run = await answerWithLlm(llm, document, task.prompt ?? '', signal);
          return { output: answerExtraction(run.output.answer), llm: llmTrace(run) };
        }
        const run = await extractWithLlm(llm, document, request, signal);
        return { output: run.output, llm: llmTrace(run) };
      });
    },
    classify(task, document) {
      if (!usesLlm(settings, task.engine))
        return timed('classifying', 'builtin', document, async () => ({
          output: classifyBuiltIn(document, task.categories),
        }));
      const llm = llmSettings(settings);
      return timed('classifying', 'llm', document, async () => {
        const run = await classifyWithLlm(llm, document, task.categories, task.prompt, signal);
        return { output: run.output, llm: llmTrace(run) };
      });
    },
  };
}

const usesLlm = (settings: TaskSettings, engine: EngineChoice) =>
  engine === 'llm' || (engine === 'auto' && settings.llm !== null);

function llmSettings(settings: TaskSettings) {
  // Checked at submit; a worker started without LLM_BASE_URL can still be handed such a job.
  if (!settings.llm)
    throw permanent(
      'LLM_ERROR',
      'this worker has no LLM endpoint: set LLM_BASE_URL (and LLM_MODEL, LLM_API_KEY)',
    );
  return settings.llm;
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
