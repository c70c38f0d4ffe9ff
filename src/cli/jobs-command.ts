import { createWriteStream } from 'node:fs';
import type { JobFilters } from '../../packages/client/src/index.ts';
import { type Flags, wholeNumber } from './arguments.ts';
import { exitCodes, usageError } from './exit-codes.ts';
import { followJob, isSuccess } from './follow-job.ts';
import { jobFilter } from './job-filter.ts';
import { writeStream } from './output-files.ts';
import { ProgressView } from './progress.ts';
import { withRemote } from './remote.ts';
import { resultFormatOf } from './submit-input.ts';
import { jobsTable } from './table-views.ts';

const actions = ['list', 'get', 'wait', 'watch', 'result', 'output', 'retry', 'cancel', 'delete'] as const;

/** `docjobs jobs list|get|wait|watch|result|output|retry|cancel|delete`. */
export async function jobsCommand(flags: Flags, args: string[]): Promise<number> {
  const [action = 'list', id, ...extra] = args;
  if (!(actions as readonly string[]).includes(action))
    throw usageError(`unknown jobs command "${action}": use ${actions.join(', ')}`);
  if (action === 'list') return listJobs(flags);
  if (!id) throw usageError(`docjobs jobs ${action} needs a job id`);
  if (extra.length > 0) throw usageError(`docjobs jobs ${action} takes one job id; got ${args.length - 1}`);
  // Checked before any request: a bad --format or --timeout is the command line's, not the server's.
  const format = action === 'result' ? resultFormatOf(flags.format, 'parse') : 'json';
  const timeout =
    flags.timeout === undefined ? undefined : wholeNumber('timeout', flags.timeout, 1, 86_400, 'seconds');
  return withRemote(flags, async ({ client }) => {
    switch (action) {
      case 'get':
        print(await client.get(id));
        return exitCodes.ok;
      case 'result': {
        const body = await client.result(id, { format, as: 'stream' });
        await writeStream(body, flags.out === undefined ? process.stdout : createWriteStream(flags.out));
        return exitCodes.ok;
      }
      case 'output': {
        // An edit job's new PDF: to --out, or stdout (`> edited.pdf`).
        const body = await client.output(id);
        await writeStream(body, flags.out === undefined ? process.stdout : createWriteStream(flags.out));
        return exitCodes.ok;
      }
      case 'wait':
      case 'watch': {
        const view = new ProgressView(
          process.stderr,
          process.stderr.isTTY === true && !flags.json,
          process.stderr.columns,
        );
        const start = await client.get(id);
        // watch: every move on stderr as it happens; wait: only the end (a script's `jobs wait`).
        const job = await followJob(
          client,
          start,
          action === 'watch' ? (state) => view.update(id, state) : undefined,
          timeout === undefined ? undefined : timeout * 1000,
        );
        if (action === 'watch') view.finish(id, `${id}  ${job.status}`);
        print(job);
        return isSuccess(job) ? exitCodes.ok : exitCodes.jobFailed;
      }
      case 'retry':
      case 'cancel': {
        const job = action === 'retry' ? await client.retry(id) : await client.cancel(id);
        if (flags.json) print(job);
        // A retry is a new job (its reprocessedFrom is this one): say which.
        else console.log(`${job.id}  ${job.status}${job.id === id ? '' : `  (a retry of ${id})`}`);
        return exitCodes.ok;
      }
      default: {
        const answer = await client.delete(id);
        if (flags.json) print(answer);
        else console.log(`${id} deleted`);
        return exitCodes.ok;
      }
    }
  });
}

async function listJobs(flags: Flags): Promise<number> {
  const limit = wholeNumber('limit', flags.limit, 1, 100_000, 'jobs');
  const filter = jobFilter(flags);
  return withRemote(flags, async ({ client }) => {
    const jobs = [];
    // The iterator asks for the next page only when this one is used up: --limit 20 is one request.
    for await (const job of client.list({ ...filter, limit: Math.min(limit, 500) } as JobFilters)) {
      jobs.push(job);
      if (jobs.length >= limit) break;
    }
    if (flags.json) print(jobs);
    else {
      console.log(jobsTable(jobs, process.stdout.isTTY ? process.stdout.columns : undefined));
      console.error(`${jobs.length} job${jobs.length === 1 ? '' : 's'}`);
    }
    return exitCodes.ok;
  });
}

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
