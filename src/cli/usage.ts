import { exitCodeHelp } from './exit-codes.ts';

export const usage = `docjobs — document-processing jobs

On the server:
  docjobs serve [--no-worker]          API (and, by default, an in-process worker)
  docjobs worker                       a worker only (needs DATABASE_URL to share work)
  docjobs keys create --org NAME       print a new API key for an organisation
  docjobs purge [--dry-run]            run the retention purge now (--dry-run: show what would go)

Against a server (through @docjobs/client):
  docjobs submit FILE... | DIR [--type parse] [--wait] [--format json|markdown|text|jsonl|csv|html]
                 [--out DIR] [--concurrency 4] [--metadata K=V]... [--case ID] [--webhook-url URL]
                 [--options '{"ocr":"force","languages":["eng","deu"]}'] [--min-quality 0.8]
  docjobs submit FILE --type extract (--schema schema.json | --extractor ext_…) [--prompt TEXT] [--engine builtin|llm]
  docjobs submit FILE --type classify (--categories categories.json | --classifier cls_…)
  docjobs submit FILE --type chunk [--options '{"chunking":{"strategy":"size","maxTokens":256}}'] --format jsonl
  docjobs submit FILE --type workflow --steps steps.json       (--format csv for extractions as a table)
  docjobs submit FILE --type split [--ranges 1-3,4-6] [--categories categories.json]   (else found boundaries)
  docjobs submit FILE --type edit --options '{"operations":[{"type":"redact","strings":["Jane Doe"]}]}' --wait
  docjobs jobs list [--status S]... [--type T] [--case ID] [--created-after DATE] [--created-before DATE]
                    [--metadata K=V]... [--limit 50]
  docjobs jobs get|wait|watch|retry|cancel|delete ID        (wait: [--timeout SECONDS])
  docjobs jobs result ID [--format json|markdown|text|jsonl|csv|html] [--out FILE]
  docjobs jobs output ID [--out FILE]                        the PDF an edit job made
  docjobs stats [--period 24h|7d|30d | --from DATE --to DATE]
  docjobs usage [--period 24h|7d|30d | --from DATE --to DATE]
  docjobs export [--format csv|json] [--include-data] [--out FILE] [the filters of jobs list]
  docjobs webhook get | set URL [--secret whsec_…] [--events job.completed,job.failed] | test [URL]
  docjobs keys list | create [--name NAME] | revoke KEY_ID [--self]   the organisation's API keys
  docjobs search "QUERY" [--case ID] [--top 10] [--mode hybrid|fulltext|vector]

Every command takes --json (machine-readable output on stdout); progress and notes go to stderr.

Where the remote commands connect, first found wins: --url and --api-key; DOCJOBS_URL and
DOCJOBS_API_KEY; $XDG_CONFIG_HOME/docjobs/config.json (default ~/.config/docjobs/config.json) as
{"url": "http://…", "apiKey": "dj_…"}; then this machine's server: HOST and PORT, DATA_DIR/api-key.

${exitCodeHelp}

The server's configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL,
WORKER_CONCURRENCY, MAX_UPLOAD_MB, OCR_WORKERS, LLM_BASE_URL, LLM_MODEL, LLM_API_KEY,
EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY, DOCJOBS_BOOTSTRAP_API_KEY.`;
