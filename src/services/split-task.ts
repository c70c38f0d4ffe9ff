/**
 * The task of a `split` job from its request: `options.ranges` (explicit parts) and `options.then`
 * (an extract job per part) come out of the options, which keep only how the document is read;
 * `categories` or `classifierId` name the labels, else a general default set does. Every fault is a
 * 400 naming the field and saying how to write it.
 */
import type { OrgId } from '../core/ids.ts';
import type { JobType } from '../core/job.ts';
import { parsePageSelection } from '../core/page-selection.ts';
import { type SplitTask, workflowLimits } from '../core/task.ts';
import { defaultSplitCategories } from '../pipeline/split/default-categories.ts';
import type { Context } from './context.ts';
import { resolveClassifyTask, resolveExtractTask } from './resolve-step-task.ts';
import { invalid, type TaskFields } from './task-fields.ts';
import { checkedRange } from './workflow-steps.ts';

const splitOptionNames = ['ranges', 'then'] as const;
const rangesHelp =
  'ranges is "1-3,4-6" or a list of {from, to, label?}: 1-based pages, ascending, not overlapping';

/** A split job's options without its own (ranges, then): what the parse options check sees. */
export function readingOptions(type: JobType, options: Record<string, unknown>): Record<string, unknown> {
  if (type !== 'split') return options;
  const reading = { ...options };
  for (const name of splitOptionNames) delete reading[name];
  return reading;
}

export async function resolveSplitTask(
  ctx: Context,
  orgId: OrgId,
  fields: TaskFields,
  options: Record<string, unknown>,
): Promise<SplitTask> {
  const labelled = fields.categories !== undefined || fields.classifierId !== undefined;
  const classify = labelled
    ? await resolveClassifyTask(ctx, orgId, fields, '')
    : await resolveClassifyTask(ctx, orgId, { ...fields, categories: defaultSplitCategories }, '');
  return {
    kind: 'split',
    ranges: options.ranges === undefined ? null : rangesOf(options.ranges),
    classify,
    eachPart: options.then === undefined ? null : await thenOf(ctx, orgId, options.then),
  };
}

function rangesOf(value: unknown): NonNullable<SplitTask['ranges']> {
  const ranges = typeof value === 'string' ? stringRanges(value) : listRanges(value);
  if (ranges.length === 0 || ranges.length > workflowLimits.ranges)
    throw invalid('options.ranges', `${rangesHelp}; 1 to ${workflowLimits.ranges} of them`);
  for (let n = 1; n < ranges.length; n++) {
    if (ranges[n]!.from <= ranges[n - 1]!.to) {
      throw invalid(
        `options.ranges[${n}]`,
        `pages ${ranges[n]!.from}-${ranges[n]!.to} start before the part before them ends (page ${ranges[n - 1]!.to}); ${rangesHelp}`,
      );
    }
  }
  return ranges;
}

function stringRanges(value: string): NonNullable<SplitTask['ranges']> {
  const parsed = parsePageSelection(value);
  if ('error' in parsed)
    throw invalid('options.ranges', `${parsed.error.replace(/^pages/, 'ranges')}; ${rangesHelp}`);
  return parsed.map(({ from, to }, n) => {
    if (to === null)
      throw invalid('options.ranges', `part ${n + 1} ("${from}-") needs its last page; ${rangesHelp}`);
    return { from, to, label: null };
  });
}

function listRanges(value: unknown): NonNullable<SplitTask['ranges']> {
  if (!Array.isArray(value)) throw invalid('options.ranges', rangesHelp);
  return value.map((range: unknown, n) => checkedRange(range, `options.ranges[${n}]`, `; ${rangesHelp}`));
}

async function thenOf(ctx: Context, orgId: OrgId, value: unknown) {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalid('options.then', 'then is {type: "extract", schema or extractorId, prompt?, engine?}');
  const { type, ...fields } = value as TaskFields & { type?: unknown };
  if (type !== 'extract')
    throw invalid('options.then.type', 'then.type is "extract": each part becomes an extract job');
  const known = new Set(['schema', 'extractorId', 'prompt', 'engine']);
  const stray = Object.keys(fields).find((name) => !known.has(name));
  if (stray)
    throw invalid(
      `options.then.${stray}`,
      `then takes schema or extractorId, prompt and engine, not ${stray}`,
    );
  return resolveExtractTask(ctx, orgId, fields, 'options.then.');
}
