import { mkdir, open } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
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
  body: string | Uint8Array,
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
    try {
      await file.writeFile(body);
    } finally {
      await file.close();
    }
    return path;
  }
  throw new Error(`${join(dir, `${stem}.${jobId}.${extensions[format]}`)} exists already`);
}
