/**
 * The steps of a workflow job from its request, checked step by step so that a fault is a 400
 * naming it (`steps[2].byLabel.invoice.schema`): split first if at all, byLabel only after a
 * step that gives labels, saved extractors and classifiers resolved like a job's own.
 */
import type { OrgId } from '../core/ids.ts';
import { type ExtractTask, type WorkflowStep, workflowLimits } from '../core/task.ts';
import type { Context } from './context.ts';
import { resolveClassifyTask, resolveExtractTask } from './resolve-step-task.ts';
import { invalid, type TaskFields } from './task-fields.ts';

export async function resolveWorkflowSteps(
  ctx: Context,
  orgId: OrgId,
  value: unknown,
): Promise<WorkflowStep[]> {
  if (!Array.isArray(value) || value.length === 0 || value.length > workflowLimits.steps) {
    throw invalid('steps', `a workflow needs steps: a list of 1 to ${workflowLimits.steps} steps`);
  }
  const steps: WorkflowStep[] = [];
  for (const [index, raw] of value.entries()) {
    const at = `steps[${index}].`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw invalid(`steps[${index}]`, 'a step is an object');
    const step = raw as TaskFields & { type?: unknown; byLabel?: unknown; ranges?: unknown };
    switch (step.type) {
      case 'classify':
        steps.push({ type: 'classify', task: await resolveClassifyTask(ctx, orgId, step, at) });
        break;
      case 'extract':
        steps.push(await extractStepOf(ctx, orgId, step, at, steps));
        break;
      case 'split':
        steps.push(await splitStepOf(ctx, orgId, step, at, index));
        break;
      default:
        throw invalid(`${at}type`, 'a step type is one of: classify, extract, split');
    }
  }
  return steps;
}

async function extractStepOf(
  ctx: Context,
  orgId: OrgId,
  step: TaskFields & { byLabel?: unknown },
  at: string,
  before: WorkflowStep[],
): Promise<WorkflowStep> {
  if (step.byLabel === undefined) {
    return { type: 'extract', task: await resolveExtractTask(ctx, orgId, step, at), byLabel: null };
  }
  const labelled = before.some((earlier) => earlier.type === 'classify' || earlier.type === 'split');
  if (!labelled) throw invalid(`${at}byLabel`, 'byLabel needs a classify or split step before it');
  const entries = step.byLabel && typeof step.byLabel === 'object' ? Object.entries(step.byLabel) : [];
  if (Array.isArray(step.byLabel) || entries.length === 0 || entries.length > workflowLimits.labels) {
    throw invalid(
      `${at}byLabel`,
      `byLabel maps labels to {schema} or {extractorId}: 1 to ${workflowLimits.labels}`,
    );
  }
  const byLabel: Record<string, ExtractTask> = {};
  for (const [label, fields] of entries) {
    if (!fields || typeof fields !== 'object')
      throw invalid(`${at}byLabel.${label}`, 'give {schema} or {extractorId}');
    byLabel[label] = await resolveExtractTask(ctx, orgId, fields as TaskFields, `${at}byLabel.${label}.`);
  }
  return { type: 'extract', task: null, byLabel };
}

async function splitStepOf(
  ctx: Context,
  orgId: OrgId,
  step: TaskFields & { ranges?: unknown },
  at: string,
  index: number,
): Promise<WorkflowStep> {
  if (index !== 0) throw invalid(`${at}type`, 'split can only be the first step');
  if (step.ranges === undefined) {
    return { type: 'split', ranges: null, classify: await resolveClassifyTask(ctx, orgId, step, at) };
  }
  const ranges = step.ranges;
  if (!Array.isArray(ranges) || ranges.length === 0 || ranges.length > workflowLimits.ranges) {
    throw invalid(`${at}ranges`, `ranges is a list of 1 to ${workflowLimits.ranges} {from, to, label?}`);
  }
  return {
    type: 'split',
    classify: null,
    ranges: ranges.map((range: unknown, n) => checkedRange(range, `${at}ranges[${n}]`)),
  };
}

/** One {from, to, label?} page range (1-based, inclusive) of a split, checked; `field` names it in a 400. */
export function checkedRange(range: unknown, field: string, help = '') {
  const { from, to, label } = (range ?? {}) as { from?: unknown; to?: unknown; label?: unknown };
  const ok =
    Number.isInteger(from) &&
    Number.isInteger(to) &&
    (from as number) >= 1 &&
    (to as number) >= (from as number);
  if (!ok) throw invalid(field, `a range is {from, to} with 1 ≤ from ≤ to (pages, inclusive)${help}`);
  if (label !== undefined && (typeof label !== 'string' || label.length > 200))
    throw invalid(`${field}.label`, 'label is a string of at most 200 characters');
  return { from: from as number, to: to as number, label: (label as string | undefined) ?? null };
}
