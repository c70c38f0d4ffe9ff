import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

/**
 * A small history router: the console has a handful of pages, so a routing library would be most
 * of the bundle for little. Paths are the ones src/http/console-route.ts answers with index.html.
 */
export type Route =
  | { page: 'jobs'; query: URLSearchParams }
  | { page: 'job'; id: string; tab: string | null }
  | { page: 'upload' }
  | { page: 'stats' }
  | { page: 'settings'; section: string | null }
  | { page: 'not-found' };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (!first || (first === 'jobs' && !second)) return { page: 'jobs', query: new URLSearchParams(search) };
  if (first === 'jobs' && second) return { page: 'job', id: second, tab: third ?? null };
  if (first === 'upload') return { page: 'upload' };
  if (first === 'stats') return { page: 'stats' };
  if (first === 'settings') return { page: 'settings', section: second ?? null };
  return { page: 'not-found' };
}

const changeEvent = 'docjobs:navigate';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(changeEvent));
}

const readRoute = () => parseRoute(window.location.pathname, window.location.search);

export function useRoute(): Route {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    window.addEventListener('popstate', update);
    window.addEventListener(changeEvent, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(changeEvent, update);
    };
  }, []);
  return route;
}

/** An anchor that navigates without a reload (and still opens in a new tab with a modifier key). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
