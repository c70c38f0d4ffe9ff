/**
 * An `edit` job's `options.operations` (issue 19): page operations and redaction, applied in order
 * to the job's document. Checked at submit so a typo is a 400 naming the operation; what can only be
 * known from the document (a page past its end, a reorder that misses a page) fails the job.
 */
import { isJobId, type JobId } from './ids.ts';
import { didYouMean } from './nearest-name.ts';
import { parsePageSelection } from './page-selection.ts';
import type { Checked } from './parse-options.ts';

/** Pages as a printer dialog writes them ("1-3,7", "10-"), of the document as the earlier operations left it. */
export type PageSpec = string;

export interface RotateOperation {
  type: 'rotate';
  /** null: every page. */
  pages: PageSpec | null;
  /** Clockwise, added to the page's own rotation. */
  degrees: 90 | 180 | 270;
}
export interface DeleteOperation {
  type: 'delete';
  pages: PageSpec;
}
/** Keeps only these pages, in document order. */
export interface ExtractOperation {
  type: 'extract';
  pages: PageSpec;
}
/** The new order: every page number once (a permutation of 1..n). */
export interface ReorderOperation {
  type: 'reorder';
  order: number[];
}
/** Appends these jobs' documents (each one of the job's dependsOn), in this order. */
export interface MergeOperation {
  type: 'merge';
  jobs: JobId[];
}
/**
 * Removes the words that match, and paints their boxes black (with any image under them): the
 * strings (whole or within words, case-insensitive unless caseSensitive), the regular expressions
 * (JavaScript syntax, flags "u" and "i" unless caseSensitive), and the evidence boxes of the
 * fields of an extraction job (`fromJob`, one of the dependsOn; all fields when `fields` is null).
 */
export interface RedactOperation {
  type: 'redact';
  pages: PageSpec | null;
  strings: string[];
  regexes: string[];
  caseSensitive: boolean;
  fromJob: JobId | null;
  fields: string[] | null;
}

export type EditOperation =
  | RotateOperation
  | DeleteOperation
  | ExtractOperation
  | ReorderOperation
  | MergeOperation
  | RedactOperation;

export const editOperationTypes = ['rotate', 'delete', 'extract', 'reorder', 'merge', 'redact'] as const;
export const editLimits = { operations: 50, rules: 200, ruleLength: 500, pages: 10_000 } as const;

const fault = (field: string, message: string): Checked<never> => ({ ok: false, field, message });
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const allowedKeys: Record<EditOperation['type'], readonly string[]> = {
  rotate: ['type', 'pages', 'degrees'],
  delete: ['type', 'pages'],
  extract: ['type', 'pages'],
  reorder: ['type', 'order'],
  merge: ['type', 'jobs'],
  redact: ['type', 'pages', 'strings', 'regexes', 'caseSensitive', 'fromJob', 'fields'],
};

/** `dependsOn`: the jobs a merge or a redaction's fromJob may name (they must have ended first). */
export function checkEditOperations(value: unknown, dependsOn: readonly JobId[]): Checked<EditOperation[]> {
  const field = 'options.operations';
  if (!Array.isArray(value) || value.length === 0 || value.length > editLimits.operations)
    return fault(
      field,
      `operations is a list of 1 to ${editLimits.operations} operations, like [{"type":"rotate","pages":"1","degrees":90}]`,
    );
  const checked: EditOperation[] = [];
  for (const [index, raw] of value.entries()) {
    const at = `${field}[${index}]`;
    if (!isRecord(raw) || typeof raw.type !== 'string')
      return fault(
        `${at}.type`,
        `each operation is an object with a type: one of ${editOperationTypes.join(', ')}`,
      );
    const type = raw.type as EditOperation['type'];
    if (!(editOperationTypes as readonly string[]).includes(type))
      return fault(
        `${at}.type`,
        `unknown operation "${raw.type}"${didYouMean(raw.type, editOperationTypes)}; use one of ${editOperationTypes.join(', ')}`,
      );
    const stray = Object.keys(raw).find((key) => !allowedKeys[type].includes(key));
    if (stray)
      return fault(
        `${at}.${stray}`,
        `${stray} does not apply to ${type}; it takes ${allowedKeys[type].slice(1).join(', ')}`,
      );
    const operation = checkOperation(type, raw, at, dependsOn);
    if (!operation.ok) return operation;
    checked.push(operation.value);
  }
  return { ok: true, value: checked };
}

