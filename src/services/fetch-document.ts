import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { DocjobsError } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import { checkWebhookTarget, guardedLookup, refusedHost } from './address-guard.ts';
import type { Context } from './context.ts';
import { type StoredDocument, storeDocument } from './store-document.ts';

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** A document downloaded from a submitted `url`, in the blob store, with what its server said of it. */
export interface FetchedDocument {
  stored: StoredDocument;
  /** From Content-Disposition, else the last segment of the (final) URL path. */
  fileName: string | null;
  /** Content-Type, a hint only: the type is detected from the bytes. */
  mimeType: string | null;
}

/**
 * Download `url` while the submit request waits, streaming it into the blob store (never held
 * whole), so a URL that cannot be had is a 4xx to the client at once rather than a failed job later.
 * Limits: MAX_UPLOAD_MB counted on the bytes as they arrive (Content-Length may be absent or lie);
 * URL_FETCH_TIMEOUT_MS for the whole download, redirects and body included; at most 5 redirects, all
 * on the same host. The webhooks' address guard applies: each connection resolves the name once and
 * goes to the very address that was checked (private ones only with URL_FETCH_ALLOW_PRIVATE).
 */
export async function fetchDocument(ctx: Context, url: string, jobId?: JobId): Promise<FetchedDocument> {
  // Scheme and length only (allowPrivate: true skips its DNS lookup): addresses are checked at
  // connect, on those the connection uses, so a second resolution cannot answer differently.
  const fault = await checkWebhookTarget(url, { field: 'url', allowPrivate: true });
  if (fault) throw urlFault(fault.message);
  const { urlFetchTimeoutMs: timeoutMs, urlFetchAllowPrivate: allowPrivate, maxUploadBytes } = ctx.config;
  const signal = AbortSignal.timeout(timeoutMs);
  const failure = (error: unknown) => fetchFailure(error, signal, timeoutMs);

  const { response, finalUrl } = await follow(new URL(url), allowPrivate, signal).catch((error) => {
    throw failure(error);
  });
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    response.destroy();
    throw urlFault(`url answered HTTP ${status}`);
  }
  if (Number(response.headers['content-length']) > maxUploadBytes) {
    response.destroy();
    throw tooLarge(maxUploadBytes);
  }
  const limited = byteLimit(maxUploadBytes);
  response.on('error', (error) => limited.destroy(failure(error)));
  limited.on('error', () => response.destroy());
  response.pipe(limited);
  const stored = await storeDocument(ctx, limited, jobId);
  return {
    stored,
    fileName: fileNameFromHeaders(response.headers['content-disposition'], finalUrl),
    mimeType: mimeTypeOf(response.headers['content-type']),
  };
}

/** GET `start`, following same-host redirects; resolves with the first answer that is not one. */
async function follow(start: URL, allowPrivate: boolean, signal: AbortSignal) {
  let target = start;
  for (let redirects = 0; ; redirects++) {
    const response = await get(target, allowPrivate, signal);
    const status = response.statusCode ?? 0;
    if (!redirectStatuses.has(status)) return { response, finalUrl: target };
    response.destroy();
    const location = response.headers.location;
    const next = location && URL.canParse(location, target.href) ? new URL(location, target) : null;
    if (!next) throw urlFault(`url answered HTTP ${status} without a valid Location`);
    // Another host could be anything the first one points at, private addresses included.
    if (next.hostname !== target.hostname) {
      throw urlFault(
        `url redirects to another host (${next.hostname}); only same-host redirects are followed`,
      );
    }
    if (next.protocol !== 'https:' && (next.protocol !== 'http:' || target.protocol === 'https:')) {
      throw urlFault(`url redirects from ${target.protocol} to ${next.protocol}, which is not followed`);
    }
    if (redirects === maxRedirects) throw urlFault(`url redirects more than ${maxRedirects} times`);
    target = next;
  }
}

/**
 * One GET through node:http rather than fetch: it takes a `lookup`, so the connection goes to the
 * checked address (fetch resolves on its own). No Accept-Encoding: the bytes counted are the bytes kept.
 */
function get(target: URL, allowPrivate: boolean, signal: AbortSignal): Promise<IncomingMessage> {
  const refused = refusedHost(target.hostname, allowPrivate, 'URL_FETCH_ALLOW_PRIVATE');
  if (refused) return Promise.reject(urlFault(`url is refused: ${refused}`));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'GET',
        headers: { accept: '*/*', 'user-agent': 'docjobs' },
        lookup: guardedLookup(allowPrivate, 'URL_FETCH_ALLOW_PRIVATE'),
        signal,
        agent: false, // one connection per hop: no pooled socket to an address checked earlier
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/** Passes bytes through until `limit`, then fails: the blob store write fails and is discarded. */
function byteLimit(limit: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      done(total > limit ? tooLarge(limit) : null, chunk);
    },
  });
}

function fetchFailure(error: unknown, signal: AbortSignal, timeoutMs: number): DocjobsError {
  if (error instanceof DocjobsError) return error;
  if (signal.aborted) {
    return urlFault(`url did not download within URL_FETCH_TIMEOUT_MS (${timeoutMs} ms)`);
  }
  const failed = error as NodeJS.ErrnoException;
  if (failed.name === 'BlockedTargetError') return urlFault(`url is refused: ${failed.message}`);
  const why = failed.code ? `${failed.code}: ${failed.message}` : String(failed.message);
  return urlFault(`url could not be fetched (${why.slice(0, 300)})`);
}

/** 400 VALIDATION_ERROR on `url`; the message says what went wrong (the error schema keeps no other field). */
function urlFault(message: string): DocjobsError {
  return new DocjobsError('VALIDATION_ERROR', message, { details: { field: 'url' } });
}

function tooLarge(limit: number): DocjobsError {
  return new DocjobsError(
    'PAYLOAD_TOO_LARGE',
    `the document at url is larger than MAX_UPLOAD_MB (${limit / 1048576} MB)`,
    { details: { field: 'url' } },
  );
}

/** RFC 6266: `filename*` (RFC 5987, percent-encoded) wins over `filename`; else the URL's last segment. */
export function fileNameFromHeaders(disposition: string | undefined, url: URL): string | null {
  const extended = /filename\*\s*=\s*[\w-]+'[^']*'([^;\s]+)/i.exec(disposition ?? '');
  const plain = /filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;\s]+))/i.exec(disposition ?? '');
  let name: string;
  if (extended) name = percentDecoded(extended[1]!);
  else if (plain) name = plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]!;
  else name = percentDecoded(url.pathname.split('/').at(-1) ?? '');
  // A name, not a path; no control characters (it goes back out in Content-Disposition headers),
  // no bidi overrides (checkFileName in core/storable-text.ts refuses those a client sends).
  const cleaned = (name.split(/[/\\]/).at(-1) ?? '')
    .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim()
    .slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? null : cleaned;
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function mimeTypeOf(contentType: string | undefined): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  // application/octet-stream says nothing more than "bytes", like a missing header.
  return type === '' || type === 'application/octet-stream' ? null : type.slice(0, 255);
}
