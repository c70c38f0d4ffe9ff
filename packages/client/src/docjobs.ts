import { JobFailedError } from './errors.ts';
import { followJob, type WaitOptions } from './follow-job.ts';
import { type Query, Transport, type TransportOptions } from './http.ts';
import { everyItem } from './paging.ts';
import { type QualityGateOptions, type QualityGateOutcome, qualityGate } from './quality-gate.ts';
import { CasesApi, DefinitionsApi, KeysApi, WebhooksApi } from './resources.ts';
import { serverSentEvents } from './sse.ts';
import { type DocumentInput, submitBody } from './submit-body.ts';
import type { CallOptions, SubmitInput } from './submit-input.ts';
import type {
  BulkAction,
  BulkRequest,
  BulkResult,
  ChunkPage,
  Classifier,
  ClassifierChanges,
  ClassifierDeleted,
  ClassifierInput,
  ClassifierPage,
  DeleteResult,
  ExportQuery,
  Extractor,
  ExtractorChanges,
  ExtractorDeleted,
  ExtractorInput,
  ExtractorPage,
  Job,
  JobFilters,
  JobPage,
  JobPages,
  JobStatus,
  JobType,
  Me,
  OperationRequest,
  PageQuery,
  ResultFormat,
  ResultOf,
  SearchRequest,
  SearchResult,
  Stats,
  StatsQuery,
  TextFormat,
  Usage,
  UsageQuery,
} from './types.ts';

export type DocjobsOptions = TransportOptions;
export type { CallOptions, SubmitInput };

type Chunk = NonNullable<ChunkPage['chunks']>[number];

/** One event of GET /v1/jobs/{id}/events or GET /v1/events; `data` always has the job `id`. */
export interface JobEvent {
  event: 'state' | 'status' | 'stage' | 'pages' | 'progress' | 'quality' | 'end' | (string & {});
  data: Partial<Job> & { id: string };
}

export interface EventsOptions extends CallOptions {
  /** One job's events (ends after its terminal status); without it, every job of the organisation. */
  jobId?: string;
  status?: JobStatus[];
  type?: JobType;
  metadata?: Record<string, string>;
  /** Open the stream again when it drops (default true). */
  reconnect?: boolean;
}

type JobRef<T extends JobType> = string | { id: string; type: T };
const idOf = (job: JobRef<JobType>) => (typeof job === 'string' ? job : job.id);
const jobPath = (job: JobRef<JobType>) => `/v1/jobs/${encodeURIComponent(idOf(job))}`;

/**
 * The docjobs API. `new Docjobs({ baseUrl, apiKey })`, then `submitAndWait({ file, type })`.
 * Every method throws DocjobsError (code, status, field, requestId) on a refusal.
 */
export class Docjobs {
  readonly #http: Transport;
  readonly #fetch: typeof fetch;
  /** Saved schemas + prompts for extract jobs (`extractorId`). */
  readonly extractors: DefinitionsApi<
    Extractor,
    ExtractorInput,
    ExtractorChanges,
    ExtractorDeleted,
    ExtractorPage
  >;
  /** Saved category sets for classify jobs (`classifierId`). */
  readonly classifiers: DefinitionsApi<
    Classifier,
    ClassifierInput,
    ClassifierChanges,
    ClassifierDeleted,
    ClassifierPage
  >;
  /** Long-term collections of documents. */
  readonly cases: CasesApi;
  /** The organisation's webhook and the delivery log. */
  readonly webhooks: WebhooksApi;
  /** The organisation's API keys: list, create, revoke. */
  readonly keys: KeysApi;

