import { constants } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isJobType, type JobType, jobTypes } from '../core/job.ts';
import { type ResultFormat, resultFormats } from '../core/result-format.ts';
import { type Flags, metadataPairs } from './arguments.ts';
import { usageError } from './exit-codes.ts';

/**
 * What `docjobs submit` sends, read and checked from the command line before anything is sent:
 * a typo in a flag, a JSON file that is not JSON or a format the job type cannot give costs the
 * user nothing but the message (before, a bad --format surfaced after the upload and the whole job).
 */
export interface SubmitFields {
  type: JobType;
  options?: Record<string, unknown>;
  metadata?: Record<string, string>;
  minQuality?: number;
  caseId?: string;
  webhookUrl?: string;
  schema?: unknown;
  extractorId?: string;
  categories?: unknown;
  classifierId?: string;
  steps?: unknown;
  prompt?: string;
  engine?: string;
}

/**
 * The renderings each job type's result has. Every type has csv today (a parse job's tables, an
 * extraction's rows, a classification's label and scores, a chunk job's chunks), so the check
 * stands for the day one has not; html and markdown of a task job are the pages it read.
 */
export const formatsOfType: Record<JobType, readonly ResultFormat[]> = {
  parse: resultFormats,
  extract: resultFormats,
  classify: resultFormats,
  workflow: resultFormats,
  chunk: resultFormats,
  // One row per part in csv and jsonl; markdown, text and html of the pages it read.
  split: resultFormats,
  // The report as JSON; markdown, text and html of the new PDF's pages (GET …/output is the PDF).
  edit: ['json', 'markdown', 'text', 'html'],
  // The report as JSON; markdown, text and html of the filled PDF's pages (GET …/output is the PDF).
  fill: ['json', 'markdown', 'text', 'html'],
  // The proposed schema as JSON, one row per field in csv and jsonl; markdown, text and html of the pages.
  schema: resultFormats,
  // Likewise: the report as JSON, the generated PDF's pages as markdown, text and html.
  generate: ['json', 'markdown', 'text', 'html'],
};

/** `--format`, checked against the formats there are and the ones the job type gives. */
export function resultFormatOf(raw: string | undefined, type: JobType): ResultFormat {
  const format = raw ?? 'json';
  if (!(resultFormats as readonly string[]).includes(format))
    throw usageError(`--format must be one of ${resultFormats.join(', ')}; got "${format}"`);
  if (!formatsOfType[type].includes(format as ResultFormat))
    throw usageError(
      `a ${type} job has no ${format} result (it has ${formatsOfType[type].join(', ')}); nothing was submitted`,
    );
  return format as ResultFormat;
}

export function jobTypeOf(raw: string | undefined): JobType {
  const type = raw ?? 'parse';
  if (!isJobType(type)) throw usageError(`--type must be one of ${jobTypes.join(', ')}; got "${type}"`);
  return type;
}

export async function submitFields(flags: Flags): Promise<SubmitFields> {
  const fields: SubmitFields = { type: jobTypeOf(flags.type) };
  if (flags.options !== undefined) {
    const options = parseJson(flags.options, '--options');
    if (typeof options !== 'object' || options === null || Array.isArray(options))
      throw usageError(`--options must be a JSON object like '{"ocr":"force"}'`);
    fields.options = options as Record<string, unknown>;
  }
  // --ranges 1-3,4-6: a split job's options.ranges (the server checks it and says how to write it).
  if (flags.ranges !== undefined) fields.options = { ...fields.options, ranges: flags.ranges };
  // --data FILE: a fill or generate job's options.data; --flatten, --agent: a fill job's flatten and
  // mode "agent"; --page-size Letter: a generate job's options.pageSize.
  if (flags.data !== undefined) {
    await checkReadable(flags.data, 'the --data file');
    const data = parseJson(await readFile(flags.data, 'utf8'), `the --data file "${flags.data}"`);
    fields.options = { ...fields.options, data };
  }
  if (flags.flatten) fields.options = { ...fields.options, flatten: true };
  if (flags.agent) fields.options = { ...fields.options, mode: 'agent' };
  if (flags['page-size'] !== undefined) fields.options = { ...fields.options, pageSize: flags['page-size'] };
  if (flags.metadata.length > 0) fields.metadata = metadataPairs(flags.metadata);
  if (flags['min-quality'] !== undefined) {
    const value = Number(flags['min-quality']);
    if (!(value >= 0 && value <= 1))
      throw usageError(`--min-quality takes a number from 0 to 1; got "${flags['min-quality']}"`);
    fields.minQuality = value;
  }
  if (flags.case !== undefined) fields.caseId = flags.case;
  if (flags['webhook-url'] !== undefined) fields.webhookUrl = flags['webhook-url'];
  if (flags.extractor !== undefined) fields.extractorId = flags.extractor;
  if (flags.classifier !== undefined) fields.classifierId = flags.classifier;
  if (flags.prompt !== undefined) fields.prompt = flags.prompt;
  if (flags.engine !== undefined) fields.engine = flags.engine;
  // Paths of JSON files: read and parsed here, so that a typo names the file and the place (the
  // server took text that is not JSON for a string and answered "the schema must be a JSON object").
  for (const name of ['schema', 'categories', 'steps'] as const) {
    const path = flags[name];
    if (path === undefined) continue;
    await checkReadable(path, `the --${name} file`);
    fields[name] = parseJson(await readFile(path, 'utf8'), `the --${name} file "${path}"`);
  }
  return fields;
}

/**
 * The files to submit: each FILE as given, each DIR's files (recursively, in name order, hidden
 * ones left out). Every one is checked readable first: the upload streams the file while sending,
 * and an unreadable one surfaced there as an uncaught stream error.
 */
export async function documentsOf(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw usageError('usage: docjobs submit FILE... | DIR (docjobs --help)');
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw fileError(`the document "${path}"`, error);
    });
    if (info.isDirectory()) {
      const inside = await filesUnder(path);
      if (inside.length === 0) throw usageError(`the folder "${path}" has no files to submit`);
      files.push(...inside);
    } else {
      await checkReadable(path, 'the document');
      files.push(path);
    }
  }
  return files;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) {
      await checkReadable(path, 'the document');
      files.push(path);
    }
  }
  return files;
}

/** Throws one line naming the file and what is wrong with it: missing, a directory, unreadable. */
export async function checkReadable(path: string, what: string): Promise<void> {
  try {
    if (!(await stat(path)).isFile()) throw usageError(`${what} "${path}" is not a file`);
    await access(path, constants.R_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw fileError(`${what} "${path}"`, error as NodeJS.ErrnoException);
  }
}

function fileError(what: string, error: NodeJS.ErrnoException) {
  const { code } = error;
  const problem =
    code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code;
  return usageError(`${what} ${problem}`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`${what} is not JSON: ${(error as Error).message}`);
  }
}
