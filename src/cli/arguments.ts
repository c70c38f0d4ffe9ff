import { type ParseArgsConfig, parseArgs } from 'node:util';
import { nearestName } from '../core/nearest-name.ts';
import { usageError } from './exit-codes.ts';

/**
 * Every flag of every command, in one table: parseArgs then names an unknown one with the nearest
 * known (`--stauts` → `--status`), and a flag means the same wherever it is given (`--metadata K=V`
 * sets metadata on submit and filters on it in jobs list and export). Defaults live with the
 * commands, which know theirs (submit's --type is parse; list's --type is no filter).
 */
export const options = {
  // Where and who: before the environment and the config file (cli-config.ts).
  url: { type: 'string' },
  'api-key': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  // serve, keys, purge
  'no-worker': { type: 'boolean', default: false },
  org: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  // submit
  type: { type: 'string' },
  wait: { type: 'boolean', default: false },
  format: { type: 'string' },
  out: { type: 'string' },
  concurrency: { type: 'string', default: '4' },
  metadata: { type: 'string', multiple: true, default: [] },
  options: { type: 'string' },
  'min-quality': { type: 'string' },
  schema: { type: 'string' },
  extractor: { type: 'string' },
  categories: { type: 'string' },
  classifier: { type: 'string' },
  steps: { type: 'string' },
  ranges: { type: 'string' },
  prompt: { type: 'string' },
  engine: { type: 'string' },
  'webhook-url': { type: 'string' },
  // jobs list, export (and search's --case)
  status: { type: 'string', multiple: true, default: [] },
  case: { type: 'string' },
  'created-after': { type: 'string' },
  'created-before': { type: 'string' },
  limit: { type: 'string', default: '50' },
  'include-data': { type: 'boolean', default: false },
  // stats, usage
  period: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  // keys create, keys revoke
  name: { type: 'string' },
  self: { type: 'boolean', default: false },
  // webhook set
  secret: { type: 'string' },
  events: { type: 'string' },
  // search
  top: { type: 'string', default: '10' },
  mode: { type: 'string', default: 'hybrid' },
  // jobs wait
  timeout: { type: 'string' },
} satisfies ParseArgsConfig['options'];

export type Flags = ReturnType<typeof parseArguments>['values'];

/** The command line; an unknown option is named with the nearest known one, exit 2. */
export function parseArguments(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(message);
    const given = /'([^']+)'/.exec(message)?.[1] ?? '';
    const nearest = nearestName(given.replace(/^-+/, '').replace(/=.*$/, ''), Object.keys(options));
    const hint = nearest ? `; did you mean --${nearest}?` : '';
    throw usageError(`unknown option ${given}${hint} (docjobs --help lists them)`);
  }
}

/** A whole number from `min` to `max`, or a usage error that names the flag and what it takes. */
export function wholeNumber(flag: string, raw: string, min: number, max: number, what: string): number {
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw usageError(`--${flag} takes a whole number of ${what} from ${min} to ${max}; got "${raw}"`);
  return Number(raw);
}

/** `--metadata K=V` pairs as an object; a pair without `=` (or an empty key) is named. */
export function metadataPairs(pairs: readonly string[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw usageError(`--metadata takes KEY=VALUE, got "${pair}"`);
    metadata[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return metadata;
}

/** An ISO date or date-time for --created-after/--from …, checked here: the server's 400 names a query field. */
export function dateFlag(flag: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const date = /^\d{4}-\d\d-\d\d$/.test(raw) ? new Date(`${raw}T00:00:00Z`) : new Date(raw);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d\d-\d\d/.test(raw))
    throw usageError(`--${flag} takes a date like 2026-01-31 or 2026-01-31T12:00:00Z; got "${raw}"`);
  return date.toISOString();
}
