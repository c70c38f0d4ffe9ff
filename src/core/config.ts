import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/**
 * The whole configuration, parsed once at start from the environment (unkey's zEnv).
 * A bad value stops the process with a message naming the variable; nothing falls back silently.
 *
 * Read by hand rather than through zod: zod is 95 modules and ~10 MB of every process's memory
 * (API, worker, CLI) for these ~40 variables.
 */
type Env = Record<string, string | undefined>;

/** The readers of one parse: each reads a variable and notes what is wrong with it. */
function readers(env: Env) {
  const problems: string[] = [];
  const problem = (name: string, message: string) => problems.push(`${name}: ${message}`);
  const raw = (name: string) => env[name];
  return {
    problems,
    integer(name: string, fallback: number, min: number, max: number): number {
      const text = raw(name);
      if (text === undefined || text === '') return fallback;
      const value = Number(text);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      problem(name, `${name} must be an integer from ${min} to ${max}, got "${text}"`);
      return fallback;
    },
    flag(name: string): boolean {
      const text = raw(name);
      if (text === undefined || text === '' || text === 'false' || text === '0') return false;
      if (text === 'true' || text === '1') return true;
      problem(name, `${name} must be true or false, got "${text}"`);
      return false;
    },
    /** A variable that may be unset; set, it passes `check` (which returns what is wrong, if anything). */
    text(name: string, fallback: string, check?: (value: string) => string | null): string {
      const text = raw(name) ?? fallback;
      const wrong = check?.(text);
      if (wrong) problem(name, wrong);
      return text;
    },
    optional(name: string, check?: (value: string) => string | null): string | undefined {
      const text = raw(name);
      const wrong = text === undefined ? null : check?.(text);
      if (wrong) problem(name, wrong);
      return text;
    },
  };
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readEnv(env: Env) {
  const r = readers(env);
  const notEmpty = (name: string) => (value: string) => (value === '' ? `${name} must not be empty` : null);
  const e = {
    PORT: r.integer('PORT', 8080, 0, 65535),
    HOST: r.text('HOST', '127.0.0.1', notEmpty('HOST')),
    DATA_DIR: r.text('DATA_DIR', './data', notEmpty('DATA_DIR')),
    DATABASE_SCHEMA: r.text('DATABASE_SCHEMA', 'docjobs', (value) =>
      /^[a-z_][a-z0-9_]{0,40}$/.test(value)
        ? null
        : 'DATABASE_SCHEMA must be a lower-case SQL identifier of at most 41 characters',
    ),
    PGLITE_TEMPLATE_DIR: r.optional('PGLITE_TEMPLATE_DIR'),
    DATABASE_URL: r.optional('DATABASE_URL', (url) =>
      !url || /^postgres(ql)?:\/\//.test(url)
        ? null
        : 'DATABASE_URL must start with postgres:// or postgresql://',
    ),
    WORKER_CONCURRENCY: r.integer('WORKER_CONCURRENCY', 2, 1, 256),
    WORKER_BATCH_SIZE: r.integer('WORKER_BATCH_SIZE', 10, 2, 100),
    MAX_UPLOAD_MB: r.integer('MAX_UPLOAD_MB', 100, 1, 10240),
    // Each OCR worker is a thread with ~150 MB of wasm memory; one per core keeps every core busy.
    OCR_WORKERS: r.integer('OCR_WORKERS', availableParallelism(), 1, 64),
    // An OCR thread idle this long ends and gives back its 150-700 MB; the next scan starts one
    // again in 0.25 s (tesseract) to ~1 s (PaddleOCR). 0: kept until shutdown.
    OCR_IDLE_RELEASE_SECONDS: r.integer('OCR_IDLE_RELEASE_SECONDS', 60, 0, 86_400),
    MAX_RETRIES: r.integer('MAX_RETRIES', 3, 0, 20),
    RETENTION_DAYS: r.integer('RETENTION_DAYS', 14, 1, 36500),
    EXPIRED_GRACE_DAYS: r.integer('EXPIRED_GRACE_DAYS', 90, 0, 36500),
    PURGE_CRON: r.text('PURGE_CRON', '0 3 * * *', (cron) =>
      cron.length >= 9 ? null : `PURGE_CRON must be a cron expression such as "0 3 * * *", got "${cron}"`,
    ),
    WEBHOOK_RETRY_BASE_MS: r.integer('WEBHOOK_RETRY_BASE_MS', 5000, 1, 3_600_000),
    WEBHOOK_RETRY_HOURS: r.integer('WEBHOOK_RETRY_HOURS', 24, 0, 720),
    WEBHOOK_TIMEOUT_MS: r.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    WEBHOOK_ALLOW_PRIVATE: r.flag('WEBHOOK_ALLOW_PRIVATE'),
    MAX_RETENTION_DAYS: r.integer('MAX_RETENTION_DAYS', 365, 1, 36500),
    DEFAULT_TIMEOUT_SECONDS: r.integer('DEFAULT_TIMEOUT_SECONDS', 600, 1, 86400),
    BLOB_URL: r.optional('BLOB_URL'),
    S3_TIMEOUT_MS: r.integer('S3_TIMEOUT_MS', 30_000, 100, 600_000),
    S3_MAX_RETRIES: r.integer('S3_MAX_RETRIES', 3, 0, 10),
    SHUTDOWN_GRACE_SECONDS: r.integer('SHUTDOWN_GRACE_SECONDS', 30, 0, 3600),
    CORS_ORIGINS: r.optional('CORS_ORIGINS'),
    RATE_LIMIT_PER_MINUTE: r.integer('RATE_LIMIT_PER_MINUTE', 0, 0, 1_000_000),
    QUOTA_CONCURRENT_JOBS: r.integer('QUOTA_CONCURRENT_JOBS', 0, 0, 10_000_000),
    QUOTA_PAGES_PER_DAY: r.integer('QUOTA_PAGES_PER_DAY', 0, 0, 1_000_000_000),
    URL_FETCH_TIMEOUT_MS: r.integer('URL_FETCH_TIMEOUT_MS', 30_000, 100, 600_000),
    URL_FETCH_ALLOW_PRIVATE: r.flag('URL_FETCH_ALLOW_PRIVATE'),
    LLM_BASE_URL: r.optional('LLM_BASE_URL', (url) =>
      url === '' || URL.canParse(url)
        ? null
        : `LLM_BASE_URL must be a URL such as http://127.0.0.1:11434/v1, got "${url}"`,
    ),
    LLM_MODEL: r.optional('LLM_MODEL'),
    LLM_API_KEY: r.optional('LLM_API_KEY'),
    LLM_TIMEOUT_MS: r.integer('LLM_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    LLM_MAX_RETRIES: r.integer('LLM_MAX_RETRIES', 4, 0, 20),
    LLM_MAX_CHUNK_CHARS: r.integer('LLM_MAX_CHUNK_CHARS', 24_000, 1000, 10_000_000),
    EMBEDDINGS_BASE_URL: r.optional('EMBEDDINGS_BASE_URL', (url) =>
      url === '' || URL.canParse(url)
        ? null
        : `EMBEDDINGS_BASE_URL must be a URL such as http://127.0.0.1:11434/v1, got "${url}"`,
    ),
    EMBEDDINGS_MODEL: r.optional('EMBEDDINGS_MODEL'),
    EMBEDDINGS_API_KEY: r.optional('EMBEDDINGS_API_KEY'),
    EMBEDDINGS_TIMEOUT_MS: r.integer('EMBEDDINGS_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    EMBEDDINGS_MAX_RETRIES: r.integer('EMBEDDINGS_MAX_RETRIES', 4, 0, 20),
    // OpenAI takes up to 2,048 inputs a request; Ollama and llama.cpp work through them one by one,
    // so a smaller batch only costs round trips (64 chunks of 512 tokens: ~32k tokens a request).
    EMBEDDINGS_BATCH_SIZE: r.integer('EMBEDDINGS_BATCH_SIZE', 64, 1, 2048),
    DOCJOBS_BOOTSTRAP_API_KEY: r.optional('DOCJOBS_BOOTSTRAP_API_KEY', (key) =>
      !key || key.length >= 16 ? null : 'DOCJOBS_BOOTSTRAP_API_KEY must be at least 16 characters',
    ),
    LOG_LEVEL: r.text('LOG_LEVEL', 'info', (level) =>
      (logLevels as readonly string[]).includes(level)
        ? null
        : `LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${level}"`,
    ) as (typeof logLevels)[number],
  };
  return { e, problems: r.problems };
}

/** How to reach an OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp). */
export interface LlmSettings {
  /** Up to and including `/v1`, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  /** Per request. */
  timeoutMs: number;
  /** Retries of a 429 or 5xx answer, honouring Retry-After. */
  maxRetries: number;
  /** Documents longer than this go in chunks whose answers are merged. */
  maxChunkChars: number;
}

/** How to reach an OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp). */
export interface EmbeddingsSettings {
  /** Up to and including `/v1`, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  /** Retries of a 429 or 5xx answer (or a lost connection), honouring Retry-After. */
  maxRetries: number;
  /** Texts per request. */
  batchSize: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /**
   * Where the initdb template that new embedded data directories are unpacked from is kept;
   * null: `.docjobs-cache` in DATA_DIR's parent (store/pglite-template.ts).
   */
  pgliteTemplateDir: string | null;
  /** Our tables live here; pg-boss's in `${schema}_queue`. Several deployments can share one database. */
  databaseSchema: string;
  workerConcurrency: number;
  /** Jobs each fetch loop takes at once and runs side by side (2+: pg-boss only bursts on full batches). */
  workerBatchSize: number;
  maxUploadBytes: number;
  /** Size of the process-wide tesseract.js worker pool, shared by all jobs. */
  ocrWorkers: number;
  /** OCR threads (tesseract engines, PaddleOCR lanes) idle this long end; 0: never. */
  ocrIdleReleaseSeconds: number;
  maxRetries: number;
  /** A job's data is purged this long after it was submitted, unless the request says otherwise. */
  retentionDays: number;
  /** The furthest `expiresAt` a request may ask for. */
  maxRetentionDays: number;
  /** Expired rows (data gone, metadata and status kept) are dropped this long after they expired. */
  expiredGraceDays: number;
  /** When the purge runs (cron, UTC), as a pg-boss schedule. */
  purgeCron: string;
  /** First delay before a failed webhook delivery is tried again; it doubles, with jitter. */
  webhookRetryBaseMs: number;
  /** How long a delivery is retried before it is marked failed. */
  webhookRetryHours: number;
  webhookTimeoutMs: number;
  /** Allow webhook targets on private, loopback and link-local addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  defaultTimeoutSeconds: number;
  /** An OpenAI-compatible endpoint for extraction and classification; null: built-in engine only. */
  llm: LlmSettings | null;
  /** An OpenAI-compatible embeddings endpoint for chunks and vector search; null: full-text search only. */
  embeddings: EmbeddingsSettings | null;
  /** Where documents and results live: null for DATA_DIR/blobs, or `s3://bucket/prefix`. */
  blobUrl: string | null;
  /** BLOB_URL=s3://…: a request fails once its socket is idle this long; transient failures are retried. */
  s3TimeoutMs: number;
  s3MaxRetries: number;
  /** On SIGTERM, how long running jobs may take to finish before they are handed back. */
  shutdownGraceSeconds: number;
  /** Origins allowed by CORS; empty: CORS off (the default). `*` allows any. */
  corsOrigins: string[];
  /** Requests per minute per API key, shared by every API process; 0: no limit. */
  rateLimitPerMinute: number;
  /** Per organisation: jobs queued or running at once, and pages read per UTC day; 0: no quota. */
  quotaConcurrentJobs: number;
  quotaPagesPerDay: number;
  /** Documents submitted by `url`: the time the download may take; private targets need the flag. */
  urlFetchTimeoutMs: number;
  urlFetchAllowPrivate: boolean;
  bootstrapApiKey: string | null;
  logLevel: (typeof logLevels)[number];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { e, problems } = readEnv(env);
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || null,
    pgliteTemplateDir: e.PGLITE_TEMPLATE_DIR ? resolve(e.PGLITE_TEMPLATE_DIR) : null,
    databaseSchema: e.DATABASE_SCHEMA,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerBatchSize: e.WORKER_BATCH_SIZE,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    ocrWorkers: e.OCR_WORKERS,
    ocrIdleReleaseSeconds: e.OCR_IDLE_RELEASE_SECONDS,
    maxRetries: e.MAX_RETRIES,
    retentionDays: e.RETENTION_DAYS,
    maxRetentionDays: Math.max(e.MAX_RETENTION_DAYS, e.RETENTION_DAYS),
    expiredGraceDays: e.EXPIRED_GRACE_DAYS,
    purgeCron: e.PURGE_CRON,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    webhookRetryHours: e.WEBHOOK_RETRY_HOURS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    defaultTimeoutSeconds: e.DEFAULT_TIMEOUT_SECONDS,
    blobUrl: e.BLOB_URL || null,
    s3TimeoutMs: e.S3_TIMEOUT_MS,
    s3MaxRetries: e.S3_MAX_RETRIES,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    corsOrigins: (e.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    quotaConcurrentJobs: e.QUOTA_CONCURRENT_JOBS,
    quotaPagesPerDay: e.QUOTA_PAGES_PER_DAY,
    urlFetchTimeoutMs: e.URL_FETCH_TIMEOUT_MS,
    urlFetchAllowPrivate: e.URL_FETCH_ALLOW_PRIVATE,
    llm: e.LLM_BASE_URL
      ? {
          baseUrl: e.LLM_BASE_URL,
          model: e.LLM_MODEL || 'default',
          apiKey: e.LLM_API_KEY || null,
          timeoutMs: e.LLM_TIMEOUT_MS,
          maxRetries: e.LLM_MAX_RETRIES,
          maxChunkChars: e.LLM_MAX_CHUNK_CHARS,
        }
      : null,
    embeddings: e.EMBEDDINGS_BASE_URL
      ? {
          baseUrl: e.EMBEDDINGS_BASE_URL,
          model: e.EMBEDDINGS_MODEL || 'default',
          apiKey: e.EMBEDDINGS_API_KEY || null,
          timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
          maxRetries: e.EMBEDDINGS_MAX_RETRIES,
          batchSize: e.EMBEDDINGS_BATCH_SIZE,
        }
      : null,
    bootstrapApiKey: e.DOCJOBS_BOOTSTRAP_API_KEY || null,
    logLevel: e.LOG_LEVEL,
  };
}
