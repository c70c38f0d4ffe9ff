import { isTerminal, type Job } from '@docjobs/client';
import { useEffect, useState } from 'react';
import { useClient } from '../client-context.tsx';
import { useLoad } from '../use-load.ts';

export type LiveJob = ReturnType<typeof useLoad<Job>> & {
  /** Put an answer of an action (cancel …) in place without waiting for the stream. */
  replace: (job: Job) => void;
};

/**
 * The job, kept current: while it is not terminal its event stream (GET /v1/jobs/{id}/events) is
 * followed and each event's fields are merged in, so stage, progress and pages move as they
 * happen; the stream's `end` reloads the job whole (its result fields come with the final read).
 */
export function useLiveJob(id: string): LiveJob {
  const client = useClient();
  const loaded = useLoad((signal) => client.get(id, { signal }), [client, id]);
  const [live, setLive] = useState<Job | null>(null);
  const base = loaded.data;
  const running = base !== undefined && !isTerminal(base.status);
  const { reload } = loaded;

  // A fresh read replaces what the stream had merged.
  useEffect(() => setLive(base ?? null), [base]);

  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    (async () => {
      for await (const event of client.events({ jobId: id, signal: controller.signal })) {
        if (event.event === 'end') break;
        setLive((previous) => (previous ? ({ ...previous, ...event.data } as Job) : previous));
      }
      if (!controller.signal.aborted) reload();
    })().catch(() => {
      // The stream gave up (the client reconnects first): one read shows where the job is.
      if (!controller.signal.aborted) reload();
    });
    return () => controller.abort();
  }, [client, id, running, reload]);

  const data = live ?? base;
  return { ...loaded, ...(data ? { data } : {}), replace: setLive } as LiveJob;
}
