/**
 * The one backoff of docjobs: the wait before retry number `attempt` (1-based) doubles from
 * `baseMs` up to `maxMs`, and is spread so that clients that failed together do not come back
 * together. Webhooks and the LLM client use `proportional` jitter (±20 %: the schedule stays
 * readable, 5 s, 10 s, 20 s …); S3 uses `full` jitter (uniform in [0, ceiling)), the AWS SDKs'
 * choice for many workers hitting one bucket (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  jitter: 'proportional' | 'full';
  random?: () => number;
}

export function backoffMs(attempt: number, { baseMs, maxMs, jitter, random = Math.random }: Backoff): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return jitter === 'full' ? Math.floor(random() * ceiling) : Math.round(ceiling * (0.8 + 0.4 * random()));
}
