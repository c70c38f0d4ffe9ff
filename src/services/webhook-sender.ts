import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, refusedHost } from './address-guard.ts';

export interface SendOutcome {
  /** The response status; null when no response came (refused target, connection error, timeout). */
  statusCode: number | null;
  latencyMs: number;
  /** Why it did not count as delivered; null on a 2xx. */
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * One POST. node:http rather than fetch: it takes a `lookup`, so the connection goes to the very
 * address that was checked (fetch resolves on its own). Redirects are not followed — a 3xx is a
 * failed attempt like any non-2xx. The timeout covers connect, headers and body.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: string, statusCode: number | null = null): SendOutcome => ({
    statusCode,
    latencyMs: elapsed(),
    error,
  });
  const target = URL.canParse(url) ? new URL(url) : null;
  if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
    return Promise.resolve(failed('not an http or https URL'));
  }
  const refused = refusedHost(target.hostname, options.allowPrivate, 'WEBHOOK_ALLOW_PRIVATE');
  if (refused) return Promise.resolve(failed(`refused: ${refused}`));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(options.allowPrivate, 'WEBHOOK_ALLOW_PRIVATE'),
        signal: AbortSignal.timeout(options.timeoutMs),
        agent: false, // one connection per attempt: no pooled socket to an address checked earlier
      },
      (response) => {
        // Drain the body (the receiver's answer does not matter), then judge by the status.
        response.resume();
        response.on('end', () => {
          const code = response.statusCode ?? 0;
          resolve(
            code >= 200 && code < 300
              ? { statusCode: code, latencyMs: elapsed(), error: null }
              : failed(`HTTP ${code}`, code),
          );
        });
        response.on('error', (error) =>
          resolve(failed(describe(error, options.timeoutMs), response.statusCode ?? null)),
        );
      },
    );
    req.on('error', (error) => resolve(failed(describe(error, options.timeoutMs))));
    req.end(body);
  });
}

function describe(error: Error, timeoutMs: number): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (error.name === 'BlockedTargetError') return `refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  return (code ? `${code}: ${error.message}` : error.message).slice(0, 300);
}
