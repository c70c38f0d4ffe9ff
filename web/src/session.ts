import { Docjobs } from '@docjobs/client';

/**
 * The signed-in API key lives in sessionStorage: it is gone when the tab closes, never written to
 * a URL, a cookie or localStorage (a key in localStorage outlives the session and is readable by
 * every tab of the origin for ever).
 */
const storageKey = 'docjobs.apiKey';

export function savedApiKey(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function saveApiKey(apiKey: string): void {
  sessionStorage.setItem(storageKey, apiKey);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(storageKey);
}

/** A client of the server that served this page (the console and the API share one origin). */
export function clientFor(apiKey: string, fetchImpl?: typeof fetch): Docjobs {
  return new Docjobs({ baseUrl: window.location.origin, apiKey, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}
