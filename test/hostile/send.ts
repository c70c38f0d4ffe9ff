/** Sends a hostile request as it is, byte for byte, and reads the answer even to a cut upload. */
import { request as httpRequest } from 'node:http';
import type { HostileRequest } from './generate-hostile-inputs.ts';

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One request over node:http. A server that refuses a body by its Content-Length answers 413 and
 * closes without reading the rest: fetch() then fails on the upload (EPIPE), the answer unread.
 * Here a large body waits up to half a second after the headers for such an answer, then goes out
 * in pieces, each after the event loop had a turn to read one, and stops once one came.
 */
export function send(
  base: string,
  { method, path, contentType, body }: HostileRequest,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let onAnswer = () => {};
    const request = httpRequest(
      `${base}${path}`,
      { method, headers: { ...headers, 'content-type': contentType, 'content-length': body.length } },
      (response) => {
        answered = true;
        onAnswer();
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode!,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: response.headers,
          });
          request.destroy(); // an upload cut short by the answer
        });
        response.on('error', reject);
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error(`no answer to ${path} in 60 s`)));
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const drained = () =>
      new Promise<void>((resolve) => {
        const done = () => {
          request.off('drain', done).off('close', done);
          resolve();
        };
        request.on('drain', done).on('close', done);
      });
    void (async () => {
      if (body.length > 2 ** 20) {
        request.flushHeaders();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500);
          onAnswer = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const piece = 256 * 1024;
      for (let at = 0; at < body.length && !answered && !request.destroyed; at += piece) {
        if (!request.write(body.subarray(at, at + piece))) await drained();
        await turn();
      }
      if (!answered && !request.destroyed) request.end();
    })();
  });
}
