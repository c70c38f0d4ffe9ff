import { makePdf } from '../src/pipeline/testing/fixtures.ts';

export { makeDocx, makePaperPdf, makePdf } from '../src/pipeline/testing/fixtures.ts';

/** A valid PDF with one page per string, each line drawn in 12 pt Helvetica. */
export function makeTextPdf(pages: string[]): Uint8Array {
  return makePdf(
    pages.map((text) => ({
      lines: text
        .split('\n')
        .filter(Boolean)
        .map((line, i): [number, number, number, string] => [12, 72, 72 + i * 16, line]),
    })),
  );
}

/** A PDF long enough to keep a worker busy for several seconds (parsing runs ~60 pages/s per core). */
export function makeLongPdf(pageCount: number): Uint8Array {
  const line = 'The quick brown fox jumps over the lazy dog while the worker keeps parsing page';
  return makeTextPdf(
    Array.from({ length: pageCount }, (_, page) =>
      Array.from({ length: 40 }, (_, i) => `${line} ${page + 1} line ${i + 1}`).join('\n'),
    ),
  );
}

/**
 * A ruled two-column parts list that starts at the foot of page 1 and goes on at the top of page 2
 * under its header row again, then text.
 */
export function tableOverPageBreak(): Uint8Array {
  const page = (
    intro: [number, string] | null,
    rows: string[][],
    top: number,
    outro: [number, string] | null,
  ) => {
    const lines: [number, number, number, string][] = [];
    if (intro) lines.push([10, 72, intro[0], intro[1]]);
    const rules: [number, number, number, number][] = [];
    rows.forEach(([name, qty], k) => {
      const y = top + 20 * k;
      lines.push([10, 77, y + 14, name!], [10, 257, y + 14, qty!]);
      rules.push([72, y, 432, y]);
    });
    const bottom = top + 20 * rows.length;
    rules.push(
      [72, bottom, 432, bottom],
      [72, top, 72, bottom],
      [252, top, 252, bottom],
      [432, top, 432, bottom],
    );
    if (outro) lines.push([10, 72, outro[0], outro[1]]);
    return { lines, rules };
  };
  const header = ['Part', 'Quantity'];
  return makePdf([
    page(
      [600, 'The parts we ordered are listed below.'],
      [header, ['Bolts', '40'], ['Nuts', '35']],
      640,
      null,
    ),
    page(null, [header, ['Washers', '80'], ['Pins', '12']], 72, [160, 'Delivery is due in March.']),
  ]);
}
