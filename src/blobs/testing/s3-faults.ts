/**
 * Faults the S3 test server can be told to answer with, for the client's retry and timeout paths:
 * what S3, MinIO and the networks between answer when things go wrong.
 *
 *   s3.inject({ kind: 'error', status: 503, code: 'SlowDown' }, { operation: 'UploadPart', times: 2 });
 *   s3.inject({ kind: 'stall' });                      // the next request, whatever it is
 *   s3.inject({ kind: 'drop' }, { every: 3, times: Infinity });  // every third request, for good
 *   s3.inject([{ kind: 'drop' }, { kind: 'stall' }], { times: 2 }); // a list: each in turn
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type S3Fault =
  /** Answer this instead of doing the request; status 200 puts the <Error> in a 200's body. */
  | { kind: 'error'; status: number; code: string }
  /** Read the request, then close the connection without an answer (ECONNRESET at the client). */
  | { kind: 'drop' }
  /** Do the request, then close the connection instead of answering: the answer is lost. */
  | { kind: 'dropReply' }
  /** Read the request and never answer. */
  | { kind: 'stall' }
  /** Do the request, send the headers and the first byte of the body, then nothing more. */
  | { kind: 'stallBody' };

export interface FaultOptions {
  /** Only requests of this operation (PutObject, UploadPart, GetObject …); default: any. */
  operation?: string;
  /** How many requests meet the fault (1); Infinity keeps it for good. */
  times?: number;
  /** Every nth matching request meets it (1: each one). */
  every?: number;
}

interface Rule {
  faults: S3Fault[];
  operation: string | undefined;
  left: number;
  every: number;
  seen: number;
  fired: number;
}

export class S3Faults {
  readonly #rules: Rule[] = [];

  add(fault: S3Fault | S3Fault[], options: FaultOptions = {}): void {
    const { operation, times = 1, every = 1 } = options;
    this.#rules.push({ faults: [fault].flat(), operation, left: times, every, seen: 0, fired: 0 });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The fault this request meets, if any: the first rule whose turn it is (each counts what reaches it). */
  take(operation: string): S3Fault | null {
    for (const rule of this.#rules) {
      if (rule.left <= 0 || (rule.operation && rule.operation !== operation)) continue;
      rule.seen += 1;
      if (rule.seen % rule.every !== 0) continue;
      rule.left -= 1;
      rule.fired += 1;
      return rule.faults[(rule.fired - 1) % rule.faults.length]!;
    }
    return null;
  }
}

const drain = async (request: IncomingMessage) => {
  for await (const _ of request);
};

/** Faults that replace the request: nothing is done. Resolves with the status to record. */
export async function answerWithFault(
  fault: Exclude<S3Fault, { kind: 'dropReply' | 'stallBody' }>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number> {
  await drain(request);
  switch (fault.kind) {
    case 'error':
      response.statusCode = fault.status;
      if (request.method === 'HEAD') {
        response.end();
      } else {
        response.setHeader('content-type', 'application/xml');
        response.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code>` +
            `<Message>injected fault</Message></Error>`,
        );
      }
      return fault.status;
    case 'drop':
      request.socket.destroy();
      return 0;
    case 'stall':
      return 0; // the client's timeout (or the server's close) ends it
  }
}

/** Faults that let the request be done but spoil its answer: `response` is rigged before handling. */
export function spoilAnswer(
  fault: Extract<S3Fault, { kind: 'dropReply' | 'stallBody' }>,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (fault.kind === 'dropReply') {
    const drop = () => {
      request.socket.destroy();
      return response;
    };
    response.write = drop as unknown as ServerResponse['write'];
    response.end = drop as unknown as ServerResponse['end'];
    return;
  }
  // stallBody: one byte goes out (with the headers), then writes never drain and the end never comes.
  const write = response.write.bind(response) as (chunk: Buffer) => boolean;
  let started = false;
  response.write = ((chunk: Buffer | string) => {
    if (!started) {
      started = true;
      write(Buffer.from(chunk).subarray(0, 1));
    }
    return false;
  }) as ServerResponse['write'];
  response.end = (() => response) as unknown as ServerResponse['end'];
}
