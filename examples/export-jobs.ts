/**
 * Export every job of the last day that completed, as CSV, streamed to a file: any number of jobs
 * in constant memory.
 *
 *   node examples/export-jobs.ts [OUT_FILE]
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { connect } from './connect.ts';

const docjobs = connect();
const out = process.argv[2] ?? 'jobs.csv';
const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();

const body = await docjobs.export({ format: 'csv', status: ['completed'], createdAfter: since });
await pipeline(Readable.fromWeb(body as ReadableStream<Uint8Array>), createWriteStream(out));

// The list is the same filter, page by page, as an async iterator.
let count = 0;
for await (const job of docjobs.list({ status: ['completed'], createdAfter: since, limit: 100 })) {
  if (job.id) count++;
}
console.log(`wrote ${out}: ${count} completed job(s) since ${since}`);
