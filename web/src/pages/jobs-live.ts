import { type Docjobs, DocjobsError, type JobEvent, type JobPage } from '@docjobs/client';
import { useEffect, useRef, useState } from 'react';
import { useLoad } from '../use-load.ts';
import { apiFilters, type JobsView } from './jobs-filters.ts';
import { applyEvents, endingsOf, type JobRows } from './jobs-rows.ts';

export type LiveState = { state: 'connecting' } | { state: 'live' } | { state: 'stopped'; error: Error };

/**
 * One page of the view's jobs (the API pages: at most `limit` rows are ever in the table, so
 * 10,000 jobs cost what 50 do), kept current by GET /v1/events: rows change in place, and on the
 * first page a new job that matches appears at the top.
 */
export function useLiveJobs(client: Docjobs, view: JobsView) {
  const filters = apiFilters(view);
  const filterKey = JSON.stringify(filters);
  const page = useLoad(
    (signal) =>
      client.listPage(
        { ...filters, limit: view.limit, ...(view.cursor ? { cursor: view.cursor } : {}) },
        { signal },
      ),
    [client, filterKey, view.limit, view.cursor],
  );
  const [rows, setRows] = useState<JobRows | null>(null);
  const [live, setLive] = useState<LiveState>({ state: 'connecting' });
  // Events come in bursts (a 200-page PDF sends one per page): they are applied once a frame.
  const pending = useRef<JobEvent[]>([]);
  const frame = useRef<number | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;
  const rowsRef = useRef<JobRows | null>(null);
  const [announcement, setAnnouncement] = useState('');

  // A new answer replaces the rows in the same render (state derived while rendering, not in an
  // effect: one commit instead of two before the first rows show).
  const [shownPage, setShownPage] = useState<JobPage | null>(null);
  if (page.state === 'ready' && page.data !== shownPage) {
    setShownPage(page.data);
    setRows({
      rows: page.data.jobs,
      total: page.data.total,
      hasMore: page.data.hasMore,
      nextCursor: page.data.nextCursor,
    });
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: the stream follows the filters (filterKey), not the object
  useEffect(() => {
    const controller = new AbortController();
    const flush = () => {
      frame.current = null;
      const events = pending.current;
      pending.current = [];
      const ended = endingsOf(rowsRef.current?.rows ?? [], events);
      if (ended) setAnnouncement(ended);
      setRows((current) => (current ? applyEvents(current, events, viewRef.current) : current));
    };
    (async () => {
      setLive({ state: 'connecting' });
      const stream = client.events({
        signal: controller.signal,
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.type ? { type: filters.type } : {}),
        ...(filters.metadata ? { metadata: filters.metadata } : {}),
      });
      setLive({ state: 'live' });
      for await (const event of stream) {
        pending.current.push(event);
        frame.current ??= requestAnimationFrame(flush);
      }
    })().catch((error: unknown) => {
      if (controller.signal.aborted || (error instanceof DocjobsError && error.code === 'ABORTED')) return;
      setLive({ state: 'stopped', error: error instanceof Error ? error : new Error(String(error)) });
    });
    return () => {
      controller.abort();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      pending.current = [];
    };
  }, [client, filterKey]);

  rowsRef.current = rows;
  return { page, rows, live, announcement };
}
