/**
 * Submits the chaos workload at a steady rate, the way a careful client would: every document has
 * its own Idempotency-Key, and a submit that got no answer or a 5xx (the database restarting) is
 * sent again with the same key until it is accepted. A retried submit that had in fact committed
 * must come back as the same job, never as a second one.
 */
import type { ChaosDocument } from './chaos-documents.ts';

export interface Submission {
  document: ChaosDocument;
  jobId: string;
}

export interface SubmitStats {
  /** Submits sent again after a network error or a 5xx. */
  retries: number;
  /** Documents refused with a 4xx: a bug, since every body is well formed. */
  refused: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function submitAll(options: {
  baseUrl: string;
  apiKey: string;
  documents: readonly ChaosDocument[];
  perSecond: number;
  /** Told after each accepted submit, with the count so far. */
  onSubmitted(count: number): void;
  /** How long one document may keep being retried. */
  giveUpAfterMs?: number;
}): Promise<{ submissions: Submission[]; stats: SubmitStats }> {
  const { baseUrl, apiKey, documents, perSecond, giveUpAfterMs = 180_000 } = options;
  const stats: SubmitStats = { retries: 0, refused: [] };
  const submissions: Submission[] = [];
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

  async function submitOne(document: ChaosDocument): Promise<void> {
    const body = JSON.stringify(document.body);
    const deadline = Date.now() + giveUpAfterMs;
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let text = '';
      try {
        const response = await fetch(`${baseUrl}/v1/jobs`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': `chaos-${document.index}` },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        text = String(error);
      }
      if (status === 200 || status === 202) {
        submissions.push({ document, jobId: (JSON.parse(text) as { id: string }).id });
        options.onSubmitted(submissions.length);
        return;
      }
      if (status >= 400 && status < 500) {
        stats.refused.push(`#${document.index}: ${status} ${text.slice(0, 200)}`);
        return;
      }
      if (Date.now() > deadline) {
        stats.refused.push(
          `#${document.index}: still ${status || 'unanswered'} after ${attempt + 1} tries: ${text.slice(0, 200)}`,
        );
        return;
      }
      stats.retries++;
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }

  // A steady arrival rate, with at most 16 submits in flight (the database restart holds some up).
  const startedAt = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (const document of documents) {
    const due = startedAt + (document.index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= 16) await Promise.race(inFlight);
    const task = submitOne(document).finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  return { submissions, stats };
}
