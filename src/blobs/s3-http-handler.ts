import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  RequestHandler,
  RequestHandlerOutput,
} from '@smithy/types';

/**
 * The AWS SDK's transport, on node:http, with one timeout the SDK's own NodeHttpHandler lacks: a
 * request fails when its socket is idle for `timeoutMs` (S3_TIMEOUT_MS) — no connection, no
 * answer, or a body that stops arriving — but not while the reader is the one holding things up
 * (a slow HTTP client downloading the document). NodeHttpHandler's socketTimeout kills such a
 * download after `timeoutMs` of back-pressure, and its requestTimeout caps the whole request, so
 * an 8 MiB part on a slow link would fail. Everything else (signing, retries, XML) is the SDK's.
 */
export class IdleTimeoutHttpHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  readonly #timeoutMs: number;
  // Kept alive like the SDK's default agents: a part per request would otherwise pay a connect each.
  readonly #agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 50 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 50 }),
  };

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  destroy(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  handle(
    request: HttpRequest,
    options: HttpHandlerOptions = {},
  ): Promise<RequestHandlerOutput<HttpResponse>> {
    const secure = request.protocol === 'https:';
    const headers = { ...request.headers };
    // The SDK asks for 100-continue on bodies over 2 MB; the body is sent at once anyway (a retry
    // resends it from memory), so the extra round trip buys nothing. Expect is never signed.
    delete headers.Expect;
    delete headers.expect;
    const query = queryString(request.query ?? {});
    const path = `${request.path}${query ? `?${query}` : ''}`;
    const hostname = request.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      let answer: IncomingMessage | null = null;
      const transport = secure ? https : http;
      const sent: ClientRequest = transport.request({
        protocol: request.protocol,
        host: hostname,
        port: request.port,
        method: request.method,
        path,
        headers,
        agent: secure ? this.#agents.https : this.#agents.http,
        signal: options.abortSignal as AbortSignal | undefined,
      });
      sent.on('response', (response: IncomingMessage) => {
        answer = response;
        resolve({
          response: {
            statusCode: response.statusCode ?? 0,
            reason: response.statusMessage,
            headers: flatHeaders(response),
            body: response,
          },
        });
      });
      sent.on('error', reject);
      sent.on('socket', (socket) => watchIdle(sent, socket, () => answer, this.#timeoutMs));
      const body: unknown = request.body;
      if (body instanceof Readable) body.pipe(sent);
      else sent.end(body as Uint8Array | string | undefined);
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

/**
 * Fails the request when its socket has been idle for `timeoutMs`: before the answer (the promise
 * rejects), or while the body streams (the reader's stream fails with this error rather than waiting
 * forever). Not while the reader is the one holding things up: a full buffer means the socket was
 * paused for it, so the watch starts over.
 * On the socket itself: ClientRequest's `timeout` event fires once per socket, and a pooled socket
 * outlives the request, so the listener goes when the request closes.
 */
function watchIdle(
  sent: ClientRequest,
  socket: Socket,
  answer: () => IncomingMessage | null,
  timeoutMs: number,
): void {
  const onIdle = () => {
    const reply = answer();
    if (reply && reply.readableLength >= reply.readableHighWaterMark) {
      socket.setTimeout(timeoutMs);
      return;
    }
    // ETIMEDOUT: the SDK's retry strategy (s3-retry.ts) counts it as a transient network failure.
    const idle = Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
    reply?.destroy(idle);
    sent.destroy(idle);
  };
  socket.setTimeout(timeoutMs);
  socket.on('timeout', onIdle);
  sent.once('close', () => {
    socket.off('timeout', onIdle);
    // A kept-alive socket waits in the pool without a deadline of ours.
    socket.setTimeout(0);
  });
}

/** As the SDK signed it: RFC 3986, SigV4's encoding (only A-Z a-z 0-9 - . _ ~ stay as they are). */
export const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function queryString(query: Record<string, string | string[] | null>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name];
    if (value === null || value === undefined) pairs.push(uriEncode(name));
    else
      for (const one of Array.isArray(value) ? value : [value])
        pairs.push(`${uriEncode(name)}=${uriEncode(one)}`);
  }
  return pairs.join('&');
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}
