/**
 * The task of a submitted job (src/core/task.ts) from its request fields, checked so that a bad
 * schema, an unknown extractor or an impossible engine is a 400 naming the field, not a job that
 * fails later. Saved extractors and classifiers are copied in at their current version.
 */

import type { OrgId } from '../core/ids.ts';
import type { JobType } from '../core/job.ts';
import type { Context } from './context.ts';
import { resolveFillTask } from './fill-task.ts';
import { resolveClassifyTask, resolveExtractTask } from './resolve-step-task.ts';
import { resolveSplitTask } from './split-task.ts';
import { invalid, type ResolvedTask, type TaskFields, taskFieldNames } from './task-fields.ts';
import { resolveWorkflowSteps } from './workflow-steps.ts';

export async function resolveTask(
  ctx: Context,
  orgId: OrgId,
  type: JobType,
  fields: TaskFields,
  options: Record<string, unknown> = {},
): Promise<ResolvedTask> {
  switch (type) {
    case 'parse':
    case 'chunk':
    case 'edit':
    case 'schema':
    case 'generate': {
      const stray = taskFieldNames.find((name) => fields[name] !== undefined);
      if (stray)
        throw invalid(
          stray,
          `${stray} does not apply to ${type} jobs; use type extract, classify or workflow`,
        );
      // A chunk job's task comes from options.chunking (services/chunk-task.ts), an edit job's from
      // options.operations (services/edit-task.ts), a generate job's from its template and data
      // options (services/generate-task.ts); a schema job's document decides its schema.
      return { task: type === 'schema' ? { kind: 'schema' } : null, extractor: null };
    }
    case 'extract': {
      const task = await resolveExtractTask(ctx, orgId, fields, '');
      return { task, extractor: task.extractor };
    }
    case 'classify':
      return { task: await resolveClassifyTask(ctx, orgId, fields, ''), extractor: null };
    case 'split':
      return { task: await resolveSplitTask(ctx, orgId, fields, options), extractor: null };
    case 'fill':
      return { task: resolveFillTask(ctx, fields, options), extractor: null };
    case 'workflow':
      return {
        task: { kind: 'workflow', steps: await resolveWorkflowSteps(ctx, orgId, fields.steps) },
        extractor: null,
      };
  }
}
