/**
 * The step after reading: fill a schema, pick a category, or run a workflow's steps, with the
 * built-in engine or an OpenAI-compatible LLM. Returns the job's result and what its trace shows.
 */

import type { JobTask } from '../../core/task.ts';
import { runSplit } from '../split/run-split.ts';
import type { ParsedDocument } from '../types.ts';
import { runChunking } from './run-chunking.ts';
import { runWorkflow } from './run-workflow.ts';
import { lowestConfidence, type TaskCall, type TaskOutcome, type TaskProgress } from './task-outcome.ts';
import { type TaskSettings, taskRunner } from './task-runner.ts';

export { llmTokensUsed, type TaskCall, type TaskOutcome, type TaskStage } from './task-outcome.ts';
export type { TaskSettings } from './task-runner.ts';

export async function runTask(
  settings: TaskSettings,
  task: JobTask,
  document: ParsedDocument,
  progress: TaskProgress,
): Promise<TaskOutcome> {
  const calls: TaskCall[] = [];
  const runner = taskRunner(settings, progress.signal, calls);
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
    case 'chunk':
      return runChunking(task, document, progress);
    case 'edit':
      // It needs the PDFs, not only the parsed pages: the worker runs it (engine/edit-job.ts).
      throw new Error('an edit task runs through editDocument, not runTask');
    case 'generate':
      // It reads no pages: it makes a PDF (engine/generate-job.ts).
      throw new Error('a generate task runs through generateDocument, not runTask');
    case 'split':
      return runSplit(task, document, runner, progress, calls);
    case 'fill':
      // Like edit: it reads and writes the PDF (engine/fill-job.ts).
      throw new Error('a fill task runs through fillDocument, not runTask');
    case 'schema':
      // It reads the PDF's AcroForm as well as the pages: the worker runs it (engine/schema-job.ts).
      throw new Error('a schema task runs through runSchemaJob, not runTask');
  }
}
