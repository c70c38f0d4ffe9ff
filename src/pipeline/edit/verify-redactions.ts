/**
 * The proof of a redaction: the new PDF parsed again by our own pipeline. Each redacted page's
 * lines are matched against the text rules that ran on it, and no word may sit inside a painted
 * box (what evidence-box redactions rely on). Either fails the job (permanently: the same input
 * would leak the same way) instead of handing out a PDF that still holds the text.
 */
import { permanent } from '../../core/errors.ts';
import type { BoundingBox, ParsedDocument } from '../types.ts';
import { matchSpans } from './find-redactions.ts';
import type { PlannedPage } from './page-plan.ts';

/** Half a point: a word put back at its place is inside its box to within rounding. */
const slack = 0.5;

export function verifyRedactions(
  parsed: ParsedDocument,
  plan: readonly PlannedPage[],
  painted: ReadonlyMap<number, readonly BoundingBox[]> = new Map(),
): void {
  for (const [k, planned] of plan.entries()) {
    if (!planned.redaction) continue;
    const page = parsed.pages.find((candidate) => candidate.page === k + 1);
    const lines = page?.lines?.map((line) => line.words.map((word) => word.text).join(' ')) ?? [
      page?.text ?? '',
    ];
    for (const pattern of planned.redaction.patterns) {
      if (lines.some((line) => matchSpans(pattern, line).length > 0))
        throw leak(k + 1, `still matches ${pattern}`);
    }
    // Boxes are in the source page's coordinates: the same as the new page's unless it was turned.
    if (planned.rotation % 360 !== 0) continue;
    const boxes = painted.get(k) ?? [];
    for (const word of (page?.lines ?? []).flatMap((line) => line.words)) {
      const [x0, y0, x1, y1] = word.bbox;
      const inside = boxes.some(
        (box) => x0 >= box[0] - slack && y0 >= box[1] - slack && x1 <= box[2] + slack && y1 <= box[3] + slack,
      );
      if (inside) throw leak(k + 1, `has the word "${word.text}" inside a redacted box`);
    }
  }
}

const leak = (page: number, what: string) =>
  permanent(
    'INTERNAL_ERROR',
    `redaction check failed: page ${page} of the new PDF ${what} when parsed again; no PDF was kept`,
  );
