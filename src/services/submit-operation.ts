/**
 * POST /v1/jobs/{id}/operations: another extraction, classification or free question over a job's
 * content. It is a new job with `dependsOn` the first: it reuses the pages that job read (no second
 * parse, no second OCR) and starts as soon as that job has ended, at once when it already has.
 */
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { Metadata } from '../core/job.ts';
import type { ExtractTask } from '../core/task.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { resolveExtractTask } from './resolve-step-task.ts';
import { type Submitted, submitJob } from './submit-job.ts';
import type { TaskFields } from './task-fields.ts';

export const operationTypes = ['extract', 'classify', 'prompt'] as const;
export type OperationType = (typeof operationTypes)[number];

export interface OperationRequest extends TaskFields {
  type: OperationType;
  metadata?: Metadata;
  webhookUrl?: string;
  priority?: number;
  timeoutSeconds?: number;
}

/** What a free question fills: its answer, from the LLM engine only. */
const answerSchema = { type: 'object', properties: { answer: { type: 'string' } } };

export async function runOperation(
  ctx: Context,
  orgId: OrgId,
  id: string,
  operation: OperationRequest,
  idempotencyKey: string | null,
): Promise<Submitted> {
  const parent = await findJob(ctx, orgId, id);
  const { type, metadata, webhookUrl, priority, timeoutSeconds, ...fields } = operation;
  const task =
    type === 'prompt'
      ? { resolved: { task: await questionTask(ctx, orgId, fields), extractor: null } }
      : { fields };
  return submitJob(ctx, {
    orgId,
    type: type === 'prompt' ? 'extract' : type,
    task,
    dependsOn: [parent.id],
    document: { kind: 'none', field: 'document' },
    options: {},
    metadata: metadata ?? {},
    priority: priority ?? 0,
    timeoutSeconds: timeoutSeconds ?? null,
    webhookUrl: webhookUrl ?? null,
    fileName: parent.fileName,
    mimeType: parent.mimeType,
    idempotencyKey,
  });
}

async function questionTask(ctx: Context, orgId: OrgId, fields: TaskFields): Promise<ExtractTask> {
  if (typeof fields.prompt !== 'string' || fields.prompt.trim() === '') {
    throw new DocjobsError('VALIDATION_ERROR', 'a prompt operation needs its prompt', {
      details: { field: 'prompt' },
    });
  }
  const task = await resolveExtractTask(
    ctx,
    orgId,
    { prompt: fields.prompt, schema: answerSchema, engine: 'llm' },
    '',
  );
  return { ...task, answer: true };
}
