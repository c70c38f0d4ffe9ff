/**
 * Server-sent events as an async iterator that reconnects: a stream that drops (a proxy's idle
 * timeout, a server restart) is opened again with `Last-Event-ID` when the server gave ids, after
 * the server's `retry:` or a backoff. docjobs' streams start again from the job's current state
 * (a `state` event), so nothing is lost across a reconnect, only intermediate steps.
 */
import { DocjobsError } from './errors.ts';
import { pause, type Transport } from './http.ts';

export interface ServerSentEvent {
  /** The event name (`message` when the server gave none). */
  event: string;
  data: string;
  id: string | undefined;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Open the stream again when it drops (default true); false ends the iterator instead. */
  reconnect?: boolean;
  /** Stop after this event (docjobs sends `end` after a job's terminal status). */
  until?: (event: ServerSentEvent) => boolean;
}

/** The events of a text/event-stream route, across reconnects. */
export async function* serverSentEvents(
  transport: Transport,
  path: string,
  query: Record<string, unknown>,
  options: StreamOptions = {},
): AsyncGenerator<ServerSentEvent> {
  let lastEventId: string | undefined;
  let retryMs = 1000;
  for (let failures = 0; ; ) {
    let response: Response;
    try {
      response = await transport.send({
        method: 'GET',
        path,
        query: query as never,
        signal: options.signal,
        timeoutMs: null,
        headers: {
          accept: 'text/event-stream',
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
      });
    } catch (error) {
      // A refusal (401, 404, 400) is final; no answer is worth another try.
      if (!(error instanceof DocjobsError) || error.code !== 'NETWORK_ERROR' || options.reconnect === false)
        throw error;
      await pause(Math.min(30_000, retryMs * 2 ** failures++), options.signal);
      continue;
    }
    failures = 0;
    try {
      for await (const event of parse(response.body!)) {
        if (event.id !== undefined) lastEventId = event.id;
        if (event.retry !== undefined) retryMs = event.retry;
        if (event.data === undefined) continue;
        const told = { event: event.event ?? 'message', data: event.data, id: event.id ?? lastEventId };
        yield told;
        if (options.until?.(told)) return;
      }
    } catch (error) {
      if (options.signal?.aborted)
        throw new DocjobsError('ABORTED', 'aborted', { cause: options.signal.reason });
      if (options.reconnect === false) throw error;
    }
    if (options.reconnect === false) return;
    await pause(retryMs, options.signal);
  }
}

interface RawEvent {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
}

/** The text/event-stream format (WHATWG HTML, "Parsing an event stream"). */
async function* parse(body: ReadableStream<Uint8Array>): AsyncGenerator<RawEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let current: RawEvent = {};
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      // A \r at the end may be half of a \r\n: it stays in the buffer until the next chunk.
      const lines = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (current.data !== undefined || current.retry !== undefined || current.id !== undefined)
            yield current;
          current = {};
          continue;
        }
        if (line.startsWith(':')) continue; // a comment: docjobs' keep-alive
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') current.event = value;
        else if (field === 'data')
          current.data = current.data === undefined ? value : `${current.data}\n${value}`;
        else if (field === 'id' && !value.includes('\0')) current.id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) current.retry = Number(value);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
