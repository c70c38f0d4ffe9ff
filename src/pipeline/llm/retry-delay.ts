/**
 * How long to wait before retrying a 429/5xx/network failure of the LLM endpoint.
 * The server's Retry-After wins (OpenAI, vLLM behind a gateway and Azure send it on 429);
 * without one, exponential backoff with jitter from 1 s.
 */
import { backoffMs as exponentialBackoffMs } from '../../core/backoff.ts';

/** A server asking for longer than this is waited for this long; the retry may then fail again. */
export const maxRetryAfterMs = 60_000;
const backoffBaseMs = 1000;
const maxBackoffMs = 30_000;

/**
 * `retry-after-ms` (OpenAI's, milliseconds) or `retry-after` (seconds or an HTTP date, RFC 9110);
 * null when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.min(milliseconds, maxRetryAfterMs);
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(Number(value) * 1000, maxRetryAfterMs);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(date - now, 0), maxRetryAfterMs);
}

/** After the `failedAttempt`-th failure (1-based): 1 s, 2 s, 4 s … up to 30 s, each ±20 %. */
export function backoffMs(failedAttempt: number): number {
  // Jitter first, then the cap: a long outage settles on exactly 30 s between tries.
  const jittered = exponentialBackoffMs(failedAttempt, {
    baseMs: backoffBaseMs,
    maxMs: Number.POSITIVE_INFINITY,
    jitter: 'proportional',
  });
  return Math.min(jittered, maxBackoffMs);
}
