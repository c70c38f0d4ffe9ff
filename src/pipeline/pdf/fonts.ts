/**
 * A line's font, from its runs. pdfjs' text content names each run's font
 * only by a per-document id ("g_d0_f3") and says whether it is fixed-pitch;
 * the real name ("Times-Bold") would cost a second pass over the page
 * (getOperatorList, ~as much again as the text itself). A line set wholly in
 * a font that is rare in the document, at body size, is emphasis (bold or
 * italic): enough to find run-in headings without knowing which.
 */
/** 90%: a line-initial bullet or a digit in another font still leaves the line "in" its fonts. */
const WHOLE_LINE = 0.9;

/**
 * Words of one line set at sizes this far apart are not code: a scan's invisible OCR layer is set
 * in a fixed-pitch "glyphless" font, each word scaled to its box (sizes 2.7 to 4.1 pt on one line
 * of a Google Books page), and would read as a code block.
 */
const MONO_SIZE_SPREAD = 1.15;

export function lineFont(runs: readonly { str: string; font?: string; mono?: boolean; size?: number }[]): {
  fonts?: string[];
  mono?: boolean;
} {
  const chars = new Map<string, number>();
  let total = 0;
  let mono = 0;
  for (const run of runs) {
    const n = run.str.replace(/\s/g, '').length;
    total += n;
    if (run.mono) mono += n;
    if (run.font && n > 0) chars.set(run.font, (chars.get(run.font) ?? 0) + n);
  }
  const out: { fonts?: string[]; mono?: boolean } = {};
  if (total === 0) return out;
  // Most characters first; a font under 10% of the line (a bullet, a footnote mark) does not count.
  const fonts = [...chars].filter(([, n]) => n >= (1 - WHOLE_LINE) * total).sort((a, b) => b[1] - a[1]);
  if (fonts.length > 0) out.fonts = fonts.map(([f]) => f);
  const sizes = runs.map((r) => r.size ?? 0).filter((n) => n > 0);
  const even = sizes.length === 0 || Math.max(...sizes) <= MONO_SIZE_SPREAD * Math.min(...sizes);
  if (mono >= WHOLE_LINE * total && even) out.mono = true;
  return out;
}
