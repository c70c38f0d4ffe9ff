/**
 * The fields of a multipart submit, which arrive as text: known names only, JSON where a field
 * holds an object (options, metadata, schema, categories, steps), numbers and dates checked, each
 * fault a 400 naming its field.
 */
import { DocjobsError } from '../core/errors.ts';
import { isJobType, jobTypes, type Metadata } from '../core/job.ts';
import { didYouMean } from '../core/nearest-name.ts';
import { maxTimeoutSeconds } from '../services/limits.ts';
import { type TaskFields, taskFieldNames } from '../services/task-fields.ts';
import { documentField } from './document-field.ts';

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
export function readTaskFields(fields: Map<string, string>): TaskFields {
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

/**
 * A multipart field's value as text the service can keep, or a 4xx naming the field:
 * - longer than the parser's 1 MB field limit: it was cut, and a cut schema or options would
 *   fail later with a misleading message (or not at all: a cut metadata value still "fits");
 * - U+FFFD: the parser decodes fields as UTF-8 with replacement, so it stands for bytes that were
 *   not UTF-8 (the bytes themselves are gone by now; a client that meant U+FFFD is rarer than one
 *   sending Latin-1);
 * - U+0000, which PostgreSQL cannot store (the INSERT failed with a 500).
 */
export function fieldText(name: string, value: unknown, truncated: boolean): string {
  const details = { details: { field: name } };
  if (truncated)
    throw new DocjobsError('PAYLOAD_TOO_LARGE', `the field "${name}" is larger than 1 MB`, details);
  const text = String(value);
  if (text.includes('\ufffd')) {
    throw new DocjobsError('VALIDATION_ERROR', `the field "${name}" is not valid UTF-8`, details);
  }
  if (text.includes('\u0000')) {
    throw new DocjobsError('VALIDATION_ERROR', `the field "${name}" contains U+0000 (NUL)`, details);
  }
  return text;
}

/** `minQuality` is a request field (DESIGN.md) that the parse stage reads from the options. */
export function withMinQuality(options: Record<string, unknown>, minQuality: number | undefined) {
  return minQuality === undefined ? options : { ...options, minQuality };
}

export function multipartFields(fields: Map<string, string>, metadata: Metadata) {
  for (const name of fields.keys()) {
    if (!known.has(name)) {
      const hint =
        name === documentField.json
          ? `; a multipart submit sends the file as the part "${documentField.multipart}" (${documentField.json} is the JSON body's base64 field)`
          : didYouMean(name, known);
      throw new DocjobsError('VALIDATION_ERROR', `unknown field "${name}"${hint}`, {
        details: { field: name },
      });
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
