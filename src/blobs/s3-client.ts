import http, { type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isThrottling, isTransient, retryDelayMs, type S3Failure } from './s3-retry.ts';
import { emptySha256, type S3Credentials, sha256Hex, signRequest, uriEncode } from './s3-sigv4.ts';

export interface S3Settings {
  bucket: string;
  /** Prepended to every key, without slashes at either end; '' for the bucket's root. */
  prefix: string;
  region: string;
  /** e.g. http://127.0.0.1:9000 (MinIO), https://ACCOUNT.r2.cloudflarestorage.com; null: AWS. */
  endpoint: string | null;
  credentials: S3Credentials;
  /**
   * A request fails when its socket is idle this long: no connection, no answer, or a body that
   * stops arriving (S3_TIMEOUT_MS, 30 s). Idle, not total: an 8 MiB part on a slow link keeps going.
   */
  timeoutMs?: number;
  /** Retries of a transient failure (S3_MAX_RETRIES, 3), see s3-retry.ts. */
  maxRetries?: number;
  /** The backoff's base (100 ms; tests use 1). */
  retryBaseMs?: number;
}

export const defaultS3TimeoutMs = 30_000;
export const defaultS3MaxRetries = 3;

export class S3Error extends Error {
  override name = 'S3Error';
  /** S3's HTTP status; 0 when no answer came (the connection failed or timed out). */
  readonly status: number;
  /** S3's error code (NoSuchKey, SlowDown …), or the network error's (ECONNRESET, ETIMEDOUT …). */
  readonly code: string;
  /** S3's message, or the network error's. */
  readonly detail: string;
  /** Requests sent before giving up. */
  readonly attempts: number;
  readonly operation: string;
  readonly key: string;
  constructor(
    operation: string,
    key: string,
    status: number,
    code: string,
    detail: string,
    options: { attempts?: number; cause?: unknown } = {},
  ) {
    const hint =
      code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId'
        ? ' (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)'
        : '';
    const attempts = options.attempts ?? 1;
    super(
      `S3 ${operation} ${key || '(bucket)'} failed: ${status ? `${status} ` : ''}${code}${detail ? `: ${detail}` : ''}${hint}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      { cause: options.cause },
    );
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.attempts = attempts;
    this.operation = operation;
    this.key = key;
  }

  /** The same failure, saying how many requests were sent. */
  after(attempts: number): S3Error {
    const { operation, key, status, code, detail, cause } = this;
    return new S3Error(operation, key, status, code, detail, { attempts, cause });
  }
}

export interface S3Request {
  /** S3's name for it (PutObject, ListObjectsV2 …), for error messages. */
  operation: string;
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** The whole object key, prefix included; '' for a request on the bucket. */
  key: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /**
   * Bytes, never a stream: a request is sent again after a transient failure, and a stream's bytes
   * are gone once sent. No upload needs one: the store buffers each part (8 MiB) and sends a body
   * shorter than a part as one PutObject from that buffer, so every request we make can be repeated.
   */
  body?: Uint8Array;
  /** Statuses that are answers rather than failures (404 for HeadObject). */
  accept?: number[];
  /**
   * S3 may answer 200 and put an <Error> in the body, when it fails after the headers went out
   * (CompleteMultipartUpload's documentation says so): read as that error, retried if transient.
   */
  errorIn200?: boolean;
}

export interface S3Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** S3's replies other than GetObject's are small XML documents, read whole. */
  text: string;
}

export interface S3Client {
  send(request: S3Request): Promise<S3Reply>;
  /** The whole body as bytes (GetObject into memory), retried like send() if it breaks off. */
  read(request: S3Request): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>;
  /**
   * The body as a stream, for GetObject. Retried until the answer's headers arrive; a body that
   * breaks off later (or stalls past the timeout) is an error on the stream, for its reader.
   */
  open(request: S3Request): Promise<IncomingMessage>;
}

/**
 * One signed request per attempt. With an endpoint the bucket goes in the path (MinIO and most
 * self-hosted servers only speak path style); on AWS it goes in the host name.
 * node:http rather than fetch: fetch copies a byte body before sending it (the spec says so), an
 * extra 8 MiB of garbage per part that, in a 20 MiB upload, left the RSS 48 MiB higher.
 *
 * Every request is retried on throttling, 5xx and broken or silent connections (s3-retry.ts), up
 * to `maxRetries` times with backoff. That includes the POSTs: CompleteMultipartUpload and
 * DeleteObjects do the same thing twice, and a CreateMultipartUpload whose answer was lost leaves
 * an upload without parts, which stores nothing (a bucket lifecycle rule clears it).
 */
export function createS3Client(settings: S3Settings): S3Client {
  const endpoint = settings.endpoint
    ? new URL(settings.endpoint)
    : new URL(`https://${settings.bucket}.s3.${settings.region}.amazonaws.com`);
  const base = settings.endpoint
    ? `${endpoint.pathname.replace(/\/$/, '')}/${uriEncode(settings.bucket)}`
    : '';
  const timeoutMs = settings.timeoutMs ?? defaultS3TimeoutMs;
  const maxRetries = settings.maxRetries ?? defaultS3MaxRetries;
  const retryBaseMs = settings.retryBaseMs ?? 100;

  /** One attempt, up to the answer's headers; a failure is an S3Error (status 0: no answer). */
  async function attempt(request: S3Request, payloadHash: string): Promise<IncomingMessage> {
    const url = new URL(endpoint);
    url.pathname = request.key ? `${base}/${request.key.split('/').map(uriEncode).join('/')}` : base || '/';
    // Built by hand, encoded the way it is signed: URLSearchParams would write a space as '+'.
    url.search = Object.entries(request.query ?? {})
      .map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`)
      .join('&');
    const body = request.body;
    // Signed again each attempt: x-amz-date moves on, and S3 refuses a signature 15 minutes old.
    const headers = signRequest(
      { method: request.method, url, headers: request.headers, payloadHash, region: settings.region },
      settings.credentials,
    );
    if (body) headers['content-length'] = String(body.byteLength);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      let answer: IncomingMessage | null = null;
      const sent: ClientRequest = transport.request(url, { method: request.method, headers });
      sent.on('response', (response: IncomingMessage) => {
        answer = response;
        resolve(response);
      });
      sent.on('error', reject);
      sent.on('socket', (socket) => watchIdle(sent, socket, () => answer, timeoutMs));
      sent.end(body);
    }).catch((error: NodeJS.ErrnoException) => {
      throw new S3Error(request.operation, request.key, 0, error.code ?? 'NetworkError', error.message, {
        cause: error,
      });
    });
    const status = response.statusCode ?? 0;
    if ((status >= 200 && status < 300) || request.accept?.includes(status)) return response;
    const text = (await readBody(response, request)).toString('utf8');
    throw errorOf(request, status, text, response.statusMessage || 'Error');
  }

  /** `run` again after a transient failure, until it passes or the retries are spent. */
  async function withRetries<T>(request: S3Request, run: (payloadHash: string) => Promise<T>): Promise<T> {
    const payloadHash = request.body ? sha256Hex(request.body) : emptySha256; // once, not per attempt
    for (let retries = 0; ; retries++) {
      try {
        return await run(payloadHash);
      } catch (error) {
        if (!(error instanceof S3Error)) throw error;
        const failure: S3Failure = error.status ? error : { network: error.code };
        if (retries >= maxRetries || !isTransient(failure)) {
          throw retries === 0 ? error : error.after(retries + 1);
        }
        await sleep(retryDelayMs(retries + 1, retryBaseMs, isThrottling(failure)));
      }
    }
  }

  /** The whole body of a 2xx; an <Error> in it when the request says S3 may put one there. */
  async function readWhole(request: S3Request, payloadHash: string) {
    const response = await attempt(request, payloadHash);
    const body = await readBody(response, request);
    if (request.errorIn200 && response.statusCode === 200 && body.includes('<Error>')) {
      throw errorOf(request, 200, body.toString('utf8'), 'Error');
    }
    return { status: response.statusCode!, headers: response.headers, body };
  }

  return {
    open: (request) => withRetries(request, (hash) => attempt(request, hash)),
    read: (request) => withRetries(request, (hash) => readWhole(request, hash)),
    async send(request) {
      const reply = await withRetries(request, (hash) => readWhole(request, hash));
      return { status: reply.status, headers: reply.headers, text: reply.body.toString('utf8') };
    },
  };
}

/**
 * Fails the request when its socket has been idle for `timeoutMs`: before the answer (the promise
 * rejects), or while the body streams (the reader's stream fails with this error rather than waiting
 * forever). Not while the reader is the one holding things up: a full buffer means the socket was
 * paused for it (a slow HTTP client downloading the document), so the watch starts over.
 * On the socket itself: ClientRequest's `timeout` event fires once per socket, and a pooled socket
 * outlives the request, so the listener goes when the request closes.
 */
function watchIdle(
  sent: ClientRequest,
  socket: Socket,
  answer: () => IncomingMessage | null,
  timeoutMs: number,
): void {
  const onIdle = () => {
    const reply = answer();
    if (reply && reply.readableLength >= reply.readableHighWaterMark) {
      socket.setTimeout(timeoutMs);
      return;
    }
    const idle = Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
    reply?.destroy(idle);
    sent.destroy(idle);
  };
  socket.setTimeout(timeoutMs);
  socket.on('timeout', onIdle);
  sent.once('close', () => socket.off('timeout', onIdle));
}

function errorOf(request: S3Request, status: number, text: string, fallbackCode: string): S3Error {
  const code = xmlValues(text, 'Code')[0] ?? fallbackCode;
  return new S3Error(request.operation, request.key, status, code, xmlValues(text, 'Message')[0] ?? '');
}

/** A body that breaks off (reset, idle timeout) is a network failure of the request, retried as one. */
async function readBody(stream: IncomingMessage, request: S3Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new S3Error(request.operation, request.key, 0, code ?? 'NetworkError', message, { cause: error });
  }
  return Buffer.concat(chunks);
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of every `<tag>` element: S3's replies are flat enough not to need an XML parser. */
export function xmlValues(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) =>
    match[1]!.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name, dec, hex) =>
      dec
        ? String.fromCodePoint(Number(dec))
        : hex
          ? String.fromCodePoint(parseInt(hex, 16))
          : entities[name]!,
    ),
  );
}

export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&${Object.keys(entities).find((name) => entities[name] === c)};`);
