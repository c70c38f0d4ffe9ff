/**
 * The body of POST /v1/jobs for each kind of input: JSON when there is no file (a url the server
 * fetches, or `dependsOn` only), multipart otherwise, so that a document is streamed rather than
 * base64'd (a third larger) and held whole in memory.
 */
import type { RequestSpec } from './http.ts';

/**
 * A document: a file path (Node), bytes, a Blob or File, a stream of bytes, or a URL. An http(s)
 * URL is fetched by the server (`urlFetch: 'server'`, the default) or by the client; a file: URL
 * is a path.
 */
export type DocumentInput = string | URL | Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

export interface SubmitDocument {
  file?: DocumentInput;
  /** Who downloads an http(s) URL: the server (it refuses private addresses) or this client. */
  urlFetch?: 'server' | 'client';
}

/** The fields as sent: the request's JSON, or the form's parts. */
type SubmitFields = { fileName?: string; [field: string]: unknown };

type Body = Awaited<ReturnType<NonNullable<RequestSpec['body']>>>;

/** What the request sends: a JSON body or a body maker. */
export async function submitBody(
  fields: SubmitFields,
  document: SubmitDocument,
  fetcher: typeof fetch,
): Promise<Pick<RequestSpec, 'json' | 'body'>> {
  const { file, urlFetch = 'server' } = document;
  if (file === undefined) return { json: fields };
  if (file instanceof URL && (file.protocol === 'http:' || file.protocol === 'https:')) {
    if (urlFetch === 'server') return { json: { ...fields, url: file.href } };
    return { body: () => fromUrl(file, fields, fetcher) };
  }
  if (typeof file === 'string' || file instanceof URL) {
    const blob = await openFile(file);
    const fileName = fields.fileName ?? baseName(typeof file === 'string' ? file : file.pathname);
    return { body: async () => multipart(fields, blob, fileName) };
  }
  if (file instanceof ReadableStream) {
    let used = false;
    return {
      body: async () => {
        if (used) throw new TypeError('a stream document cannot be sent twice');
        used = true;
        return streamedMultipart(fields, file, fields.fileName ?? 'document');
      },
    };
  }
  const blob = file instanceof Blob ? file : new Blob([file instanceof ArrayBuffer ? file : copy(file)]);
  const fileName = fields.fileName ?? ((file as { name?: string }).name || 'document');
  return { body: async () => multipart(fields, blob, fileName) };
}

/** A Uint8Array whose buffer is an ArrayBuffer (a Blob part may not be a SharedArrayBuffer view). */
const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

async function fromUrl(url: URL, fields: SubmitFields, fetcher: typeof fetch): Promise<Body> {
  const response = await fetcher(url);
  if (!response.ok || !response.body) throw new TypeError(`GET ${url.href} → ${response.status}`);
  const fileName = fields.fileName ?? (baseName(url.pathname) || 'document');
  // Fetched again for each attempt: the upload can be retried.
  return streamedMultipart(fields, response.body, fileName, true);
}

/** A file as a Blob read from disk as it is sent (Node's fs.openAsBlob): loaded only when used. */
async function openFile(path: string | URL): Promise<Blob> {
  // A specifier in a variable: bundlers for browsers leave it alone, and the package needs no Node types.
  const nodeFs = 'node:fs';
  let fs: { openAsBlob(path: string | URL): Promise<Blob> };
  try {
    fs = await import(nodeFs);
  } catch (cause) {
    throw new TypeError('a file path needs Node (≥ 20); pass bytes, a Blob or a stream here', { cause });
  }
  return fs.openAsBlob(path);
}

const baseName = (path: string) => decodeURIComponent(path.split(/[\\/]/).pop() ?? '') || 'document';

/** Each field as the multipart form wants it: text as is, numbers as digits, objects as JSON. */
function formFields(fields: Record<string, unknown>): [string, string][] {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
}

function multipart(fields: SubmitFields, blob: Blob, fileName: string): Body {
  const form = new FormData();
  for (const [name, value] of formFields(fields)) if (name !== 'fileName') form.append(name, value);
  form.append('fileName', fileName);
  form.append('file', blob, fileName);
  return { body: form, replayable: true };
}

/**
 * multipart/form-data written around a stream, for inputs fetch's FormData cannot hold without
 * reading them whole first.
 */
function streamedMultipart(
  fields: SubmitFields,
  stream: ReadableStream<Uint8Array>,
  fileName: string,
  replayable = false,
): Body {
  const boundary = `----docjobs${crypto.getRandomValues(new Uint8Array(12)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '')}`;
  const encoder = new TextEncoder();
  const quoted = (text: string) => text.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));
  let head = '';
  for (const [name, value] of formFields({ ...fields, fileName })) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(fileName)}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const reader = stream.getReader();
  let stage: 'head' | 'file' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(encoder.encode(head));
        return;
      }
      if (stage === 'done') return;
      const { done, value } = await reader.read();
      if (!done) {
        controller.enqueue(value);
        return;
      }
      stage = 'done';
      controller.enqueue(encoder.encode(tail));
      controller.close();
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, replayable };
}
