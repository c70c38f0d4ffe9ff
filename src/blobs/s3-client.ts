import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { IdleTimeoutHttpHandler } from './s3-http-handler.ts';
import { failureOf, s3RetryStrategy } from './s3-retry.ts';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials (STS) also carry a token, sent and signed as x-amz-security-token. */
  sessionToken?: string;
}

export interface S3Settings {
  bucket: string;
  /** Prepended to every key, without slashes at either end; '' for the bucket's root. */
  prefix: string;
  region: string;
  /** e.g. http://127.0.0.1:9000 (MinIO), https://ACCOUNT.r2.cloudflarestorage.com; null: AWS. */
  endpoint: string | null;
  /**
   * Keys given outright (AWS_ACCESS_KEY_ID …); absent: the SDK's default chain finds them and
   * renews them before they expire — AWS_PROFILE and SSO profiles, web identity (EKS IRSA), the
   * ECS task role, the EC2 instance role.
   */
  credentials?: S3Credentials;
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
  /** Requests sent before giving up. */
  readonly attempts: number;
  constructor(
    operation: string,
    key: string,
    failure: { status: number; code: string; detail: string; attempts: number },
    cause: unknown,
  ) {
    const { status, code, detail, attempts } = failure;
    const hint =
      code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId'
        ? ' (check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)'
        : '';
    super(
      `S3 ${operation} ${key || '(bucket)'} failed: ${status ? `${status} ` : ''}${code}${detail ? `: ${detail}` : ''}${hint}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      { cause },
    );
    this.status = status;
    this.code = code;
    this.attempts = attempts;
  }
}

/**
 * What an SDK call failed with, as one error saying which operation on which key, S3's status and
 * code (or the network's), and how many requests were sent. Not an SDK error (a bug of ours, an
 * AbortError): as it is.
 */
export function s3Error(error: unknown, operation: string, key: string): unknown {
  if (error instanceof S3Error) return error;
  const failed = error as {
    message?: string;
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number; attempts?: number };
  };
  if (!failed?.$metadata && !failed?.code) return error;
  const failure = failureOf(error);
  const status = 'status' in failure ? failure.status : 0;
  const code = 'status' in failure ? failure.code : failure.network;
  // The SDK's message for an error without one is its code or "UnknownError"; it says nothing more.
  const message = failed.message ?? '';
  const detail = message === code || message === 'UnknownError' ? '' : message;
  return new S3Error(
    operation,
    key,
    { status, code, detail, attempts: failed.$metadata?.attempts ?? 1 },
    error,
  );
}

/**
 * The AWS SDK v3 client for `settings`. With an endpoint the bucket goes in the path (MinIO and
 * most self-hosted servers only speak path style); on AWS it goes in the host name.
 * Checksums only where S3 requires one: since 3.729 the SDK adds CRC32 checksums (and streams them
 * as aws-chunked trailers) to every upload by default, which R2, older MinIO and most other
 * S3-compatible servers refuse; SigV4's payload hash already covers the bytes. DeleteObjects gets a
 * Content-MD5 besides the SDK's CRC32: S3 once required it, and S3-compatible servers still do.
 */
export async function createS3Client(settings: S3Settings): Promise<S3Client> {
  // Loaded here, on the first request: the SDK takes ~0.7 s and ~35 MB to import, which a
  // deployment keeping its blobs in DATA_DIR (the default) should never pay.
  const { S3Client } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    requestHandler: new IdleTimeoutHttpHandler(settings.timeoutMs ?? defaultS3TimeoutMs),
    retryStrategy: s3RetryStrategy(settings.maxRetries ?? defaultS3MaxRetries, settings.retryBaseMs ?? 100),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  // Outermost, so it sees what is left after the retries: every failure names its operation and key.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const key = (args.input as { Key?: string }).Key ?? '';
        throw s3Error(error, (context.commandName ?? 'S3').replace(/Command$/, ''), key);
      }
    },
    { step: 'initialize', name: 'namedS3Errors' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName === 'DeleteObjectsCommand' && request.headers && request.body) {
        const body = request.body as string | Uint8Array;
        request.headers['content-md5'] = createHash('md5').update(body).digest('base64');
      }
      return next(args);
    },
    { step: 'build', name: 'deleteObjectsContentMd5' },
  );
  return client;
}
