import { createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { ResultFormat } from '../core/result-format.ts';

const extensions: Record<ResultFormat, string> = {
  json: 'json',
  markdown: 'md',
  text: 'txt',
  jsonl: 'jsonl',
  csv: 'csv',
  html: 'html',
};

/**
 * Where `submit --out DIR` writes each result: the document's name with the format's extension
 * (invoice.pdf → invoice.md). Two documents of the same name (a/x.pdf, b/x.pdf) must not overwrite
 * each other: the second gets its job id (x.job_….md). The file is created exclusively, so a
 * result already there from an earlier run is kept too.
 */
export async function writeResultFile(
  dir: string,
  document: string,
  jobId: string,
  format: ResultFormat,
  body: globalThis.ReadableStream<Uint8Array>,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stem = basename(document, extname(document));
  for (const name of [`${stem}.${extensions[format]}`, `${stem}.${jobId}.${extensions[format]}`]) {
    const path = join(dir, name);
    const file = await open(path, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return null;
      throw error;
    });
    if (!file) continue;
    await writeStream(body, createWriteStream(path, { fd: file }));
    return path;
  }
  throw new Error(`${join(dir, `${stem}.${jobId}.${extensions[format]}`)} exists already`);
}

/**
 * A body from the server, streamed to stdout or a file as it comes: an export of every job, or
 * a chunk job's JSONL, is never held whole. stdout is left open (other results may follow).
 */
export async function writeStream(body: globalThis.ReadableStream<Uint8Array>, to: Writable): Promise<void> {
  const source = Readable.fromWeb(body as ReadableStream<Uint8Array>);
  await pipeline(source, to, { end: to !== process.stdout });
}
