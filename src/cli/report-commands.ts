import { createWriteStream } from 'node:fs';
import type { Docjobs, StatsQuery } from '../../packages/client/src/index.ts';
import { dateFlag, type Flags } from './arguments.ts';
import { exitCodes, usageError } from './exit-codes.ts';
import { jobFilter } from './job-filter.ts';
import { writeStream } from './output-files.ts';
import { withRemote } from './remote.ts';
import { statsView, usageView } from './table-views.ts';

const periods = ['24h', '7d', '30d'] as const;

/** `--period`, or `--from`/`--to`: the window GET /v1/jobs/stats and /v1/usage take. */
function timeWindow(flags: Flags): StatsQuery {
  if (flags.period !== undefined && !(periods as readonly string[]).includes(flags.period))
    throw usageError(`--period must be one of ${periods.join(', ')}; got "${flags.period}"`);
  if (flags.period !== undefined && (flags.from !== undefined || flags.to !== undefined))
    throw usageError('give --period, or --from and --to, not both');
  const window = {
    period: flags.period as StatsQuery['period'],
    from: dateFlag('from', flags.from),
    to: dateFlag('to', flags.to),
  };
  return Object.fromEntries(Object.entries(window).filter(([, value]) => value !== undefined));
}

/** `docjobs stats`: counts, success rate, processing percentiles of the window's jobs. */
export const statsCommand = (flags: Flags, args: string[]) =>
  windowReport('stats', flags, args, (client, window) => client.stats(window), statsView);

/** `docjobs usage`: jobs, pages, credits per UTC day and type, and the totals. */
export const usageCommand = (flags: Flags, args: string[]) =>
  windowReport('usage', flags, args, (client, window) => client.usage(window), usageView);

async function windowReport<T>(
  command: string,
  flags: Flags,
  args: string[],
  ask: (client: Docjobs, window: StatsQuery) => Promise<T>,
  view: (report: T) => string,
): Promise<number> {
  noArguments(command, args);
  const window = timeWindow(flags);
  return withRemote(flags, async ({ client }) => {
    const report = await ask(client, window);
    console.log(flags.json ? JSON.stringify(report, null, 2) : view(report));
    return exitCodes.ok;
  });
}

/**
 * `docjobs export`: every job the filters match, as the server streams it (CSV by default), to
 * stdout or `--out FILE`; any number of jobs in constant memory. `--json` is `--format json`.
 */
export async function exportCommand(flags: Flags, args: string[]): Promise<number> {
  noArguments('export', args);
  const format = flags.format ?? (flags.json ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json')
    throw usageError(`--format must be csv or json; got "${format}"`);
  const filter = jobFilter(flags);
  return withRemote(flags, async ({ client }) => {
    const body = await client.export({
      ...filter,
      format,
      ...(flags['include-data'] ? { include: 'data' } : {}),
    });
    await writeStream(body, flags.out === undefined ? process.stdout : createWriteStream(flags.out));
    return exitCodes.ok;
  });
}

function noArguments(command: string, args: string[]) {
  if (args.length > 0) throw usageError(`docjobs ${command} takes no arguments; got "${args.join(' ')}"`);
}
