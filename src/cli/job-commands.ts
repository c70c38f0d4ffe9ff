import { constants, openAsBlob } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Job } from '../core/job.ts';
import { isTerminal } from '../core/job-status.ts';
import { resultFormats } from '../core/result-format.ts';
import type { ApiClient } from './api-client.ts';

export interface SubmitOptions {
  type: string;
  wait: boolean;
  format: string;
  metadata: string[];
  /** A JSON object, sent as is: the server checks it and names the field at fault. */
  options?: string;
  minQuality?: string;
  /** Task fields; schema, categories and steps are paths of JSON files, the rest sent as given. */
  task: Record<string, string | undefined>;
}

const jsonFileFields = new Set(['schema', 'categories', 'steps']);

/** Upload as multipart (streamed from disk), then optionally follow the job and print its result. */
export async function submitCommand(api: ApiClient, file: string, options: SubmitOptions): Promise<number> {
  // The upload streams the file while sending: a file that cannot be read would surface there as
  // an uncaught stream error (a stack trace), so every file is checked before anything is sent.
  await checkReadable(file, 'the document');
  // Checked here, not by the result's GET: that comes after the upload and the whole job.
  if (options.wait && !(resultFormats as readonly string[]).includes(options.format))
    throw new Error(`--format must be one of ${resultFormats.join(', ')}; got "${options.format}"`);
  if (options.options !== undefined) parseJson(options.options, '--options');
  const form = new FormData();
  form.set('type', options.type);
  for (const pair of options.metadata) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--metadata takes KEY=VALUE, got "${pair}"`);
    form.set(`metadata.${pair.slice(0, at)}`, pair.slice(at + 1));
  }
  if (options.options !== undefined) form.set('options', options.options);
  if (options.minQuality !== undefined) form.set('minQuality', options.minQuality);
  for (const [name, value] of Object.entries(options.task)) {
    if (value === undefined) continue;
    if (!jsonFileFields.has(name)) {
      form.set(name, value);
      continue;
    }
    await checkReadable(value, `the --${name} file`);
    const text = await readFile(value, 'utf8');
    parseJson(text, `the --${name} file "${value}"`);
    form.set(name, text);
  }
  form.set('file', await openAsBlob(file), basename(file));
  let job = await api.json<Job>('POST', '/v1/jobs', form);
  if (!options.wait) {
    console.log(JSON.stringify(job, null, 2));
    return 0;
  }
  process.stderr.write(`${job.id} submitted\n`);
  while (!isTerminal(job.status)) {
    job = await api.json<Job>('GET', `/v1/jobs/${job.id}?wait=2`);
    const pages = job.pagesTotal ? ` pages ${job.pagesDone}/${job.pagesTotal}` : '';
    process.stderr.write(`\r${job.id} ${job.status} ${job.stage ?? ''} ${job.progress}%${pages}      `);
  }
  process.stderr.write('\n');
  if (job.status !== 'completed' && job.status !== 'partial') {
    console.error(`${job.id} ${job.status}: ${job.error?.code ?? ''} ${job.error?.message ?? ''}`);
    return 1;
  }
  const result = await api.request(
    'GET',
    `/v1/jobs/${job.id}/result?format=${encodeURIComponent(options.format)}`,
  );
  process.stdout.write(await result.text());
  return 0;
}

export async function jobsCommand(
  api: ApiClient,
  action: string,
  args: string[],
  list: { status: string[]; limit: number },
) {
  const id = args[0];
  const needId = () => {
    if (!id) throw new Error(`docjobs jobs ${action} needs a job id`);
    return encodeURIComponent(id);
  };
  switch (action) {
    case 'get':
      return print(await api.json('GET', `/v1/jobs/${needId()}`));
    case 'cancel':
      return print(await api.json('POST', `/v1/jobs/${needId()}/cancel`));
    case 'delete':
      return print(await api.json('DELETE', `/v1/jobs/${needId()}`));
    case 'output': {
      // An edit job's new PDF, as bytes on stdout (`> edited.pdf`).
      const response = await api.request('GET', `/v1/jobs/${needId()}/output`);
      process.stdout.write(Buffer.from(await response.arrayBuffer()));
      return;
    }
    case 'list': {
      const query = new URLSearchParams({ limit: String(list.limit) });
      for (const status of list.status) query.append('status', status);
      const page = await api.json<{ jobs: Job[]; total: number }>('GET', `/v1/jobs?${query}`);
      for (const job of page.jobs) {
        console.log([job.id, job.status.padEnd(10), job.type, job.createdAt, job.fileName ?? ''].join('  '));
      }
      console.error(`${page.jobs.length} of ${page.total}`);
      return;
    }
    default:
      throw new Error(`unknown jobs command "${action}": use get, list, output, cancel or delete`);
  }
}

/** Throws one line naming the file and what is wrong with it: missing, a directory, unreadable. */
async function checkReadable(path: string, what: string): Promise<void> {
  try {
    if (!(await stat(path)).isFile()) throw new Error(`${what} "${path}" is not a file`);
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const problem =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code;
    throw new Error(`${what} "${path}" ${problem}`);
  }
}

/**
 * JSON the server will parse, checked here so that a typo names the file and the place: the server
 * took text that is not JSON for a string and answered "the schema must be a JSON object".
 */
function parseJson(text: string, what: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`);
  }
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
