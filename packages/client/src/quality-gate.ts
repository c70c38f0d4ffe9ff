/**
 * submitWithQualityGate, after DocuDevs' submit_and_process_with_quality_gate: a job whose
 * quality is below the gate runs again with stronger OCR instead of handing poor text on. The
 * server already re-runs OCR in premium mode for `minQuality` inside one job; the gate goes
 * further (OCR forced on pages with a text layer, then the other engine) and also judges an
 * extraction's lowest field confidence, which OCR settings alone do not cover.
 */
import { QualityGateError } from './errors.ts';
import type { WaitOptions } from './follow-job.ts';
import type { CallOptions, SubmitInput } from './submit-input.ts';
import type { Job, JobType } from './types.ts';

export interface QualityGateOptions extends WaitOptions {
  /** The lowest `qualityScore` (0-1) accepted. */
  minQuality?: number;
  /** The lowest `minConfidence` (an extraction's weakest field, 0-1) accepted. */
  minConfidence?: number;
  /**
   * The options of each attempt after the first, merged over the submitted ones. Default: OCR
   * forced in premium mode, then the same with tesseract.
   */
  escalation?: Record<string, unknown>[];
  /** When no attempt passes: return the best one instead of throwing QualityGateError. */
  returnBest?: boolean;
}

export interface QualityGateOutcome<T extends JobType> {
  /** The job that passed (or, with returnBest, the best one). */
  job: Job<T>;
  passed: boolean;
  /** Every job run, first to last. */
  attempts: Job<T>[];
}

export const defaultEscalation: Record<string, unknown>[] = [
  { ocr: 'force', ocrMode: 'premium' },
  { ocr: 'force', ocrMode: 'premium', ocrEngine: 'tesseract' },
];

/** What the gate needs of the client (Docjobs has it; an interface keeps this file below it). */
export interface GateClient {
  submitAndWait<T extends JobType>(input: SubmitInput<T>, options: WaitOptions): Promise<Job<T>>;
  document(job: Job, options?: CallOptions): Promise<ReadableStream<Uint8Array>>;
}

export async function qualityGate<T extends JobType>(
  client: GateClient,
  input: SubmitInput<T>,
  gate: QualityGateOptions,
): Promise<QualityGateOutcome<T>> {
  const { minQuality, minConfidence, escalation = defaultEscalation, returnBest, ...wait } = gate;
  if (minQuality === undefined && minConfidence === undefined) {
    throw new TypeError('submitWithQualityGate needs minQuality or minConfidence');
  }
  const passes = (job: Job) =>
    (minQuality === undefined || (job.qualityScore ?? 0) >= minQuality) &&
    (minConfidence === undefined || (job.minConfidence ?? 0) >= minConfidence);
  const attempts: Job<T>[] = [];
  let file = input.file;
  const given = (input as { options?: Record<string, unknown> }).options;
  for (const extra of [{}, ...escalation]) {
    // The first attempt may carry the caller's key; later ones are other requests.
    const next = {
      ...input,
      file,
      options: { ...given, ...extra },
      idempotencyKey: attempts.length === 0 ? input.idempotencyKey : undefined,
    } as SubmitInput<T>;
    const job = await client.submitAndWait<T>(next, wait);
    attempts.push(job);
    if (passes(job)) return { job, passed: true, attempts };
    // A stream is read once: the next attempts send the document the server kept.
    if (file instanceof ReadableStream) file = await new Response(await client.document(job)).blob();
  }
  if (!returnBest) throw new QualityGateError(attempts, minQuality ?? minConfidence!);
  const score = (job: Job) => (job.qualityScore ?? 0) + (job.minConfidence ?? 0);
  const best = attempts.reduce((a, b) => (score(b) > score(a) ? b : a));
  return { job: best, passed: false, attempts };
}
