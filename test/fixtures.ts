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
