import { backoffMs } from './backoff.ts';

/**
 * When a failed attempt is tried again: the base delay doubling per attempt, capped at an hour,
 * ±20 % jitter so receivers that failed together are not hit together again. With the defaults
 * (5 s base, 24 h window) that is 5 s, 10 s, 20 s … 43 min, then hourly: about 32 attempts.
 */
export const maxRetryDelayMs = 3_600_000;

export function retryDelayMs(
  failedAttempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  return backoffMs(failedAttempt, { baseMs, maxMs: maxRetryDelayMs, jitter: 'proportional', random });
}

export type NextStep = { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; at: Date };

/**
 * After attempt `attempt`: delivered on a 2xx; otherwise again after the delay, unless that falls
 * past the window counted from the first attempt of the round, when the delivery is failed.
 */
export function nextStep(options: {
  ok: boolean;
  attempt: number;
  now: Date;
  windowStartedAt: Date;
  baseMs: number;
  windowHours: number;
  random?: () => number;
}): NextStep {
  if (options.ok) return { status: 'delivered' };
  const at = new Date(options.now.getTime() + retryDelayMs(options.attempt, options.baseMs, options.random));
  const windowEnds = options.windowStartedAt.getTime() + options.windowHours * 3_600_000;
  return at.getTime() > windowEnds ? { status: 'failed' } : { status: 'pending', at };
}
