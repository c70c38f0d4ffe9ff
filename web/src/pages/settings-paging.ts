import { type DependencyList, useEffect, useState } from 'react';
import { useLoad } from '../use-load.ts';

export interface CursorPage<T> {
  items: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * A list read page by page with the API's cursor: the rows so far, `more` to read the next page
 * (null when there is none), `restart` to read from the newest again. A change of `deps` restarts.
 */
export function useCursorList<T>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<CursorPage<T>>,
  deps: DependencyList,
) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [earlier, setEarlier] = useState<T[]>([]);
  const page = useLoad((signal) => load(cursor, signal), [...deps, cursor]);
  useEffect(() => {
    setEarlier([]);
    setCursor(undefined);
  }, [...deps]);
  const rows = [...earlier, ...(page.data?.items ?? [])];
  const next = page.state === 'ready' && page.data.hasMore ? page.data.nextCursor : null;
  return {
    rows,
    state: page.state,
    error: page.state === 'error' ? page.error : null,
    more: next
      ? () => {
          setEarlier(rows);
          setCursor(next);
        }
      : null,
    restart: () => {
      setEarlier([]);
      if (cursor === undefined) page.reload();
      else setCursor(undefined);
    },
  };
}
