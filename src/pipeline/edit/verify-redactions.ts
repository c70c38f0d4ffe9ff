/**
 * The proof of a redaction: the new PDF parsed again by our own pipeline, and each redacted page's
 * lines matched against the text rules that ran on it. A match fails the job (permanently: the
 * same input would leak the same way) instead of handing out a PDF that still holds the text.
 */
import { permanent } from '../../core/errors.ts';
import type { ParsedDocument } from '../types.ts';
import { matchSpans } from './find-redactions.ts';
import type { PlannedPage } from './page-plan.ts';

export function verifyRedactions(parsed: ParsedDocument, plan: readonly PlannedPage[]): void {
  for (const [k, planned] of plan.entries()) {
    if (!planned.redaction) continue;
    const page = parsed.pages.find((candidate) => candidate.page === k + 1);
    const lines = page?.lines?.map((line) => line.words.map((word) => word.text).join(' ')) ?? [
      page?.text ?? '',
    ];
    for (const pattern of planned.redaction.patterns) {
      const left = lines.find((line) => matchSpans(pattern, line).length > 0);
      if (left !== undefined)
        throw permanent(
          'INTERNAL_ERROR',
          `redaction check failed: page ${k + 1} of the new PDF still matches ${pattern} when parsed again; no PDF was kept`,
        );
    }
  }
}
