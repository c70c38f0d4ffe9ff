/**
 * The fields of a multipart submit, which arrive as text: known names only, JSON where a field
 * holds an object (options, metadata, schema, categories, steps), numbers and dates checked, each
 * fault a 400 naming its field.
 */
import { DocjobsError } from '../core/errors.ts';
import { isJobType, jobTypes, type Metadata } from '../core/job.ts';
import { type TaskFields, taskFieldNames } from '../services/job-task.ts';
import { maxTimeoutSeconds } from '../services/limits.ts';

const known = new Set([
  'type',
  'options',
  'metadata',
  'priority',
  'timeoutSeconds',
  'minQuality',
  'webhookUrl',
  'caseId',
  'expiresAt',
  'fileName',
  'mimeType',
  'dependsOn',
  'url',
  ...taskFieldNames,
]);

const textFields: readonly string[] = ['prompt', 'extractorId', 'classifierId', 'engine'];

/** Task fields in a multipart form: ids, prompt and engine as text; schema, categories and steps as JSON. */
export function taskFieldsOf(fields: Map<string, string>): TaskFields {
  return Object.fromEntries(
    taskFieldNames
      .filter((name) => fields.has(name))
      .map((name) => [name, textFields.includes(name) ? fields.get(name) : jsonOrText(fields, name)]),
  );
}

export function jsonOrText(fields: Map<string, string>, name: string): unknown {
  const raw = fields.get(name);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `minQuality` is a request field (DESIGN.md) that the parse stage reads from the options. */
export function withMinQuality(options: Record<string, unknown>, minQuality: number | undefined) {
  return minQuality === undefined ? options : { ...options, minQuality };
}

export function multipartFields(fields: Map<string, string>, metadata: Metadata) {
  for (const name of fields.keys()) {
    if (!known.has(name)) {
      throw new DocjobsError('VALIDATION_ERROR', `unknown field "${name}"`, { details: { field: name } });
    }
  }
  const type = fields.get('type') ?? 'parse';
  if (!isJobType(type)) {
    throw new DocjobsError('VALIDATION_ERROR', `type must be one of: ${jobTypes.join(', ')}`, {
      details: { field: 'type' },
    });
  }
  return {
    type,
    options: withMinQuality(
      jsonObjectField(fields, 'options') ?? {},
      numberField(fields, 'minQuality', 0, 1),
    ),
    metadata: { ...(jsonObjectField(fields, 'metadata') as Metadata | undefined), ...metadata },
    priority: numberField(fields, 'priority', -100, 100, true) ?? 0,
    timeoutSeconds: numberField(fields, 'timeoutSeconds', 1, maxTimeoutSeconds, true) ?? null,
    webhookUrl: fields.get('webhookUrl') ?? null,
    caseId: fields.get('caseId') ?? null,
    expiresAt: dateField(fields, 'expiresAt'),
  };
}

function jsonObjectField(fields: Map<string, string>, name: string): Record<string, unknown> | undefined {
  const raw = fields.get(name);
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DocjobsError('VALIDATION_ERROR', `${name} must be a JSON object`, { details: { field: name } });
  }
  return value as Record<string, unknown>;
}

function dateField(fields: Map<string, string>, name: string): Date | null {
  const raw = fields.get(name);
  if (raw === undefined) return null;
  const value = new Date(raw);
  if (Number.isNaN(value.getTime())) {
    throw new DocjobsError('VALIDATION_ERROR', `${name} must be an ISO 8601 date-time`, {
      details: { field: name },
    });
  }
  return value;
}

function numberField(fields: Map<string, string>, name: string, min: number, max: number, integer = false) {
  const raw = fields.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !(value >= min && value <= max) || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new DocjobsError('VALIDATION_ERROR', `${name} must be ${kind} from ${min} to ${max}`, {
      details: { field: name },
    });
  }
  return value;
}
