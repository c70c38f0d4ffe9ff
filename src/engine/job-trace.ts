/**
 * What a job's trace shows (GET /v1/jobs/{id}/trace): its stages with timings, every OCR pass
 * with its score (so a quality-gated job shows both), and the engines that did the work.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JobRecord } from '../core/job.ts';
import type { OcrPass } from '../pipeline/ocr/ocr-pass.ts';
import { llmTokensUsed, type TaskCall } from '../pipeline/tasks/run-task.ts';
import type { EmbeddingRun } from '../services/index-chunks.ts';
import type { JobContent } from './job-content.ts';

const require = createRequire(import.meta.url);
const versionOf = (packageJson: string): string => (require(packageJson) as { version: string }).version;

/** Read once: engine versions do not change while the process runs. */
const engines = {
  docjobs: versionOf('../../package.json'),
  'pdfjs-dist': versionOf('pdfjs-dist/package.json'),
  'tesseract.js': versionOf('tesseract.js/package.json'),
  // sharp exports no package.json, and loading it to ask would cost ~20 MB before any image.
  sharp: versionOf(join(dirname(require.resolve('sharp')), '..', 'package.json')),
};

type ReadStage =
  | { stage: 'parsing'; ms: number; reusedFrom?: string[] }
  | { stage: 'ocr'; ms: number; passes: OcrPass[] };

/**
 * The chunks' embedding, after the task's calls: one entry for all the batches. `requests` counts
 * every HTTP request (batches and their retries: 3 batches and a 429 are 4), `tokens` what the
 * endpoint said it counted (0 when it does not say), `ms` the wall time with the retries' waits.
 */
interface EmbeddingStage {
  stage: 'embedding';
  engine: 'embeddings';
  ms: number;
  embeddings: { model: string; dims: number; texts: number; requests: number; tokens: number };
}

export interface JobTrace {
  jobId: string;
  attempt: number;
  /** Reading (parsing, or the parents' pages reused: `reusedFrom`), OCR, each engine call, embedding. */
  stages: (ReadStage | TaskCall | EmbeddingStage)[];
  engines: Record<string, string>;
  qualityScore: number | null;
  /** Tokens over every LLM call. */
  llmTokens?: number;
}

export function buildJobTrace(
  job: JobRecord,
  attempt: number,
  content: JobContent,
  calls: TaskCall[],
  embedding: EmbeddingRun | null = null,
): JobTrace {
  const stages: JobTrace['stages'] = [
    content.reusedFrom.length > 0
      ? { stage: 'parsing', ms: content.parseMs, reusedFrom: content.reusedFrom }
      : { stage: 'parsing', ms: content.parseMs },
  ];
  if (content.passes.length > 0) {
    const ms = content.passes.reduce((sum, pass) => sum + pass.ms, 0);
    stages.push({ stage: 'ocr', ms, passes: content.passes });
  }
  stages.push(...calls);
  if (embedding) {
    const { ms, model, dims, texts, requests, tokens } = embedding;
    stages.push({
      stage: 'embedding',
      engine: 'embeddings',
      ms,
      embeddings: { model, dims, texts, requests, tokens },
    });
  }
  const llmTokens = llmTokensUsed(calls);
  return {
    jobId: job.id,
    attempt,
    stages,
    engines,
    qualityScore: content.document.qualityScore ?? null,
    ...(llmTokens > 0 ? { llmTokens } : {}),
  };
}
