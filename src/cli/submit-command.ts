import { basename } from 'node:path';
import type { Job, SubmitInput } from '../../packages/client/src/index.ts';
import type { ResultFormat } from '../core/result-format.ts';
import { type Flags, wholeNumber } from './arguments.ts';
import { CliError, exitCodes, usageError } from './exit-codes.ts';
import { followJob, isSuccess } from './follow-job.ts';
import { writeResultFile, writeStream } from './output-files.ts';
import { ProgressView } from './progress.ts';
import { explain, type Remote, withRemote } from './remote.ts';
import { documentsOf, resultFormatOf, type SubmitFields, submitFields } from './submit-input.ts';

interface Outcome {
  file: string;
  job: Job;
  /** Where --out wrote the result. */
  resultFile?: string;
}

/**
 * `docjobs submit FILE... | DIR`: every document uploaded (streamed from disk), `--concurrency` at
 * a time. With --wait, each job followed to its end on stderr and its result written: one
 * document's to stdout, or each to `--out DIR`; several without --out, a summary only (results
 * one after the other on stdout would be one unreadable stream). A document the server refuses
 * is named and the others go on (exit 2); else exit 1 when any job did not succeed.
 */
export async function submitCommand(flags: Flags, args: string[]): Promise<number> {
  // Everything the command line says is checked before the first byte is sent.
  const fields = await submitFields(flags);
  const format = resultFormatOf(flags.format, fields.type);
  // Without --wait there is no result to render or write: the flags would be ignored silently.
  if (!flags.wait && (flags.format !== undefined || flags.out !== undefined))
    throw usageError(`--${flags.format !== undefined ? 'format' : 'out'} is for the result: add --wait`);
  const concurrency = wholeNumber('concurrency', flags.concurrency, 1, 64, 'uploads at a time');
  const files = await documentsOf(args);
  return withRemote(flags, async (remote) => {
    const stderr = process.stderr;
    const labelWidth = Math.max(...files.map((file) => basename(file).length));
    const view = new ProgressView(stderr, stderr.isTTY === true && !flags.json, stderr.columns, labelWidth);
    const outcomes: Outcome[] = [];
    const refused: { file: string; error: string }[] = [];
    const single = files.length === 1;
    await eachWithLimit(files, concurrency, async (file) => {
      try {
        const outcome = await submitOne(remote, file, fields, {
          wait: flags.wait,
          format,
          out: flags.out,
          view,
          // One document, no --out: its result is the command's output (as `submit --wait` always did).
          toStdout: single && flags.out === undefined,
        });
        outcomes.push(outcome);
      } catch (error) {
        // A document the server refuses (a type it cannot read, too large) is that document's
        // failure: the others go on. No key, no server: nothing can go on.
        const explained = explain(error, remote.connection);
        if (!(explained instanceof CliError)) throw explained;
        const named = new CliError(`${file}: ${explained.message}`, explained.exitCode);
        if (single || explained.exitCode !== exitCodes.usage) throw named;
        view.note(`${basename(file)}  refused: ${explained.message}`);
        refused.push({ file, error: explained.message });
      }
    });
    if (flags.json)
      printJson(outcomes, refused, files, single, flags.wait && single && flags.out === undefined);
    else if (!flags.wait)
      for (const { job, file } of outcomes.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file)))
        console.log(`${job.id}  ${job.status}  ${file}`);
    if (refused.length > 0) return exitCodes.usage;
    return !flags.wait || outcomes.every(({ job }) => isSuccess(job)) ? exitCodes.ok : exitCodes.jobFailed;
  });
}

async function submitOne(
  { client }: Remote,
  file: string,
  fields: SubmitFields,
  how: { wait: boolean; format: ResultFormat; out?: string; view: ProgressView; toStdout: boolean },
): Promise<Outcome> {
  const label = basename(file);
  let job: Job = await client.submit({ file, fileName: label, ...fields } as SubmitInput);
  if (!how.wait) return { file, job };
  how.view.note(`${label}  ${job.id} submitted`);
  job = await followJob(client, job, (state) => how.view.update(label, state));
  const summary = `${label}  ${job.id}  ${job.status}${job.error ? `: ${job.error.code} ${job.error.message}` : ''}`;
  how.view.finish(label, summary);
  if (!isSuccess(job)) return { file, job };
  if (how.toStdout) {
    // One document waited for: its result is the command's output, in --format (also with --json).
    await writeStream(await client.result(job.id, { format: how.format, as: 'stream' }), process.stdout);
    return { file, job };
  }
  if (how.out === undefined) return { file, job };
  const body = await client.result(job.id, { format: how.format, as: 'stream' });
  return { file, job, resultFile: await writeResultFile(how.out, file, job.id, how.format, body) };
}

function printJson(
  outcomes: Outcome[],
  refused: { file: string; error: string }[],
  order: readonly string[],
  single: boolean,
  resultPrinted: boolean,
) {
  if (resultPrinted) return;
  const shaped = outcomes.map(({ file, job, resultFile }) => ({
    file,
    ...job,
    ...(resultFile ? { resultFile } : {}),
  }));
  // Several documents: the refused ones too, each with the server's reason, in the given order.
  const all = [...shaped, ...refused].sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
  console.log(JSON.stringify(single ? shaped[0] : all, null, 2));
}

/** Run `work` over `items`, at most `limit` at a time; the first failure stops new starts and is thrown. */
async function eachWithLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