  constructor(options: DocjobsOptions) {
    this.#http = new Transport(options);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.extractors = new DefinitionsApi(this.#http, '/v1/extractors');
    this.classifiers = new DefinitionsApi(this.#http, '/v1/classifiers');
    this.cases = new CasesApi(this.#http);
    this.webhooks = new WebhooksApi(this.#http);
    this.keys = new KeysApi(this.#http);
  }

  /** Who this client's key belongs to: the organisation (id, name) and the key (never its secret). */
  me(options: CallOptions = {}): Promise<Me> {
    return this.#http.json({ method: 'GET', path: '/v1/me', signal: options.signal });
  }

  /** The server's address, as requests use it. */
  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** Submit a document; answers the queued job (or, for a repeated Idempotency-Key, the first one). */
  async submit<T extends JobType = 'parse'>(
    input: SubmitInput<T>,
    options: CallOptions = {},
  ): Promise<Job<T>> {
    const { file, urlFetch, idempotencyKey, ...fields } = input;
    const body = await submitBody(fields, { file, urlFetch }, this.#fetch);
    return this.#http.json<Job<T>>({
      method: 'POST',
      path: '/v1/jobs',
      ...body,
      // Every submit carries a key, so that a retry after a lost answer gives the same job.
      headers: { 'idempotency-key': idempotencyKey ?? crypto.randomUUID() },
      idempotent: true,
      signal: options.signal,
    });
  }

  /**
   * Propose a JSON Schema from a document (POST /v1/schemas/generate): a `schema` job, whose result
   * (`result(job)`) holds a schema an extract job takes as it is. Same input as `submit`, without `type`.
   */
  async generateSchema(
    input: Omit<SubmitInput<'schema'>, 'type'>,
    options: CallOptions = {},
  ): Promise<Job<'schema'>> {
    const { file, urlFetch, idempotencyKey, ...fields } = input;
    const body = await submitBody(fields, { file, urlFetch }, this.#fetch);
    return this.#http.json<Job<'schema'>>({
      method: 'POST',
      path: '/v1/schemas/generate',
      ...body,
      headers: { 'idempotency-key': idempotencyKey ?? crypto.randomUUID() },
      idempotent: true,
      signal: options.signal,
    });
  }

  /** The job as it is now. */
  get<T extends JobType = JobType>(job: JobRef<T>, options: CallOptions = {}): Promise<Job<T>> {
    return this.#http.json({ method: 'GET', path: jobPath(job), signal: options.signal });
  }

  /**
   * The job once it is terminal (completed, partial, failed, timeout, cancelled, expired), whatever
   * the status: check `status`. Long-polls the server; with `onProgress`, follows its events.
   * Throws WaitTimeoutError after `timeoutMs`.
   */
  wait<T extends JobType = JobType>(job: JobRef<T>, options: WaitOptions = {}): Promise<Job<T>> {
    return followJob(this, this.#http, idOf(job), options) as Promise<Job<T>>;
  }

  /** Submit, then wait; a job that ends without a result (failed, timeout …) throws JobFailedError. */
  async submitAndWait<T extends JobType = 'parse'>(
    input: SubmitInput<T>,
    options: WaitOptions = {},
  ): Promise<Job<T>> {
    const submitted = await this.submit(input, options);
    const job = await this.wait(submitted, options);
    if (job.status !== 'completed' && job.status !== 'partial') throw new JobFailedError(job);
    return job;
  }

  /**
   * Submit and wait; when the job's quality (or an extraction's confidence) is below the gate, run
   * it again with stronger OCR (premium, then tesseract) until it passes or the attempts run out:
   * then QualityGateError, unless `returnBest`.
   */
  submitWithQualityGate<T extends JobType = 'parse'>(
    input: SubmitInput<T>,
    gate: QualityGateOptions,
  ): Promise<QualityGateOutcome<T>> {
    return qualityGate(this, input, gate);
  }

  /** The result: JSON typed by the job's type (pass the job, or `{ type }`), or text in another format. */
  result<T extends JobType = JobType>(
    job: JobRef<T>,
    options?: { format?: 'json'; type?: T } & CallOptions,
  ): Promise<ResultOf<T>>;
  result(job: JobRef<JobType>, options: { format: TextFormat; as?: 'text' } & CallOptions): Promise<string>;
  result(
    job: JobRef<JobType>,
    options: { format: ResultFormat; as: 'stream' } & CallOptions,
  ): Promise<ReadableStream<Uint8Array>>;
  async result(
    job: JobRef<JobType>,
    options: { format?: ResultFormat; as?: 'text' | 'stream'; type?: JobType } & CallOptions = {},
  ): Promise<unknown> {
    const format = options.format ?? 'json';
    const spec = {
      method: 'GET',
      path: `${jobPath(job)}/result`,
      query: { format },
      signal: options.signal,
    } as const;
    if (options.as === 'stream') return (await this.#http.send({ ...spec, timeoutMs: null })).body;
    if (format === 'json') return this.#http.json(spec);
    return (await this.#http.send(spec)).text();
  }

  /** One page of jobs, newest first. */
  listPage(filters: JobFilters & PageQuery = {}, options: CallOptions = {}): Promise<JobPage> {
    return this.#http.json({
      method: 'GET',
      path: '/v1/jobs',
      query: filters as Query,
      signal: options.signal,
    });
  }

  /** Every job that matches, newest first, page after page (`limit` is the page size). */
  list(filters: JobFilters & Omit<PageQuery, 'offset'> = {}, options: CallOptions = {}): AsyncGenerator<Job> {
    const { cursor, ...rest } = filters;
    return everyItem(
      (next) => this.listPage({ ...rest, cursor: next }, options),
      (page) => page.jobs,
      cursor,
    );
  }

  /** Cancel a queued or running job; running work stops. */
  cancel<T extends JobType = JobType>(job: JobRef<T>, options: CallOptions = {}): Promise<Job<T>> {
    return this.#http.json({
      method: 'POST',
      path: `${jobPath(job)}/cancel`,
      idempotent: true,
      signal: options.signal,
    });
  }

  /** Run the same request again as a new job (its `reprocessedFrom` is this one). */
  retry<T extends JobType = JobType>(job: JobRef<T>, options: CallOptions = {}): Promise<Job<T>> {
    return this.#http.json({ method: 'POST', path: `${jobPath(job)}/retry`, signal: options.signal });
  }

  /** Delete a terminal job with its document and results (usage is kept). */
  delete(job: JobRef<JobType>, options: CallOptions = {}): Promise<DeleteResult> {
    return this.#http.json({ method: 'DELETE', path: jobPath(job), signal: options.signal });
  }

  /** Cancel, delete or reprocess several jobs, by `ids` or by `filter` (a page at a time: see hasMore). */
  bulk(action: BulkAction, request: BulkRequest, options: CallOptions = {}): Promise<BulkResult> {
    return this.#http.json({
      method: 'POST',
      path: `/v1/jobs/bulk/${action}`,
      json: request,
      idempotent: action !== 'reprocess',
      signal: options.signal,
    });
  }

  /** Counts, success rate, processing-time percentiles … of the jobs created in a period. */
  stats(query: StatsQuery = {}, options: CallOptions = {}): Promise<Stats> {
    return this.#http.json({
      method: 'GET',
      path: '/v1/jobs/stats',
      query: query as Query,
      signal: options.signal,
    });
  }

  /** Usage (jobs, pages, credits, LLM tokens) in total and per day and type. */
  usage(query: UsageQuery = {}, options: CallOptions = {}): Promise<Usage> {
    return this.#http.json({
      method: 'GET',
      path: '/v1/usage',
      query: query as Query,
      signal: options.signal,
    });
  }

  /** The matching jobs as CSV (default) or JSON, as a stream of bytes. */
  async export(query: ExportQuery = {}, options: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#http.send({
      method: 'GET',
      path: '/v1/jobs/export',
      query: query as Query,
      timeoutMs: null,
      signal: options.signal,
    });
    return response.body!;
  }

  /** Search the organisation's chunks: fulltext, vector or hybrid. */
  search(request: SearchRequest, options: CallOptions = {}): Promise<SearchResult> {
    return this.#http.json({
      method: 'POST',
      path: '/v1/search',
      json: request,
      idempotent: true,
      signal: options.signal,
    });
  }

  /** Job events as they happen (server-sent events), reconnecting when the stream drops. */
  async *events(options: EventsOptions = {}): AsyncGenerator<JobEvent> {
    const { jobId, signal, reconnect, ...filters } = options;
    const path = jobId ? `${jobPath(jobId)}/events` : '/v1/events';
    const stream = serverSentEvents(this.#http, path, jobId ? {} : filters, {
      signal,
      reconnect,
      until: (event) => jobId !== undefined && event.event === 'end',
    });
    for await (const event of stream) yield { event: event.event, data: JSON.parse(event.data) };
  }

  /** Another extraction, classification or question on a job's parsed content: a new job. */
  operation(job: JobRef<JobType>, request: OperationRequest, options: CallOptions = {}): Promise<Job> {
    return this.#http.json({
      method: 'POST',
      path: `${jobPath(job)}/operations`,
      json: request,
      signal: options.signal,
    });
  }

  /** The trace of a job's run: stages with timings, OCR passes, engine versions. */
  trace(job: JobRef<JobType>, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.#http.json({ method: 'GET', path: `${jobPath(job)}/trace`, signal: options.signal });
  }

  /** The original document, as a stream. */
  async document(job: JobRef<JobType>, options: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#http.send({
      method: 'GET',
      path: `${jobPath(job)}/document`,
      timeoutMs: null,
      signal: options.signal,
    });
    return response.body!;
  }

  /** The PDF an edit, fill or generate job made (GET /v1/jobs/{id}/output), as a stream. */
  async output(
    job: JobRef<'edit' | 'fill' | 'generate'>,
    options: CallOptions = {},
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#http.send({
      method: 'GET',
      path: `${jobPath(job)}/output`,
      timeoutMs: null,
      signal: options.signal,
    });
    return response.body!;
  }

  /**
   * Fill a PDF form (a `fill` job): `options.data` by field name, or at the blanks next to the
   * printed labels of a form without fields. Waits for the job; answers its report (filled,
   * skipped, notFound) and the filled PDF's bytes. A job that fails throws JobFailedError.
   */
  async fill(
    input: Omit<SubmitInput<'fill'>, 'type'>,
    options: WaitOptions = {},
  ): Promise<{ job: Job<'fill'>; report: ResultOf<'fill'>; pdf: Uint8Array }> {
    const job = await this.submitAndWait<'fill'>({ ...input, type: 'fill' } as SubmitInput<'fill'>, options);
    const report = await this.result(job, { signal: options.signal });
    const pdf = new Uint8Array(await new Response(await this.output(job, options)).arrayBuffer());
    return { job, report, pdf };
  }

  /** The PDF of part `n` (1-based) of a split job (GET /v1/jobs/{id}/parts/{n}/document), as a stream. */
  async part(
    job: JobRef<'split'>,
    n: number,
    options: CallOptions = {},
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#http.send({
      method: 'GET',
      path: `${jobPath(job)}/parts/${n}/document`,
      timeoutMs: null,
      signal: options.signal,
    });
    return response.body!;
  }

  /** A PNG of one page (1-based). */
  async thumbnail(
    job: JobRef<JobType>,
    page: number,
    options: { width?: number } & CallOptions = {},
  ): Promise<Blob> {
    const path = `${jobPath(job)}/pages/${page}/thumbnail`;
    const query = { width: options.width };
    return (await this.#http.send({ method: 'GET', path, query, signal: options.signal })).blob();
  }

  /** The pages the job read: each one's size in the units of the job's boxes, and its quality. */
  pages(job: JobRef<JobType>, options: CallOptions = {}): Promise<JobPages> {
    return this.#http.json({ method: 'GET', path: `${jobPath(job)}/pages`, signal: options.signal });
  }

  /** A PNG of one figure (its `name` in the parse result). */
  async figure(job: JobRef<JobType>, name: string, options: CallOptions = {}): Promise<Blob> {
    const path = `${jobPath(job)}/figures/${encodeURIComponent(name)}`;
    return (await this.#http.send({ method: 'GET', path, signal: options.signal })).blob();
  }

  /** Every chunk of a chunk (or parse) job, page after page. */
  chunks(job: JobRef<JobType>, options: { limit?: number } & CallOptions = {}): AsyncGenerator<Chunk> {
    const page = (cursor: string | undefined) =>
      this.#http.json<ChunkPage>({
        method: 'GET',
        path: `${jobPath(job)}/chunks`,
        query: { limit: options.limit, cursor },
        signal: options.signal,
      });
    return everyItem(page, (p) => p.chunks);
  }

  /** True when the server answers /readyz (its database answers); asked once, never retried. */
  async ready(options: CallOptions = {}): Promise<boolean> {
    return this.#http.send({ method: 'GET', path: '/readyz', signal: options.signal, retries: 0 }).then(
      () => true,
      () => false,
    );
  }
}

export type { DocumentInput };
