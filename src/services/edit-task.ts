/**
 * The operations of a submitted `edit` job (issue 19): taken out of its options before those are
 * checked as reading options, checked against its dependsOn, and made its task. Other types refuse
 * them and say which type takes them.
 */
import { checkEditOperations } from '../core/edit-operations.ts';
import type { JobId } from '../core/ids.ts';
import type { JobType } from '../core/job.ts';
import type { EditTask } from '../core/task.ts';
import { invalid } from './task-fields.ts';

export interface EditRequest {
  /** The options left to check as reading options. */
  readingOptions: Record<string, unknown>;
  task: EditTask | null;
}

export function takeEditOperations(
  type: JobType,
  options: Record<string, unknown>,
  dependsOn: readonly JobId[],
): EditRequest {
  const { operations, ...readingOptions } = options;
  if (type !== 'edit') {
    if (operations !== undefined)
      throw invalid('options.operations', `options.operations applies to edit jobs, not ${type} jobs`);
    return { readingOptions: options, task: null };
  }
  if (operations === undefined)
    throw invalid(
      'options.operations',
      'an edit job needs options.operations, like [{"type":"rotate","pages":"1","degrees":90}]',
    );
  const checked = checkEditOperations(operations, dependsOn);
  if (!checked.ok) throw invalid(checked.field, checked.message);
  return { readingOptions, task: { kind: 'edit', operations: checked.value } };
}
