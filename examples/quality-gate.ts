/**
 * Submit with a quality gate: when the parsed text scores below `minQuality`, the client runs the
 * job again with stronger OCR (premium, then the other engine) and keeps the first that passes.
 *
 *   node examples/quality-gate.ts [FILE] [MIN_QUALITY]
 */
import { QualityGateError } from '@docjobs/client';
import { connect, documentArgument } from './connect.ts';

const docjobs = connect();
const file = documentArgument('invoice.html');
const minQuality = Number(process.argv[3] ?? 0.8);

try {
  const { job, passed, attempts } = await docjobs.submitWithQualityGate(
    { file, type: 'parse' },
    { minQuality, timeoutMs: 300_000 },
  );
  for (const [n, attempt] of attempts.entries())
    console.log(
      `attempt ${n + 1}: ${attempt.id} quality ${attempt.qualityScore} (${attempt.qualityCategory})`,
    );
  console.log(`${passed ? 'passed' : 'kept the best'}: ${job.id}`);
} catch (error) {
  if (!(error instanceof QualityGateError)) throw error;
  // No attempt reached the gate: each is in `attempts`, for a person to look at.
  console.log(`below ${error.minQuality} after ${error.attempts.length} attempts: ${error.message}`);
  process.exitCode = 1;
}
