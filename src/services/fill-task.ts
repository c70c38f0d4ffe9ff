/**
 * The task of a `fill` job from its request (issue 19): `options.data` (what to write),
 * `options.schema` (a `schema` job's schema, whose properties name their form field in
 * `x-field-name`; the top-level `schema` field is taken too), `options.flatten` and `options.mode`
 * come out of the options, which keep only how the document is read; `engine` chooses who maps keys
 * to printed labels in agent fill. Every fault is a 400 naming the field.
 */
import type { JobType } from '../core/job.ts';
import { type FillTask, fillModes, type JsonSchema } from '../core/task.ts';
import type { Context } from './context.ts';
import { engineOf } from './resolve-step-task.ts';
import { invalid, type TaskFields, taskFieldNames } from './task-fields.ts';

const fillOptionNames = ['data', 'schema', 'flatten', 'mode'] as const;
export const fillLimits = { keys: 500, valueLength: 10_000 } as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A fill job's options without its own: what the parse options check sees. */
export function withoutFillOptions(type: JobType, options: Record<string, unknown>): Record<string, unknown> {
  if (type !== 'fill') return options;
  const reading = { ...options };
  for (const name of fillOptionNames) delete reading[name];
  return reading;
}

export function resolveFillTask(
  ctx: Context,
  fields: TaskFields,
  options: Record<string, unknown>,
): FillTask {
  const stray = taskFieldNames.find(
    (name) => fields[name] !== undefined && name !== 'engine' && name !== 'schema',
  );
  if (stray) throw invalid(stray, `${stray} does not apply to fill jobs; they take options.data, and engine`);
  if (options.data === undefined)
    throw invalid('options.data', 'a fill job needs options.data: {"fieldName": "value", …}');
  const data = options.data;
  if (!isObject(data) || Object.keys(data).length === 0)
    throw invalid(
      'options.data',
      'options.data is an object of field names (or schema property names) and values, not empty',
    );
  checkValues(data, 'options.data', { count: 0 });
  const schema = options.schema ?? fields.schema ?? null;
  if (schema !== null && !isObject(schema))
    throw invalid('options.schema', 'options.schema is a JSON Schema object, as a schema job makes it');
  const flatten = options.flatten ?? false;
  if (typeof flatten !== 'boolean') throw invalid('options.flatten', 'options.flatten is true or false');
  const mode = options.mode ?? 'auto';
  if (typeof mode !== 'string' || !(fillModes as readonly string[]).includes(mode))
    throw invalid('options.mode', `options.mode is one of: ${fillModes.join(', ')}`);
  return {
    kind: 'fill',
    data,
    schema: schema as JsonSchema | null,
    flatten,
    mode: mode as FillTask['mode'],
    engine: engineOf(ctx, fields.engine, 'engine'),
  };
}

/** Strings, numbers, booleans, null, lists of them, and objects of them (nested field names). */
function checkValues(object: Record<string, unknown>, at: string, seen: { count: number }) {
  for (const [key, value] of Object.entries(object)) {
    const field = `${at}.${key}`;
    if (++seen.count > fillLimits.keys)
      throw invalid(at, `options.data has more than ${fillLimits.keys} values`);
    if (isObject(value)) {
      checkValues(value, field, seen);
      continue;
    }
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item !== null && !['string', 'number', 'boolean'].includes(typeof item))
        throw invalid(field, `${field} is a string, a number, a boolean or a list of them`);
      if (typeof item === 'string' && item.length > fillLimits.valueLength)
        throw invalid(field, `${field} is longer than ${fillLimits.valueLength} characters`);
    }
  }
}