function checkOperation(
  type: EditOperation['type'],
  raw: Record<string, unknown>,
  at: string,
  dependsOn: readonly JobId[],
): Checked<EditOperation> {
  switch (type) {
    case 'rotate': {
      const pages =
        raw.pages === undefined || raw.pages === null ? null : checkPages(raw.pages, `${at}.pages`);
      if (pages && !pages.ok) return pages;
      const degrees = ((Number(raw.degrees) % 360) + 360) % 360;
      if (typeof raw.degrees !== 'number' || ![90, 180, 270].includes(degrees))
        return fault(`${at}.degrees`, 'degrees is a multiple of 90 (90, 180, 270, or -90 for anticlockwise)');
      return { ok: true, value: { type, pages: pages?.value ?? null, degrees: degrees as 90 | 180 | 270 } };
    }
    case 'delete':
    case 'extract': {
      const pages = checkPages(raw.pages, `${at}.pages`);
      return pages.ok ? { ok: true, value: { type, pages: pages.value } } : pages;
    }
    case 'reorder': {
      const order = raw.order;
      if (
        !Array.isArray(order) ||
        order.length === 0 ||
        order.length > editLimits.pages ||
        !order.every((n) => Number.isInteger(n) && n >= 1) ||
        new Set(order).size !== order.length
      )
        return fault(`${at}.order`, 'order lists every page number once, in the new order, like [3, 1, 2]');
      return { ok: true, value: { type, order: order as number[] } };
    }
    case 'merge': {
      const jobs = checkJobIds(raw.jobs, `${at}.jobs`, dependsOn, 'merges');
      return jobs.ok ? { ok: true, value: { type, jobs: jobs.value } } : jobs;
    }
    case 'redact':
      return checkRedaction(raw, at, dependsOn);
  }
}

function checkRedaction(
  raw: Record<string, unknown>,
  at: string,
  dependsOn: readonly JobId[],
): Checked<RedactOperation> {
  const pages = raw.pages === undefined || raw.pages === null ? null : checkPages(raw.pages, `${at}.pages`);
  if (pages && !pages.ok) return pages;
  const strings = checkTexts(raw.strings, `${at}.strings`);
  if (!strings.ok) return strings;
  const regexes = checkTexts(raw.regexes, `${at}.regexes`);
  if (!regexes.ok) return regexes;
  for (const [k, source] of regexes.value.entries()) {
    try {
      new RegExp(source, 'u');
    } catch (error) {
      return fault(`${at}.regexes[${k}]`, `not a regular expression: ${(error as Error).message}`);
    }
    if (new RegExp(source, 'u').test(''))
      return fault(
        `${at}.regexes[${k}]`,
        'the expression matches the empty text; it would redact nothing useful',
      );
  }
  const caseSensitive = raw.caseSensitive ?? false;
  if (typeof caseSensitive !== 'boolean')
    return fault(`${at}.caseSensitive`, 'caseSensitive is true or false');
  let fromJob: JobId | null = null;
  if (raw.fromJob !== undefined && raw.fromJob !== null) {
    const job = checkJobIds([raw.fromJob], `${at}.fromJob`, dependsOn, 'reads the evidence of');
    if (!job.ok) return job;
    fromJob = job.value[0]!;
  }
  const fields =
    raw.fields === undefined || raw.fields === null ? null : checkTexts(raw.fields, `${at}.fields`);
  if (fields && !fields.ok) return fields;
  if (fields && fromJob === null)
    return fault(`${at}.fields`, 'fields name the evidence of an extraction: give fromJob too');
  if (strings.value.length === 0 && regexes.value.length === 0 && fromJob === null)
    return fault(
      at,
      'a redaction needs strings, regexes, or fromJob (an extraction job whose evidence boxes to redact)',
    );
  return {
    ok: true,
    value: {
      type: 'redact',
      pages: pages?.value ?? null,
      strings: strings.value,
      regexes: regexes.value,
      caseSensitive,
      fromJob,
      fields: fields?.value ?? null,
    },
  };
}

/** A selection string, or a list of page numbers (kept as the string it means). */
function checkPages(value: unknown, field: string): Checked<PageSpec> {
  const spec = Array.isArray(value) && value.every((n) => Number.isInteger(n)) ? value.join(',') : value;
  if (typeof spec !== 'string')
    return fault(field, 'pages is a selection like "1-3,7" or a list of page numbers');
  const ranges = parsePageSelection(spec);
  return 'error' in ranges ? fault(field, ranges.error) : { ok: true, value: spec };
}

function checkTexts(value: unknown, field: string): Checked<string[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (
    !Array.isArray(value) ||
    value.length > editLimits.rules ||
    !value.every(
      (text) => typeof text === 'string' && text.trim() !== '' && text.length <= editLimits.ruleLength,
    )
  )
    return fault(
      field,
      `a list of at most ${editLimits.rules} non-empty texts of at most ${editLimits.ruleLength} characters`,
    );
  return { ok: true, value: value as string[] };
}

function checkJobIds(
  value: unknown,
  field: string,
  dependsOn: readonly JobId[],
  verb: string,
): Checked<JobId[]> {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((id) => typeof id === 'string' && isJobId(id))
  )
    return fault(field, 'job ids (job_…), each one of the dependsOn');
  const outside = value.find((id) => !dependsOn.includes(id as JobId));
  if (outside !== undefined)
    return fault(
      field,
      `the edit ${verb} job ${outside}: list it in dependsOn too, so the edit waits for it to end`,
    );
  return { ok: true, value: value as JobId[] };
}
