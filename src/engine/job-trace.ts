/**
 * What a job's trace shows (GET /v1/jobs/{id}/trace): its stages with timings, every OCR pass
 * with its score (so a quality-gated job shows both), and the engines that did the work.
 */
import { createRequire } from 'node:module';
import sharp from 'sharp';
import type { JobRecord } from '../core/job.ts';
import type { OcrPass } from '../pipeline/ocr-pass.ts';
import type { ReadOutcome } from '../pipeline/read-document.ts';

const require = createRequire(import.meta.url);
const versionOf = (packageJson: string): string => (require(packageJson) as { version: string }).version;

/** Read once: engine versions do not change while the process runs. */
const engines = {
  docjobs: versionOf('../../package.json'),
  'pdfjs-dist': versionOf('pdfjs-dist/package.json'),
  'tesseract.js': versionOf('tesseract.js/package.json'),
  sharp: sharp.versions.sharp,
};

export interface JobTrace {
  jobId: string;
  attempt: number;
  stages: { stage: 'parsing' | 'ocr'; ms: number; passes?: OcrPass[] }[];
  engines: Record<string, string>;
  qualityScore: number | null;
}

export function traceOf(job: JobRecord, attempt: number, read: ReadOutcome): JobTrace {
  const stages: JobTrace['stages'] = [{ stage: 'parsing', ms: read.parseMs }];
  if (read.passes.length > 0) {
    const ms = read.passes.reduce((sum, pass) => sum + pass.ms, 0);
    stages.push({ stage: 'ocr', ms, passes: read.passes });
  }
  return { jobId: job.id, attempt, stages, engines, qualityScore: read.document.qualityScore ?? null };
}
