/**
 * `wait`: a job followed to its terminal status. By long poll (GET /v1/jobs/{id}?wait=N, which
 * answers as soon as the job ends), or, when the caller wants progress, by the job's event stream,
 * which tells each status, stage, page and percent as it happens.
 */
import { DocjobsError, WaitTimeoutError } from './errors.ts';
import type { Transport } from './http.ts';
import { isTerminal, type Job } from './types.ts';

export interface WaitOptions {
  /** Give up after this long (WaitTimeoutError, with the job as last seen); default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with the job each time its status, stage, pages or progress change. */
  onProgress?: (job: Job) => void;
}

/** What following a job needs of the client (Docjobs has it; an interface keeps this file below it). */
export interface JobSource {
  get(id: string, options: { signal?: AbortSignal }): Promise<Job>;
  events(options: {
    jobId: string;
    signal?: AbortSignal;
  }): AsyncIterable<{ event: string; data: Partial<Job> & { id: string } }>;
}

/** The server holds a long poll at most 60 s; 30 s keeps well under proxies' idle timeouts. */
const longPollSeconds = 30;

export async function followJob(
  client: JobSource,
  http: Transport,
  id: string,
  options: WaitOptions,
): Promise<Job> {
  const deadline =
    options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
  const timer = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const given = [options.signal, timer].filter((s): s is AbortSignal => s !== undefined);
  const signal = given.length > 1 ? AbortSignal.any(given) : given[0];
  let last: Job | null = null;
  try {
    if (options.onProgress) {
      last = await followEvents(client, id, signal, options.onProgress);
      if (last && isTerminal(last.status)) return await client.get(id, { signal: options.signal });
    }
    for (;;) {
      const seconds = Math.max(0, Math.min(longPollSeconds, Math.ceil((deadline - Date.now()) / 1000)));
      last = await http.json<Job>({
        method: 'GET',
        path: `/v1/jobs/${encodeURIComponent(id)}`,
        query: { wait: seconds },
        signal,
        // The server answers after up to `seconds`: the attempt's limit is longer than that.
        timeoutMs: seconds * 1000 + 30_000,
      });
      if (isTerminal(last.status)) return last;
      if (Date.now() >= deadline) throw new WaitTimeoutError(last, options.timeoutMs!);
    }
  } catch (error) {
    if (timer?.aborted && !options.signal?.aborted && !(error instanceof WaitTimeoutError)) {
      throw new WaitTimeoutError(
        last ?? (await client.get(id, { signal: options.signal })),
        options.timeoutMs!,
      );
    }
    throw error;
  }
}

/**
 * The job's events merged into the job, each change told to `onProgress`; the job as last seen when
 * the stream ends (after the terminal status), or null when there is no stream to follow (an older
 * server, a proxy that buffers): the long poll then takes over.
 */
async function followEvents(
  client: JobSource,
  id: string,
  signal: AbortSignal | undefined,
  onProgress: (job: Job) => void,
): Promise<Job | null> {
  let job: Job | null = null;
  try {
    for await (const { event, data } of client.events({ jobId: id, signal })) {
      if (event === 'end') break;
      job = (event === 'state' ? data : { ...job, ...data }) as Job;
      onProgress(job);
    }
  } catch (error) {
    if (error instanceof DocjobsError && (error.code === 'NOT_FOUND' || error.code === 'UNAUTHORIZED'))
      throw error;
    if (signal?.aborted) throw error;
    return null;
  }
  return job;
}
