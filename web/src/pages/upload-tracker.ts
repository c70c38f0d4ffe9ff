import { type Docjobs, isTerminal, type Job, type SubmitInput } from '@docjobs/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { savedApiKey } from '../session.ts';
import { uploadClient } from '../upload-transport.ts';

/** One file of an upload: its bytes on the way, then its job as it runs. */
export interface UploadEntry {
  key: number;
  file: File;
  sent: number;
  total: number;
  /** The job as last told (by the submit's answer, an event or a read); null until submitted. */
  job: Job | null;
  /** The submit's refusal (a 4xx with its code), or a lost connection. */
  error: Error | null;
  /** When the job was last told of, for the fallback read below. */
  heardAt: number;
}

/**
 * How long a running job may go unheard before it is read once: the organisation's event stream
 * follows jobs from when it opens, so a job that ran entirely before it opened (a very small file,
 * a slow stream start) would otherwise never be told of; a dropped stream is covered too.
 */
const quietMs = 5000;

let nextKey = 1;

/**
 * The uploads of this page and the live state of their jobs: each file is sent with its own
 * progress (upload-transport.ts), and one event stream of the organisation (GET /v1/events) tells
 * every job's changes, whatever the number of files (a stream per job would take the browser's 6
 * connections per host from the uploads themselves).
 */
export function useUploads(client: Docjobs, filesChosen: boolean) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;

  const update = useCallback((key: number, change: (entry: UploadEntry) => Partial<UploadEntry>) => {
    setEntries((all) => all.map((entry) => (entry.key === key ? { ...entry, ...change(entry) } : entry)));
  }, []);

  const upload = useCallback(
    (files: File[], fields: SubmitInput) => {
      const apiKey = savedApiKey() ?? '';
      const added = files.map((file) => ({
        key: nextKey++,
        file,
        sent: 0,
        total: file.size,
        job: null,
        error: null,
        heardAt: Date.now(),
      }));
      setEntries((all) => [...added, ...all]);
      for (const entry of added) {
        const sender = uploadClient(apiKey, (sent, total) => update(entry.key, () => ({ sent, total })));
        sender.submit({ ...fields, file: entry.file, fileName: entry.file.name }).then(
          // An event may have told a newer state already: the submit's answer (queued) does not undo it.
          (job) =>
            update(entry.key, (now) => ({ job: now.job ?? job, sent: now.total, heardAt: Date.now() })),
          (error: unknown) =>
            update(entry.key, () => ({ error: error instanceof Error ? error : new Error(String(error)) })),
        );
      }
    },
    [update],
  );

  const running = entries.some((entry) => !entry.error && (!entry.job || !isTerminal(entry.job.status)));

  // While a job of this page runs: its events, merged into the job they name. The stream opens as
  // soon as files are chosen, so that it is listening before the first job exists, and its start
  // (a subscription on the server) does not fall on the uploads themselves.
  const listening = running || filesChosen;
  useEffect(() => {
    if (!listening) return;
    const controller = new AbortController();
    const follow = async () => {
      for await (const { event, data } of client.events({ signal: controller.signal })) {
        setEntries((all) =>
          all.map((entry) => {
            if (!entry.job || entry.job.id !== data.id) return entry;
            const job = (event === 'state' ? data : { ...entry.job, ...data }) as Job;
            return { ...entry, job, heardAt: Date.now() };
          }),
        );
      }
    };
    follow().catch(() => {
      // Aborted on leaving, or refused: the fallback reads below keep the page right.
    });
    return () => controller.abort();
  }, [client, listening]);

  // The fallback: a running job not heard of for a while is read once.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      for (const entry of entriesRef.current) {
        if (!entry.job || isTerminal(entry.job.status) || Date.now() - entry.heardAt < quietMs) continue;
        update(entry.key, () => ({ heardAt: Date.now() }));
        client.get(entry.job.id, { signal: controller.signal }).then(
          // A terminal state told meanwhile by an event is newer than this read.
          (job) =>
            update(entry.key, (now) => ({ job: now.job && isTerminal(now.job.status) ? now.job : job })),
          () => {},
        );
      }
    }, quietMs / 2);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [client, running, update]);

  const clearFinished = useCallback(() => {
    setEntries((all) => all.filter((entry) => !entry.error && (!entry.job || !isTerminal(entry.job.status))));
  }, []);

  return { entries, upload, clearFinished };
}
