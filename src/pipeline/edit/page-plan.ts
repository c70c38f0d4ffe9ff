/**
 * The page operations of an edit job on a plan of the new document: which page of which source
 * document each new page is, with the rotation it gains and what is to be redacted on it. Nothing
 * is drawn here; build-pdf.ts makes the PDF from the finished plan.
 */
import type { EditOperation } from '../../core/edit-operations.ts';
import { permanent } from '../../core/errors.ts';
import { isSelected, parsePageSelection } from '../../core/page-selection.ts';
import type { BoundingBox } from '../types.ts';

/** What a redaction removes from one page, in its source page's coordinates (points, top-left). */
export interface PageRedaction {
  /** Painted black (with anything under them). */
  boxes: BoundingBox[];
  /** The source page's words taken out of its text: `line:word` indexes of ParsedPage.lines. */
  removed: Set<string>;
  /** The text rules that ran on it: the re-parse of the new page must match none of them. */
  patterns: RegExp[];
}

export interface PlannedPage {
  /** Index into the edit's sources (0: the job's own document). */
  source: number;
  /** 1-based page of that source. */
  page: number;
  /** Clockwise degrees added to the page's own rotation. */
  rotation: number;
  redaction: PageRedaction | null;
}

export function initialPlan(source: number, pages: number): PlannedPage[] {
  return Array.from({ length: pages }, (_, k) => ({ source, page: k + 1, rotation: 0, redaction: null }));
}

/** The 0-based indexes of the plan's pages that `spec` selects (null: all), checked against its length. */
export function selectedIndexes(spec: string | null, plan: readonly PlannedPage[], at: string): number[] {
  if (spec === null) return plan.map((_, k) => k);
  const ranges = parsePageSelection(spec);
  if ('error' in ranges) throw permanent('VALIDATION_ERROR', `${at}: ${ranges.error}`);
  const past = ranges.find((range) => range.from > plan.length);
  if (past)
    throw permanent(
      'VALIDATION_ERROR',
      `${at}: page ${past.from} does not exist (the document has ${plan.length} pages at that point)`,
    );
  return plan.map((_, k) => k).filter((k) => isSelected(ranges, k + 1));
}

/**
 * A page operation applied to the plan (redact and merge are the caller's: they need documents).
 * `at` names the operation in an error.
 */
export function applyPageOperation(
  plan: PlannedPage[],
  operation: Exclude<EditOperation, { type: 'redact' | 'merge' }>,
  at: string,
): PlannedPage[] {
  switch (operation.type) {
    case 'rotate': {
      const chosen = new Set(selectedIndexes(operation.pages, plan, at));
      return plan.map((page, k) =>
        chosen.has(k) ? { ...page, rotation: (page.rotation + operation.degrees) % 360 } : page,
      );
    }
    case 'delete': {
      const gone = new Set(selectedIndexes(operation.pages, plan, at));
      const kept = plan.filter((_, k) => !gone.has(k));
      if (kept.length === 0) throw permanent('VALIDATION_ERROR', `${at}: it would delete every page`);
      return kept;
    }
    case 'extract': {
      const kept = new Set(selectedIndexes(operation.pages, plan, at));
      return plan.filter((_, k) => kept.has(k));
    }
    case 'reorder': {
      const { order } = operation;
      if (order.length !== plan.length || order.some((n) => n > plan.length))
        throw permanent(
          'VALIDATION_ERROR',
          `${at}: order must list each of the ${plan.length} pages once (it lists ${order.length})`,
        );
      return order.map((n) => plan[n - 1]!);
    }
  }
}
