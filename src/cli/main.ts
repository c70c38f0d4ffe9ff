import { type ParseArgsConfig, parseArgs } from 'node:util';
import { nearestName } from '../core/nearest-name.ts';

/*
 * Every command's code is imported when that command is chosen: `--help`, `submit` and `jobs`
 * talk HTTP and load no server code (Fastify, PGlite, pg-boss, pdf.js, sharp, OCR engines), which
 * took `docjobs --help` 0.9 s on Node 24 and `jobs list` several seconds. test/cli-modules.test.ts
 * keeps it so.
 */

const usage = `docjobs — document-processing jobs

  docjobs serve [--no-worker]          API (and, by default, an in-process worker)
  docjobs worker                       a worker only (needs DATABASE_URL to share work)
  docjobs keys create --org NAME       print a new API key for an organisation
  docjobs purge [--dry-run]            run the retention purge now (--dry-run: show what would go)
  docjobs submit FILE [--type parse] [--wait] [--format json|markdown|text|jsonl|csv] [--metadata K=V]
                 [--options '{"ocr":"force","languages":["eng","deu"]}'] [--min-quality 0.8]
  docjobs submit FILE --type extract (--schema schema.json | --extractor ext_…) [--prompt TEXT] [--engine builtin|llm]
  docjobs submit FILE --type classify (--categories categories.json | --classifier cls_…)
  docjobs submit FILE --type chunk [--options '{"chunking":{"strategy":"size","maxTokens":256}}'] --format jsonl
  docjobs submit FILE --type workflow --steps steps.json       (--format csv for extractions as a table)
  docjobs submit FILE --type edit --options '{"operations":[{"type":"redact","strings":["Jane Doe"]}]}' --wait
  docjobs jobs get|cancel|delete ID
  docjobs jobs output ID > edited.pdf  the PDF an edit job made
  docjobs jobs list [--status S]... [--limit N]
  docjobs search "QUERY" [--case ID] [--top N] [--mode hybrid|fulltext|vector] [--json]

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, WORKER_CONCURRENCY,
MAX_UPLOAD_MB, OCR_WORKERS, LLM_BASE_URL, LLM_MODEL, LLM_API_KEY, EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL,
EMBEDDINGS_API_KEY, DOCJOBS_BOOTSTRAP_API_KEY; the client commands also read DOCJOBS_URL and DOCJOBS_API_KEY.`;

const options = {
  'no-worker': { type: 'boolean', default: false },
  org: { type: 'string' },
  type: { type: 'string', default: 'parse' },
  wait: { type: 'boolean', default: false },
  format: { type: 'string', default: 'json' },
  metadata: { type: 'string', multiple: true, default: [] },
  options: { type: 'string' },
  'min-quality': { type: 'string' },
  schema: { type: 'string' },
  extractor: { type: 'string' },
  categories: { type: 'string' },
  classifier: { type: 'string' },
  steps: { type: 'string' },
  prompt: { type: 'string' },
  engine: { type: 'string' },
  status: { type: 'string', multiple: true, default: [] },
  limit: { type: 'string', default: '50' },
  'dry-run': { type: 'boolean', default: false },
  case: { type: 'string' },
  top: { type: 'string', default: '10' },
  mode: { type: 'string', default: 'hybrid' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

/** The command line; an unknown option is named with the nearest known one (`--stauts` → `--status`). */
function parseArguments(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw error;
    const given = /'([^']+)'/.exec(message)?.[1] ?? '';
    const nearest = nearestName(given.replace(/^-+/, '').replace(/=.*$/, ''), Object.keys(options));
    const hint = nearest ? `; did you mean --${nearest}?` : '';
    throw new Error(`unknown option ${given}${hint} (docjobs --help lists them)`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 1;
  }
  // The commands that talk HTTP read what they need of the configuration themselves (api-client.ts).
  const config = () => import('../core/config.ts').then(({ loadConfig }) => loadConfig());
  switch (command) {
    case 'serve':
    case 'worker': {
      const { serveCommand } = await import('./serve-command.ts');
      const http = command === 'serve';
      await serveCommand(await config(), { http, worker: !http || !values['no-worker'] });
      return 0;
    }
    case 'purge': {
      const { formatPurgeReport, purgeCommand } = await import('./purge-command.ts');
      const settings = await config();
      const report = await purgeCommand(settings, { dryRun: values['dry-run'] });
      console.log(formatPurgeReport(report, settings.expiredGraceDays));
      return 0;
    }
    case 'keys': {
      if (rest[0] !== 'create' || !values.org) throw new Error('usage: docjobs keys create --org NAME');
      const { createKeyCommand } = await import('./keys-command.ts');
      const { key, org } = await createKeyCommand(await config(), values.org);
      console.log(`a new API key for the organisation "${org}":`);
      console.log(key);
      return 0;
    }
    case 'submit': {
      if (!rest[0]) throw new Error('usage: docjobs submit FILE [--wait]');
      const [{ apiClient }, { submitCommand }] = await Promise.all([
        import('./api-client.ts'),
        import('./job-commands.ts'),
      ]);
      return submitCommand(await apiClient(), rest[0], {
        type: values.type,
        wait: values.wait,
        format: values.format,
        metadata: values.metadata,
        options: values.options,
        minQuality: values['min-quality'],
        task: {
          schema: values.schema,
          extractorId: values.extractor,
          categories: values.categories,
          classifierId: values.classifier,
          steps: values.steps,
          prompt: values.prompt,
          engine: values.engine,
        },
      });
    }
    case 'jobs': {
      const [{ apiClient }, { jobsCommand }] = await Promise.all([
        import('./api-client.ts'),
        import('./job-commands.ts'),
      ]);
      if (!/^[1-9]\d{0,5}$/.test(values.limit))
        throw new Error(`--limit takes a whole number of jobs, like 50; got "${values.limit}"`);
      await jobsCommand(await apiClient(), rest[0] ?? 'list', rest.slice(1), {
        status: values.status,
        limit: Number(values.limit),
      });
      return 0;
    }
    case 'search': {
      const [{ apiClient }, { searchCommand }] = await Promise.all([
        import('./api-client.ts'),
        import('./search-command.ts'),
      ]);
      return searchCommand(await apiClient(), rest.join(' '), {
        caseId: values.case,
        top: values.top,
        mode: values.mode,
        json: values.json,
      });
    }
    default:
      throw new Error(`unknown command "${command}"\n\n${usage}`);
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
  process.exitCode = 1;
}
