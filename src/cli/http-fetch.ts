import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

// Not `import … from 'node:http'`: an ESM import reads every export of the module, and node:http's
// lazy getters load undici, the very cost this file avoids (24 ms of a 0.2 s `jobs list`).
const { request: httpRequest } = process.getBuiltinModule('node:http');
const { request: httpsRequest } = process.getBuiltinModule('node:https');

/**
 * The `fetch` the CLI gives the client for requests without a form body: node:http, not Node's
 * fetch. Node's fetch is undici, loaded and compiled on the first call: 45 of the 190 ms that
 * `docjobs jobs list` took (--cpu-prof, a quiet moment), more than the CLI's own code. A form
 * body (a document upload) goes to the real fetch, which owns FormData.
 *
 * The answer is the part of Response the client reads: ok, status, headers.get, text, json,
 * blob and body (a web stream). A refused connection rejects as fetch does, TypeError
 * "fetch failed" with the system error as its cause; an aborted signal rejects with its reason.
 */
export const httpFetch: typeof fetch = async (input, init = {}) => {
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== 'string') return fetch(input, init);
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const answer = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(url, { method: init.method ?? 'GET', headers: headerRecord(init.headers) }, resolve);
    const abort = () => request.destroy(signal?.reason);
    signal?.addEventListener('abort', abort, { once: true });
    request.once('close', () => signal?.removeEventListener('abort', abort));
    request.once('error', (error) =>
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })),
    );
    request.end(body);
  });
  return answerOf(answer) as unknown as Response;
};

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  // A Headers object (not `instanceof Headers`: the global would load undici); the client sends records.
  if (typeof (headers as Headers).forEach === 'function') {
    const record: Record<string, string> = {};
    (headers as Headers).forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  return headers as Record<string, string>;
}

function answerOf(answer: IncomingMessage) {
  const status = answer.statusCode ?? 0;
  let stream: ReadableStream<Uint8Array> | undefined;
  const bytes = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const text = async () => (await bytes()).toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: answer.statusMessage ?? '',
    headers: {
      get: (name: string) => {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    get body() {
      stream ??= Readable.toWeb(answer) as ReadableStream<Uint8Array>;
      return stream;
    },
    text,
    json: async () => JSON.parse(await text()),
    blob: async () => new Blob([await bytes()], { type: String(answer.headers['content-type'] ?? '') }),
  };
}
