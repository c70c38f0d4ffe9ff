import { type Flags, parseArguments } from './arguments.ts';
import { CliError, exitCodes, usageError } from './exit-codes.ts';
import { usage } from './usage.ts';

/*
 * Every command's code is imported when that command is chosen. The remote commands go through
 * @docjobs/client and load no server code (Fastify, PGlite, pg, pg-boss, pdf.js, sharp, OCR
 * engines), which took `docjobs --help` 0.9 s on Node 24 and `jobs list` several seconds;
 * serve, worker, `keys create --org` and purge load what they need. test/cli-modules.test.ts keeps it so.
 */

type Remote = (flags: Flags, args: string[]) => Promise<number>;

/** The commands that talk to a server, each in its own module. */
const remote: Record<string, () => Promise<Remote>> = {
  submit: () => import('./submit-command.ts').then((m) => m.submitCommand),
  jobs: () => import('./jobs-command.ts').then((m) => m.jobsCommand),
  stats: () => import('./report-commands.ts').then((m) => m.statsCommand),
  usage: () => import('./report-commands.ts').then((m) => m.usageCommand),
  export: () => import('./report-commands.ts').then((m) => m.exportCommand),
  webhook: () => import('./webhook-command.ts').then((m) => m.webhookCommand),
  search: () => import('./search-command.ts').then((m) => m.searchCommand),
};

async function main(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseArguments(argv);
  const [command, ...rest] = positionals;
  if (flags.help || !command) {
    console.log(usage);
    return command || flags.help ? exitCodes.ok : exitCodes.usage;
  }
  const load = remote[command];
  if (load) return (await load())(flags, rest);
  const config = () => import('../core/config.ts').then(({ loadConfig }) => loadConfig());
  switch (command) {
    case 'serve':
    case 'worker': {
      const { serveCommand } = await import('./serve-command.ts');
      const http = command === 'serve';
      await serveCommand(await config(), { http, worker: !http || !flags['no-worker'] });
      return 0;
    }
    case 'purge': {
      const { formatPurgeReport, purgeCommand } = await import('./purge-command.ts');
      const settings = await config();
      const report = await purgeCommand(settings, { dryRun: flags['dry-run'] });
      console.log(
        flags.json ? JSON.stringify(report, null, 2) : formatPurgeReport(report, settings.expiredGraceDays),
      );
      return 0;
    }
    case 'keys': {
      // `keys create --org NAME` makes a key on the server for any organisation; the rest goes
      // through the API for the configured key's organisation.
      if (rest[0] !== 'create' || !flags.org) {
        const { apiKeysCommand } = await import('./api-keys-command.ts');
        return apiKeysCommand(flags, rest);
      }
      const { createKeyCommand } = await import('./keys-command.ts');
      const { key, org } = await createKeyCommand(await config(), flags.org);
      if (flags.json) {
        console.log(JSON.stringify({ org, key }));
        return 0;
      }
      console.log(`a new API key for the organisation "${org}":`);
      console.log(key);
      return 0;
    }
    default:
      throw usageError(`unknown command "${command}" (docjobs --help lists them)`);
  }
}

/** The error as the user should read it: a port that cannot be listened on names PORT and HOST. */
function userMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, syscall, address, port } = error as NodeJS.ErrnoException & {
    address?: string;
    port?: number;
  };
  if (syscall === 'listen' && code === 'EADDRINUSE')
    return `${address}:${port} is in use by another process: stop it, or set PORT (and HOST) to a free address`;
  if (syscall === 'listen' && (code === 'EACCES' || code === 'EADDRNOTAVAIL'))
    return `cannot listen on ${address}:${port} (${code}): ${code === 'EACCES' ? 'a port below 1024 needs privileges; set PORT to 1024 or above' : 'HOST is not an address of this machine'}`;
  return error.message;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Configuration, API and file errors carry a message written for the user: one line, no stack.
  console.error(`docjobs: ${userMessage(error)}`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
