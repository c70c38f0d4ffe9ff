/**
 * `options.pages`: which pages a parse job reads, as a printer dialog writes them — "1-3,7", "5",
 * "10-" (to the end). 1-based and inclusive. Checked at submit; a range past the document's end is
 * cut at its end, and a selection that leaves no page of the document fails the job.
 */
export interface PageRange {
  from: number;
  /** null: to the last page. */
  to: number | null;
}

/** At most this many comma-separated parts: a selection is written by a person or a simple loop. */
const maxParts = 200;
const maxPage = 1_000_000;

export function parsePageSelection(spec: string): PageRange[] | { error: string } {
  const parts = spec.split(',').map((part) => part.trim());
  if (spec.trim() === '' || parts.length > maxParts) {
    return { error: `pages is a list of at most ${maxParts} pages or ranges, like "1-3,7" or "10-"` };
  }
  const ranges: PageRange[] = [];
  for (const part of parts) {
    const match = /^(\d{1,7})(?:\s*(-)\s*(\d{1,7})?)?$/.exec(part);
    const from = Number(match?.[1]);
    const to = match?.[2] ? (match[3] === undefined ? null : Number(match[3])) : from;
    if (!match || from < 1 || from > maxPage || (to !== null && (to < from || to > maxPage))) {
      return { error: `pages: "${part}" is not a page or an ascending range like "2-5" or "10-"` };
    }
    ranges.push({ from, to });
  }
  return ranges;
}

/** Whether page `n` is selected; every page is when there is no selection. */
export function isSelected(ranges: readonly PageRange[] | null, n: number): boolean {
  return ranges === null || ranges.some((range) => n >= range.from && (range.to === null || n <= range.to));
}
