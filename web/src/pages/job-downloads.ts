import type { Docjobs, Job, ResultFormat } from '@docjobs/client';

/** One file the job page offers: a name to save it as, and how to fetch its bytes. */
export interface Download {
  key: string;
  label: string;
  fileName: string;
  load: (client: Docjobs, signal: AbortSignal) => Promise<Blob>;
}

const extensions: Record<ResultFormat, string> = {
  json: 'json',
  markdown: 'md',
  text: 'txt',
  html: 'html',
  jsonl: 'jsonl',
  csv: 'csv',
};

/** What each rendering holds, by job type (services/job-result.ts decides them). */
function formatLabel(format: ResultFormat, type: Job['type']): string {
  const rows = type === 'parse' ? 'pages or chunks' : type === 'chunk' ? 'chunks' : 'rows';
  switch (format) {
    case 'json':
      return 'Result (JSON)';
    case 'markdown':
      return 'Markdown';
    case 'text':
      return 'Plain text';
    case 'html':
      return 'HTML';
    case 'jsonl':
      return `JSON lines (${rows})`;
    case 'csv':
      return type === 'parse' ? 'CSV (tables)' : `CSV (${rows})`;
  }
}

/**
 * The job types whose PDF is at GET /v1/jobs/{id}/output: edit, and fill and generate as they are
 * added (strings, so this compiles before the client's JobType lists them).
 */
const outputTypes: readonly string[] = ['edit', 'fill', 'generate'];

const asBlob = (stream: ReadableStream<Uint8Array>, type: string) =>
  new Response(stream, { headers: { 'content-type': type } }).blob();

const stem = (job: Job) => (job.fileName ?? job.id).replace(/\.[^.]+$/, '') || job.id;

/**
 * The original document, every rendering of the result (GET /v1/jobs/{id}/result?format=…), and
 * the files an edit or split job made. Results exist once the job completed (or ended partial).
 */
export function downloadsOf(job: Job, splitParts: readonly { part: number; document: string | null }[]) {
  const list: Download[] = [
    {
      key: 'document',
      label: 'Original document',
      fileName: job.fileName ?? `${job.id}`,
      load: async (client, signal) =>
        asBlob(await client.document(job.id, { signal }), job.mimeType ?? 'application/octet-stream'),
    },
  ];
  if (job.status !== 'completed' && job.status !== 'partial') return list;
  for (const format of Object.keys(extensions) as ResultFormat[]) {
    list.push({
      key: format,
      label: formatLabel(format, job.type),
      fileName: `${stem(job)}.${extensions[format]}`,
      load: async (client, signal) =>
        asBlob(await client.result(job.id, { format, as: 'stream', signal }), mediaType(format)),
    });
  }
  if (outputTypes.includes(job.type)) {
    list.push({
      key: 'output',
      label: 'Output PDF',
      fileName: `${stem(job)}-${job.type}.pdf`,
      load: async (client, signal) => asBlob(await client.output(job.id, { signal }), 'application/pdf'),
    });
  }
  for (const part of splitParts) {
    if (!part.document) continue;
    list.push({
      key: `part-${part.part}`,
      label: `Part ${part.part} (PDF)`,
      fileName: `${stem(job)}-part-${part.part}.pdf`,
      load: async (client, signal) =>
        asBlob(await client.part(job.id, part.part, { signal }), 'application/pdf'),
    });
  }
  return list;
}

function mediaType(format: ResultFormat): string {
  if (format === 'json') return 'application/json';
  if (format === 'jsonl') return 'application/x-ndjson';
  if (format === 'markdown') return 'text/markdown';
  return `text/${format === 'text' ? 'plain' : format}`;
}

/** Saves a Blob as a file: an object URL on a temporary link, revoked once the click is handled. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference once started; a minute covers a slow disk prompt.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
