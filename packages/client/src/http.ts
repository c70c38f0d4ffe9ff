import { DocjobsError } from './errors.ts';
import type { ErrorEnvelope } from './generated/openapi.ts';

export interface TransportOptions {
  /** The server's address, like http://127.0.0.1:8080 (without /v1). */
  baseUrl: string;
  apiKey?: string;
  /** A fetch of your own (a proxy agent, a test double of the network); the global one by default. */
  fetch?: typeof fetch;
  /** Attempts after the first on a network error, a 5xx or a 429 (default 3). */
  retries?: number;
  /** How long each attempt may wait for the answer to begin (default 60 000 ms); long polls add their wait. */
  timeoutMs?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** What fetch sends (BodyInit, a name only the DOM library has). */
export type RequestBody = NonNullable<RequestInit['body']>;

export type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue | Record<string, string>>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** Any other body, made again for each attempt; null when it cannot be sent twice (a stream). */
  body?: () => Promise<{ body: RequestBody; headers?: Record<string, string>; replayable: boolean }>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Whether sending twice does no harm. GET, PUT and DELETE are; a POST only with an
   * Idempotency-Key or when the route says so (search, cancel).
   */
  idempotent?: boolean;
  /** This request's time limit instead of the client's; null for none (streams). */
  timeoutMs?: number | null;
  /** This request's retries instead of the client's. */
  retries?: number;
}

const retryableStatuses = new Set([429, 500, 502, 503, 504]);
/** A Retry-After longer than this is the server saying "not soon": the error goes to the caller. */
const maxRetryAfterSeconds = 120;

/** Requests with the key, retries, time limits, and errors as DocjobsError. */
export class Transport {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #retries: number;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;

  constructor(options: TransportOptions) {
    if (!URL.canParse(options.baseUrl)) throw new TypeError(`baseUrl is not a URL: "${options.baseUrl}"`);
    // `/v1` is the API's own: the client adds it (a baseUrl with it went twice).
    this.baseUrl = options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#retries = Math.max(0, options.retries ?? 3);
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#headers = options.headers ?? {};
  }

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) appendQuery(params, name, value);
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  /** The response of a request that succeeded (2xx), after retries; anything else throws. */
  async send(spec: RequestSpec): Promise<Response> {
    const idempotent = spec.idempotent ?? (spec.method !== 'POST' && spec.method !== 'PATCH');
    for (let attempt = 0; ; attempt++) {
      const made = spec.body ? await spec.body() : null;
      const canRetry = idempotent && attempt < (spec.retries ?? this.#retries) && (made?.replayable ?? true);
      let response: Response;
      try {
        response = await this.#attempt(spec, made);
      } catch (error) {
        const noAnswer =
          error instanceof DocjobsError && (error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT');
        if (!noAnswer || !canRetry) throw error;
        await pause(backoffMs(attempt), spec.signal);
        continue;
      }
      if (response.ok) return response;
      const failure = await errorOf(response);
      if (!canRetry || !retryableStatuses.has(response.status)) throw failure;
      const after = failure.retryAfterSeconds;
      if (after !== undefined && after > maxRetryAfterSeconds) throw failure;
      await pause(after !== undefined ? after * 1000 : backoffMs(attempt), spec.signal);
    }
  }

  /** A JSON answer. */
  async json<T>(spec: RequestSpec): Promise<T> {
    const response = await this.send(spec);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new DocjobsError('BAD_RESPONSE', `${spec.method} ${spec.path}: the answer is not JSON`, {
        status: response.status,
        requestId: response.headers.get('x-request-id') ?? undefined,
        cause,
      });
    }
  }

  async #attempt(
    spec: RequestSpec,
    made: { body: RequestBody; headers?: Record<string, string> } | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.#headers };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    let body: RequestBody | undefined = made?.body;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    }
    Object.assign(headers, made?.headers, spec.headers);
    const limit = spec.timeoutMs === undefined ? this.#timeoutMs : spec.timeoutMs;
    // A timer cleared when the answer comes, rather than AbortSignal.timeout, whose timer and
    // signal live on for the whole limit (thousands at once under load, for the GC to carry).
    const timeout = limit === null ? null : new AbortController();
    const timer =
      timeout &&
      setTimeout(() => timeout.abort(new DOMException('no answer in time', 'TimeoutError')), limit!);
    const signal =
      spec.signal && timeout
        ? AbortSignal.any([spec.signal, timeout.signal])
        : (spec.signal ?? timeout?.signal);
    const init: RequestInit & { duplex?: 'half' } = { method: spec.method, headers, body, signal };
    // A stream body needs half duplex (fetch's rule for request streams).
    if (body instanceof ReadableStream) init.duplex = 'half';
    try {
      return await this.#fetch(this.url(spec.path, spec.query), init);
    } catch (error) {
      throw failureOf(error, spec, limit);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

function appendQuery(params: URLSearchParams, name: string, value: Query[string]): void {
  if (value === undefined || value === null) return;
  if (value instanceof Date) params.append(name, value.toISOString());
  else if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
  else if (typeof value === 'object') {
    // metadata: {KEY: VALUE} is sent as metadata.KEY=VALUE
    for (const [key, item] of Object.entries(value)) params.append(`${name}.${key}`, String(item));
  } else params.append(name, String(value));
}

/** Why fetch threw: the caller's abort, our time limit, or no answer. */
function failureOf(error: unknown, spec: RequestSpec, limit: number | null): DocjobsError {
  const what = `${spec.method} ${spec.path}`;
  if (spec.signal?.aborted) {
    return new DocjobsError('ABORTED', `${what}: aborted`, { cause: spec.signal.reason ?? error });
  }
  if ((error as Error)?.name === 'TimeoutError') {
    return new DocjobsError('TIMEOUT', `${what}: no answer within ${limit} ms`, { cause: error });
  }
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new DocjobsError('NETWORK_ERROR', `${what}: ${reason}`, { cause: error });
}

/** The error a non-2xx answer stands for, from docjobs' envelope when there is one. */
export async function errorOf(response: Response): Promise<DocjobsError> {
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const text = await response.text().catch(() => '');
  let envelope: ErrorEnvelope['error'] | undefined;
  try {
    envelope = (JSON.parse(text) as ErrorEnvelope).error;
  } catch {}
  if (!envelope?.code) {
    const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    return new DocjobsError(
      'BAD_RESPONSE',
      `HTTP ${response.status} that is not a docjobs answer (${type})`,
      {
        status: response.status,
        requestId,
        retryAfterSeconds: retryAfter,
      },
    );
  }
  const { code, message, field, requestId: id, ...details } = envelope;
  return new DocjobsError(code, message ?? code, {
    status: response.status,
    field,
    requestId: id ?? requestId,
    retryAfterSeconds: retryAfter,
    details,
  });
}

/** Retry-After in seconds: a number of seconds or an HTTP date. */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** Exponential backoff with full jitter: 0-250 ms, 0-500 ms, … up to 0-8 s. */
const backoffMs = (attempt: number) => Math.random() * Math.min(8000, 250 * 2 ** attempt);

/** Wait `ms`, or reject at once when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DocjobsError('ABORTED', 'aborted', { cause: signal.reason }));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(new DocjobsError('ABORTED', 'aborted', { cause: signal?.reason }));
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
