import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { backoffMs } from '../core/backoff.ts';
/**
 * Which failed S3 requests are sent again, and after how long. The rules are the AWS SDKs' "standard"
 * retry mode (aws-sdk-js-v3 `@smithy/util-retry`): throttling answers, 5xx and broken connections
 * are transient; every other 4xx is an answer about the request (a wrong key, a missing object) and
 * would come back the same. Given to the SDK as its retry strategy (s3RetryStrategy), so S3_MAX_RETRIES
 * and the backoff base are ours and one list of codes decides, including our idle timeout's ETIMEDOUT.
 */

/** What one attempt ended with: an S3 answer (status and error code) or a network error code. */
export type S3Failure = { status: number; code: string } | { network: string };

/** 429 and 503 SlowDown: S3 refused the request before doing anything; back off longer. */
const throttlingCodes = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequests',
  'RequestThrottled',
]);

/**
 * Codes that mean "try again" whatever the status: S3's 400 RequestTimeout (the server gave up
 * waiting for our body), and the errors CompleteMultipartUpload can put in a 200's body.
 */
const transientCodes = new Set(['RequestTimeout', 'InternalError', 'ServiceUnavailable', ...throttlingCodes]);

/**
 * ECONNRESET/EPIPE/"socket hang up": a kept-alive socket the server had closed, or a proxy that
 * dropped us. ETIMEDOUT: our own idle timeout, or the OS's connect timeout. ECONNREFUSED: nothing
 * listens (MinIO restarting). EAI_AGAIN: DNS could not answer now. ENOTFOUND is not here: a host
 * that does not exist is a configuration error, not a blip.
 */
const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export function isThrottling(failure: S3Failure): boolean {
  return 'status' in failure && (failure.status === 429 || throttlingCodes.has(failure.code));
}

export function isTransient(failure: S3Failure): boolean {
  if ('network' in failure) return transientNetworkCodes.has(failure.network);
  return failure.status === 429 || failure.status >= 500 || transientCodes.has(failure.code);
}

/** The SDKs' largest wait between two attempts. */
export const maxRetryDelayMs = 20_000;

/**
 * Before retry number `retry` (1-based): "full jitter" (uniform in [0, base × 2^retry)), capped at
 * 20 s, with the SDKs' bases of 100 ms, and 500 ms after a throttling answer — a bucket answering
 * SlowDown needs the load to go down, not the same load a few milliseconds later. Full jitter
 * spreads the retries of many workers that failed together (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"). With the defaults (3 retries) a request gives up within 1.4 s of waits, 7 s
 * when throttled.
 */
export function retryDelayMs(
  retry: number,
  baseMs: number,
  throttled: boolean,
  random: () => number = Math.random,
): number {
  const base = throttled ? baseMs * 5 : baseMs;
  return backoffMs(retry + 1, { baseMs: base, maxMs: maxRetryDelayMs, jitter: 'full', random });
}

/** An SDK error as the rules above read it: S3's answer (status and code), or the network error's code. */
export function failureOf(error: unknown): S3Failure {
  const failed = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = failed?.$metadata?.httpStatusCode;
  if (status) return { status, code: failed.name ?? 'Error' };
  return { network: failed?.code ?? failed?.name ?? 'NetworkError' };
}

/**
 * The SDK's retry hook: up to `maxRetries` retries of a transient failure, waiting retryDelayMs.
 * Every request is retried, the POSTs too: CompleteMultipartUpload and DeleteObjects do the same
 * thing twice, and a CreateMultipartUpload whose answer was lost leaves an upload without parts,
 * which stores nothing (a bucket lifecycle rule clears it). No retry quota: a worker's few
 * concurrent requests cannot make the retry storm the SDK's token bucket guards against.
 */
export function s3RetryStrategy(maxRetries: number, baseMs: number): RetryStrategyV2 {
  const token = (retries: number, delayMs: number): RetryToken => ({
    getRetryCount: () => retries,
    getRetryDelay: () => delayMs,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo) {
      const failure = failureOf(info.error);
      const retry = previous.getRetryCount() + 1;
      if (retry > maxRetries || !isTransient(failure)) throw info.error;
      return token(retry, retryDelayMs(retry, baseMs, isThrottling(failure)));
    },
    recordSuccess: () => {},
  };
}
