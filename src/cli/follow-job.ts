import { type Docjobs, type Job, WaitTimeoutError } from '../../packages/client/src/index.ts';
import { CliError, exitCodes } from './exit-codes.ts';
import type { JobState } from './progress.ts';

/** A job whose result can be read: completed, or partial (some pages failed, the rest is there). */
export const isSuccess = (job: Pick<Job, 'status'>) => job.status === 'completed' || job.status === 'partial';

/**
 * Follow a job to its end, telling `onChange` each state on the way (the job's server-sent
 * events: a bar moves with the job, not on a timer). A job still running after `timeoutMs` is
 * exit 1 with its status.
 */
export async function followJob(
  client: Docjobs,
  job: Job,
  onChange: ((state: JobState) => void) | undefined,
  timeoutMs?: number,
): Promise<Job> {
  onChange?.(job);
  try {
    // With onProgress the client follows the job's events; without, the lighter long poll.
    return await client.wait(job.id, { timeoutMs, ...(onChange ? { onProgress: onChange } : {}) });
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new CliError(
      `${job.id} is still ${error.job.status} after ${timeoutMs! / 1000} s`,
      exitCodes.jobFailed,
    );
  }
}
