import { Docjobs } from '@docjobs/client';

/**
 * A fetch built on XMLHttpRequest, for uploads: fetch() tells nothing of a request body's progress,
 * XMLHttpRequest's `upload.onprogress` does. The client still builds the request (multipart body,
 * key, Idempotency-Key, retries, errors); this only carries it. The one place of the console that
 * sends a request itself (scripts/check-layers.ts allows it in a `*-transport.ts` file).
 */
export type UploadProgress = (sent: number, total: number) => void;

export function progressFetch(onProgress: UploadProgress): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input);
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const xhr = new XMLHttpRequest();
      xhr.open(init.method ?? 'GET', url);
      xhr.responseType = 'blob';
      for (const [name, value] of new Headers(init.headers)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      };
      const aborted = () => xhr.abort();
      signal?.addEventListener('abort', aborted, { once: true });
      const settle = () => signal?.removeEventListener('abort', aborted);
      xhr.onload = () => {
        settle();
        // Statuses with no body (204, 304) may not be given one in a Response.
        const empty = xhr.status === 204 || xhr.status === 304;
        resolve(
          new Response(empty ? null : (xhr.response as Blob), {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: parseHeaders(xhr.getAllResponseHeaders()),
          }),
        );
      };
      // As fetch does: a TypeError when there is no answer, the signal's reason when aborted.
      xhr.onerror = () => {
        settle();
        reject(new TypeError('Failed to fetch: no answer from the server'));
      };
      xhr.onabort = () => {
        settle();
        reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
      };
      // The client hands fetch a FormData or a string; XMLHttpRequest sends both as fetch would.
      xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
    });
}

/** "name: value\r\n" lines (XMLHttpRequest's form) as Headers. */
function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * A client for one upload, whose progress goes to `onProgress`. Its time limit is the whole upload
 * (the client's 60 s default counts until the answer begins, and a large file on a slow line takes
 * longer than that to send).
 */
export function uploadClient(apiKey: string, onProgress: UploadProgress): Docjobs {
  return new Docjobs({
    baseUrl: window.location.origin,
    apiKey,
    fetch: progressFetch(onProgress),
    timeoutMs: 30 * 60_000,
  });
}
