import type { Docjobs, Job } from '../../packages/client/src/index.ts';
import type { JobState } from './progress.ts';

const terminal = new Set(['completed', 'partial', 'failed', 'timeout', 'cancelled', 'expired']);

export const isTerminal = (job: Pick<Job, 'status'>) => terminal.has(job.status);
/** A job whose result can be read: completed, or partial (some pages failed, the rest is there). */
export const isSuccess = (job: Pick<Job, 'status'>) => job.status === 'completed' || job.status === 'partial';

/**
 * Follow a job to its end, telling `onChange` each state on the way: the server's long-poll
 * (GET /v1/jobs/{id}?wait=…) answers as soon as the job moves, so a bar moves with the job
 * instead of on a timer.
 */
export async function followJob(
  client: Docjobs,
  job: Job,
  onChange: (state: JobState) => void,
  signal?: AbortSignal,
): Promise<Job> {
  onChange(job);
  return client.wait(job.id, { signal, onProgress: (state: Job) => onChange(state) });
}
